// SIP/SIPS URIs (RFC 3261 §19.1) and opaque URIs of any other scheme.
import { formatParams, parseParams, type Params } from "./params";

/** A parsed URI. Components keep their %-escapes as received. */
export interface SipUri {
  /** Lower-cased scheme: "sip", "sips", "tel", ... */
  scheme: string;
  user?: string;
  password?: string;
  /** Host as written (IPv6 references keep their brackets); "" for a non-SIP scheme. */
  host: string;
  port?: number;
  params: Params;
  headers: Record<string, string>;
  /** For a non-SIP scheme: everything after the colon. */
  opaque?: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const HOSTNAME = /^[A-Za-z0-9_.-]+$/;
const IPV6_REFERENCE = /^\[[0-9A-Fa-f:.]+\]$/;
// Whitespace, angle brackets and quotes are never legal unescaped inside a URI.
const FORBIDDEN = /[\s<>"]/;

function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!Object.prototype.hasOwnProperty.call(out, name)) {
      Object.defineProperty(out, name, {
        value: eq === -1 ? "" : pair.slice(eq + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

/** Splits `host[:port]`; undefined when the host or port is malformed. */
function parseHostPort(text: string): { host: string; port?: number } | undefined {
  let host: string;
  let rest: string;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) return undefined;
    host = text.slice(0, close + 1);
    rest = text.slice(close + 1);
    if (!IPV6_REFERENCE.test(host)) return undefined;
  } else {
    const colon = text.indexOf(":");
    host = colon === -1 ? text : text.slice(0, colon);
    rest = colon === -1 ? "" : text.slice(colon);
    if (!HOSTNAME.test(host)) return undefined;
  }
  if (rest === "") return { host };
  if (!/^:\d{1,5}$/.test(rest)) return undefined;
  const port = Number(rest.slice(1));
  return port <= 65535 ? { host, port } : undefined;
}

function parseSipUri(scheme: string, rest: string): SipUri | undefined {
  const uri: SipUri = { scheme, host: "", params: {}, headers: {} };
  // '@' is not legal unescaped after the userinfo, so the first one ends it.
  const at = rest.indexOf("@");
  let hostPart = rest;
  if (at !== -1) {
    const userinfo = rest.slice(0, at);
    hostPart = rest.slice(at + 1);
    const colon = userinfo.indexOf(":");
    uri.user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (colon !== -1) uri.password = userinfo.slice(colon + 1);
    if (uri.user === "") return undefined;
  }
  const q = hostPart.indexOf("?");
  const beforeHeaders = q === -1 ? hostPart : hostPart.slice(0, q);
  if (q !== -1) uri.headers = parseHeaders(hostPart.slice(q + 1));
  const semi = beforeHeaders.indexOf(";");
  const hostport = parseHostPort(semi === -1 ? beforeHeaders : beforeHeaders.slice(0, semi));
  if (!hostport) return undefined;
  uri.host = hostport.host;
  if (hostport.port !== undefined) uri.port = hostport.port;
  if (semi !== -1) uri.params = parseParams(beforeHeaders.slice(semi));
  return uri;
}

/**
 * Parses a URI. sip/sips get full structure; any other scheme keeps the text after the colon
 * in `opaque` with `host` "". Undefined when there is no scheme, when the text contains
 * whitespace, `<`, `>` or `"`, or when a SIP host/port is malformed.
 */
export function parseUri(text: string): SipUri | undefined {
  const m = SCHEME.exec(text);
  if (!m || FORBIDDEN.test(text)) return undefined;
  const scheme = m[1].toLowerCase();
  const rest = text.slice(m[0].length);
  if (rest === "") return undefined;
  if (scheme === "sip" || scheme === "sips") return parseSipUri(scheme, rest);
  return { scheme, host: "", params: {}, headers: {}, opaque: rest };
}

/** Formats a URI back to text (parameters and headers in insertion order). */
export function formatUri(uri: SipUri): string {
  if (uri.scheme !== "sip" && uri.scheme !== "sips") return `${uri.scheme}:${uri.opaque ?? ""}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined)
    out += uri.password !== undefined ? `${uri.user}:${uri.password}@` : `${uri.user}@`;
  out += uri.host;
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatParams(uri.params);
  const headers = Object.entries(uri.headers);
  if (headers.length > 0) out += "?" + headers.map(([n, v]) => `${n}=${v}`).join("&");
  return out;
}

/**
 * Canonical escaping for comparison (RFC 3261 §19.1.4: "Characters other than those in the
 * reserved set ... are equivalent to their ""%" HEX HEX"" encoding"): unreserved characters are
 * unescaped, every other escape gets upper-case hex.
 */
export function normalizeEscapes(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_all, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-_.!~*'()]/.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

const MUST_MATCH_PARAMS = ["user", "ttl", "method", "maddr", "transport"];

function paramsEqual(a: Params, b: Params): boolean {
  const norm = (p: Params) =>
    new Map(
      Object.entries(p).map(([k, v]) => [
        normalizeEscapes(k).toLowerCase(),
        v === null ? null : normalizeEscapes(v).toLowerCase(),
      ]),
    );
  const na = norm(a);
  const nb = norm(b);
  for (const name of MUST_MATCH_PARAMS) if (na.get(name) !== nb.get(name)) return false;
  // Parameters present in only one URI are ignored; those in both must match.
  for (const [name, value] of na) if (nb.has(name) && nb.get(name) !== value) return false;
  return true;
}

function headersEqual(a: Record<string, string>, b: Record<string, string>): boolean {
  const norm = (h: Record<string, string>) =>
    new Map(Object.entries(h).map(([k, v]) => [normalizeEscapes(k).toLowerCase(), normalizeEscapes(v)]));
  const na = norm(a);
  const nb = norm(b);
  // RFC 3261 §19.1.4: "URI header components are never ignored."
  if (na.size !== nb.size) return false;
  for (const [k, v] of na) if (nb.get(k) !== v) return false;
  return true;
}

/**
 * URI equality per RFC 3261 §19.1.4: userinfo case-sensitive (after escape normalisation),
 * host case-insensitive, an omitted port differs from an explicit 5060, user/ttl/method/maddr/
 * transport must match when either side has them, other parameters only when both have them,
 * headers always. Strings are parsed first; an unparseable URI equals nothing.
 */
export function uriEquals(a: SipUri | string, b: SipUri | string): boolean {
  const ua = typeof a === "string" ? parseUri(a) : a;
  const ub = typeof b === "string" ? parseUri(b) : b;
  if (!ua || !ub || ua.scheme !== ub.scheme) return false;
  if (ua.scheme !== "sip" && ua.scheme !== "sips") {
    return normalizeEscapes(ua.opaque ?? "") === normalizeEscapes(ub.opaque ?? "");
  }
  const user = (u: SipUri) => (u.user === undefined ? undefined : normalizeEscapes(u.user));
  const password = (u: SipUri) => (u.password === undefined ? undefined : normalizeEscapes(u.password));
  return (
    user(ua) === user(ub) &&
    password(ua) === password(ub) &&
    ua.host.toLowerCase() === ub.host.toLowerCase() &&
    ua.port === ub.port &&
    paramsEqual(ua.params, ub.params) &&
    headersEqual(ua.headers, ub.headers)
  );
}

/**
 * Address-of-record key: `user@host` (user escape-normalised, host lower-cased; no port,
 * parameters or headers), `host` without a user, `scheme:opaque` for a non-SIP scheme.
 */
export function aorOf(uri: SipUri): string {
  if (uri.scheme !== "sip" && uri.scheme !== "sips") return `${uri.scheme}:${uri.opaque ?? ""}`;
  const host = uri.host.toLowerCase();
  return uri.user === undefined ? host : `${normalizeEscapes(uri.user)}@${host}`;
}
