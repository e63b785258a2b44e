import { randomBytes } from "node:crypto";
import { buildAuthorization, normalizeAlgorithm, parseAuthParams } from "../sip-core";
import type { SipRequest, SipResponse } from "../sip-core";
import { cloneRequest } from "./requests";

export interface Credentials {
  username: string;
  password: string;
}

/** The challenge the agent answers and the header its answer goes in. */
export interface ChosenChallenge {
  /** The whole WWW-Authenticate / Proxy-Authenticate value. */
  challenge: string;
  algorithm: string;
  header: "Authorization" | "Proxy-Authorization";
}

/** Base algorithms sip-core/auth computes, strongest first (the RFC 8760 §2.4 preference order). */
const PREFERENCE = ["SHA-512-256", "SHA-256", "MD5"];

/**
 * Picks the challenge of a 401/407 to answer: the strongest algorithm offered that sip-core
 * supports, the topmost among equals. RFC 8760 §2.4 has the server list its challenges in order
 * of preference (SHA-512-256, SHA-256, MD5) and the UAC take the topmost it supports; against such
 * a server both rules agree, and against one that lists MD5 first the agent still prefers SHA-256.
 * A challenge without `algorithm` means MD5 (RFC 2617 §3.2.1).
 */
export function chooseChallenge(response: SipResponse): ChosenChallenge | undefined {
  const source = response.status === 407 ? "proxy-authenticate" : "www-authenticate";
  const header = response.status === 407 ? "Proxy-Authorization" : "Authorization";
  let best: ChosenChallenge | undefined;
  let bestRank = PREFERENCE.length;
  for (const [name, value] of response.headers.entries()) {
    if (name.toLowerCase() !== source) continue;
    const parsed = parseAuthParams(value);
    if (!parsed || parsed.scheme.toLowerCase() !== "digest") continue;
    const algorithm = normalizeAlgorithm(parsed.params.algorithm);
    const rank = algorithm ? PREFERENCE.indexOf(algorithm.replace(/-sess$/, "")) : -1;
    if (!algorithm || rank === -1 || rank >= bestRank) continue;
    best = { challenge: value, algorithm, header };
    bestRank = rank;
  }
  return best;
}

/**
 * The request answering `challengeResponse`, or undefined when it offers no Digest challenge with
 * a supported algorithm. The copy gets `cseq` and a credentials header; the transaction layer adds
 * a fresh Via. Throws sip-core's `SIP_ERR_AUTH` error for a challenge it cannot answer (e.g. no
 * nonce, or only an unknown qop).
 */
export function answerChallenge(
  request: SipRequest,
  challengeResponse: SipResponse,
  credentials: Credentials,
  cseq: number,
): SipRequest | undefined {
  if (challengeResponse.status !== 401 && challengeResponse.status !== 407) return undefined;
  const chosen = chooseChallenge(challengeResponse);
  if (!chosen) return undefined;
  const retry = cloneRequest(request);
  // RFC 3261 §22.2: "When a UAC resubmits a request with its credentials after receiving a 401
  // (Unauthorized) or 407 (Proxy Authentication Required) response, it MUST increment the CSeq
  // header field value as it would normally when sending an updated request." Call-ID, To and
  // From stay (§8.1.3.5).
  retry.headers.set("CSeq", `${cseq} ${request.method}`);
  retry.headers.delete("Via");
  const value = buildAuthorization(chosen.challenge, {
    username: credentials.username,
    password: credentials.password,
    method: request.method,
    uri: request.uri,
    nc: 1,
    cnonce: randomBytes(8).toString("hex"),
    body: request.body,
  });
  retry.headers.append(chosen.header, value);
  return retry;
}
