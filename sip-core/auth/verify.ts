// Server-side check of Digest credentials (RFC 2617 §3.2.2, RFC 3261 §22.4, RFC 8760).
import { timingSafeEqual } from "node:crypto";
import { parseAuthParams } from "./auth-params";
import { computeDigest, normalizeAlgorithm, type DigestAlgorithm } from "./digest";

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  qop?: string;
  nc?: string;
  cnonce?: string;
  opaque?: string;
}

export type DigestFailure =
  "malformed" | "scheme" | "algorithm" | "qop" | "realm" | "uri" | "unknown-user" | "mismatch";

export type DigestVerification =
  | { ok: true; credentials: DigestCredentials }
  | { ok: false; reason: DigestFailure; credentials?: DigestCredentials };

export interface VerifyOptions {
  method: string;
  /** The password, or a lookup by username and realm (undefined = unknown user). */
  password?: string | ((username: string, realm: string) => string | undefined);
  /** H(username:realm:password), or a lookup; used instead of `password` when given. */
  ha1?: string | ((username: string, realm: string, algorithm: DigestAlgorithm) => string | undefined);
  /** When set, the credentials must carry this realm. */
  realm?: string;
  /**
   * When set, the `uri` directive must equal it. RFC 2617 §3.2.2.5: the server "SHOULD check that
   * the URI in the request line and the URI in the digest-uri are the same".
   */
  requestUri?: string;
  /** Message body, for qop=auth-int. */
  body?: Buffer;
}

function readCredentials(value: string): DigestVerification {
  const parsed = parseAuthParams(value);
  if (!parsed) return { ok: false, reason: "malformed" };
  if (parsed.scheme.toLowerCase() !== "digest") return { ok: false, reason: "scheme" };
  const p = parsed.params;
  if (!p.username || p.realm === undefined || !p.nonce || !p.uri || !p.response) {
    return { ok: false, reason: "malformed" };
  }
  const algorithm = normalizeAlgorithm(p.algorithm);
  if (!algorithm) return { ok: false, reason: "algorithm" };
  const credentials: DigestCredentials = {
    username: p.username,
    realm: p.realm,
    nonce: p.nonce,
    uri: p.uri,
    response: p.response.toLowerCase(),
    algorithm,
  };
  for (const key of ["qop", "nc", "cnonce", "opaque"] as const)
    if (p[key] !== undefined) credentials[key] = p[key];
  if (credentials.qop !== undefined) {
    const qop = credentials.qop.toLowerCase();
    // RFC 2617 §3.2.2: cnonce and nc "MUST be specified if a qop directive is sent".
    if (qop !== "auth" && qop !== "auth-int") return { ok: false, reason: "qop", credentials };
    if (!credentials.cnonce || !/^[0-9a-fA-F]{8}$/.test(credentials.nc ?? "")) {
      return { ok: false, reason: "malformed", credentials };
    }
  }
  return { ok: true, credentials };
}

function lookupHa1(
  c: DigestCredentials,
  opts: VerifyOptions,
): { ha1?: string; password?: string } | undefined {
  if (opts.ha1 !== undefined) {
    const ha1 = typeof opts.ha1 === "string" ? opts.ha1 : opts.ha1(c.username, c.realm, c.algorithm);
    return ha1 === undefined ? undefined : { ha1 };
  }
  if (opts.password === undefined) return undefined;
  const password = typeof opts.password === "string" ? opts.password : opts.password(c.username, c.realm);
  return password === undefined ? undefined : { password };
}

/**
 * Checks Digest credentials and says why they fail. Nonce freshness and nc replay are the
 * caller's business: `credentials.nonce` and `credentials.nc` are returned for that.
 */
export function verifyDigest(credentialsValue: string, opts: VerifyOptions): DigestVerification {
  const read = readCredentials(credentialsValue);
  if (!read.ok) return read;
  const c = read.credentials;
  if (opts.realm !== undefined && c.realm !== opts.realm)
    return { ok: false, reason: "realm", credentials: c };
  if (opts.requestUri !== undefined && c.uri !== opts.requestUri)
    return { ok: false, reason: "uri", credentials: c };
  const secret = lookupHa1(c, opts);
  if (!secret) return { ok: false, reason: "unknown-user", credentials: c };
  const expected = computeDigest({ ...c, ...secret, method: opts.method, body: opts.body });
  const a = Buffer.from(expected, "latin1");
  const b = Buffer.from(c.response, "latin1");
  if (a.length !== b.length || !timingSafeEqual(a, b))
    return { ok: false, reason: "mismatch", credentials: c };
  return { ok: true, credentials: c };
}

/** True when the credentials are valid for `opts` (see verifyDigest for the reason when not). */
export function verifyAuthorization(credentialsValue: string, opts: VerifyOptions): boolean {
  return verifyDigest(credentialsValue, opts).ok;
}
