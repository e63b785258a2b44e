// HTTP Digest for SIP: RFC 2617 (MD5, qop=auth, legacy no-qop), RFC 7616 / RFC 8760 (SHA-256, SHA-512-256).
import { createHash, randomBytes } from "node:crypto";
import { SipError } from "../message/message";
import { authParam, parseAuthParams } from "./auth-params";

export type DigestAlgorithm =
  "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess" | "SHA-512-256" | "SHA-512-256-sess";

const HASHES: Record<string, string> = { MD5: "md5", "SHA-256": "sha256", "SHA-512-256": "sha512-256" };

/** Canonical spelling of a supported algorithm (case-insensitive; absent means MD5, RFC 2617 §3.2.1). */
export function normalizeAlgorithm(name: string | undefined): DigestAlgorithm | undefined {
  const upper = (name ?? "MD5").trim().toUpperCase();
  const sess = upper.endsWith("-SESS");
  const base = sess ? upper.slice(0, -5) : upper;
  if (!(base in HASHES)) return undefined;
  return (sess ? `${base}-sess` : base) as DigestAlgorithm;
}

function hasher(algorithm: DigestAlgorithm): (text: string | Buffer) => string {
  const name = HASHES[algorithm.replace(/-sess$/, "")];
  return (text) => createHash(name).update(text).digest("hex");
}

function requireAlgorithm(name: string | undefined): DigestAlgorithm {
  const algorithm = normalizeAlgorithm(name);
  if (!algorithm) throw new SipError("SIP_ERR_AUTH", `unsupported digest algorithm "${name}"`);
  return algorithm;
}

/** `nc` as 8 lower-case hex digits (RFC 2617 §3.2.2); a string is used as received. */
export function formatNonceCount(nc: number | string): string {
  return typeof nc === "string" ? nc : nc.toString(16).padStart(8, "0");
}

/** H(username:realm:password), the value a server may store instead of the password. */
export function computeHA1(algorithm: string, username: string, realm: string, password: string): string {
  return hasher(requireAlgorithm(algorithm))(`${username}:${realm}:${password}`);
}

export interface DigestInput {
  /** "MD5" (default), "SHA-256", "SHA-512-256", each optionally "-sess"; case-insensitive. */
  algorithm?: string;
  username: string;
  realm: string;
  password?: string;
  /** H(username:realm:password) instead of the password (for -sess, the non-session HA1). */
  ha1?: string;
  method: string;
  uri: string;
  nonce: string;
  /** "auth", "auth-int", or absent for the RFC 2069 compatible form. */
  qop?: string;
  nc?: number | string;
  cnonce?: string;
  /** Message body, for qop=auth-int. */
  body?: Buffer;
}

/**
 * The `response` value (lower-case hex). RFC 2617 §3.2.2.1: with qop,
 * `KD(H(A1), nonce:nc:cnonce:qop:H(A2))`; without, `KD(H(A1), nonce:H(A2))`; A2 is `method:uri`
 * (plus `:H(body)` for auth-int). Every result depends on HA1, so odd qop values from a client can
 * be fed in safely. Throws `SipError("SIP_ERR_AUTH")` for an unsupported algorithm or when neither
 * password nor ha1 is given.
 */
export function computeDigest(input: DigestInput): string {
  const algorithm = requireAlgorithm(input.algorithm);
  const H = hasher(algorithm);
  let ha1 = input.ha1?.toLowerCase();
  if (ha1 === undefined) {
    if (input.password === undefined)
      throw new SipError("SIP_ERR_AUTH", "computeDigest needs a password or ha1");
    ha1 = H(`${input.username}:${input.realm}:${input.password}`);
  }
  const cnonce = input.cnonce ?? "";
  if (algorithm.endsWith("-sess")) ha1 = H(`${ha1}:${input.nonce}:${cnonce}`);
  const qop = input.qop ?? "";
  const a2 =
    qop.toLowerCase() === "auth-int"
      ? `${input.method}:${input.uri}:${H(input.body ?? Buffer.alloc(0))}`
      : `${input.method}:${input.uri}`;
  const ha2 = H(a2);
  if (qop === "") return H(`${ha1}:${input.nonce}:${ha2}`);
  const nc = formatNonceCount(input.nc ?? "");
  return H(`${ha1}:${input.nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
}

export interface ChallengeOptions {
  realm: string;
  nonce: string;
  algorithm?: DigestAlgorithm;
  /** Offered qop; null for the legacy form without qop. Default "auth". */
  qop?: string | null;
  opaque?: string;
  stale?: boolean;
}

/** A WWW-Authenticate / Proxy-Authenticate value. */
export function buildChallenge(opts: ChallengeOptions): string {
  const parts = [authParam("realm", opts.realm, true), authParam("nonce", opts.nonce, true)];
  if (opts.opaque !== undefined) parts.push(authParam("opaque", opts.opaque, true));
  parts.push(authParam("algorithm", opts.algorithm ?? "MD5", false));
  const qop = opts.qop === undefined ? "auth" : opts.qop;
  if (qop !== null) parts.push(authParam("qop", qop, true));
  if (opts.stale) parts.push("stale=true");
  return `Digest ${parts.join(", ")}`;
}

/**
 * The first Digest challenge whose algorithm is supported. RFC 8760 §2.4: the server lists its
 * challenges "in order of preference", and the UAC uses the topmost one it supports.
 */
export function selectChallenge(values: readonly string[]): string | undefined {
  return values.find((v) => {
    const parsed = parseAuthParams(v);
    return (
      parsed?.scheme.toLowerCase() === "digest" && normalizeAlgorithm(parsed.params.algorithm) !== undefined
    );
  });
}

export interface AuthorizationOptions {
  username: string;
  password?: string;
  ha1?: string;
  method: string;
  uri: string;
  /** Nonce count, default 1. */
  nc?: number;
  /** Client nonce, default 128 random bits. */
  cnonce?: string;
  /** Body, used when only qop=auth-int is offered. */
  body?: Buffer;
}

/**
 * Answers a challenge: an Authorization / Proxy-Authorization value. Picks qop=auth when
 * offered (else auth-int, else the no-qop form when the challenge has no qop) and echoes
 * realm, nonce, opaque and algorithm. Throws `SipError("SIP_ERR_AUTH")` when the challenge is not
 * Digest, lacks realm/nonce, or offers only unsupported algorithms or qop values.
 */
export function buildAuthorization(challenge: string, opts: AuthorizationOptions): string {
  const parsed = parseAuthParams(challenge);
  if (!parsed || parsed.scheme.toLowerCase() !== "digest") {
    throw new SipError("SIP_ERR_AUTH", "not a Digest challenge");
  }
  const { realm, nonce, opaque } = parsed.params;
  if (realm === undefined || nonce === undefined)
    throw new SipError("SIP_ERR_AUTH", "challenge lacks realm or nonce");
  const algorithm = requireAlgorithm(parsed.params.algorithm);
  let qop: string | undefined;
  if (parsed.params.qop !== undefined) {
    const offered = parsed.params.qop.split(",").map((q) => q.trim().toLowerCase());
    qop = offered.includes("auth") ? "auth" : offered.includes("auth-int") ? "auth-int" : undefined;
    if (qop === undefined) throw new SipError("SIP_ERR_AUTH", `no supported qop in "${parsed.params.qop}"`);
  }
  const cnonce = opts.cnonce ?? randomBytes(16).toString("hex");
  const nc = formatNonceCount(opts.nc ?? 1);
  const response = computeDigest({ ...opts, algorithm, realm, nonce, qop, nc, cnonce });
  const parts = [
    authParam("username", opts.username, true),
    authParam("realm", realm, true),
    authParam("nonce", nonce, true),
    authParam("uri", opts.uri, true),
    authParam("response", response, true),
    authParam("algorithm", algorithm, false),
  ];
  if (qop !== undefined) parts.push(authParam("cnonce", cnonce, true), `qop=${qop}`, `nc=${nc}`);
  if (opaque !== undefined) parts.push(authParam("opaque", opaque, true));
  return `Digest ${parts.join(", ")}`;
}
