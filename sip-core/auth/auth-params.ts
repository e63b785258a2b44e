// Challenge and credentials syntax (RFC 3261 §25.1, RFC 7235 §2.1): `scheme name=value, name="value"`.
import { endOfQuoted, isToken, quote, unquote } from "../message/params";

export interface AuthParams {
  /** The auth-scheme as received, e.g. "Digest" (compare case-insensitively). */
  scheme: string;
  /** Lower-cased parameter names; quoted values are unquoted and unescaped. */
  params: Record<string, string>;
  /** For schemes such as Basic whose credentials are a single token68 instead of parameters. */
  token68?: string;
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

function isLws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Parses a WWW-Authenticate / Proxy-Authenticate challenge or an Authorization /
 * Proxy-Authorization credentials value. Commas inside quoted values are kept. Undefined when the
 * scheme is missing or a parameter is malformed (no `=`, unterminated quote, junk between params).
 */
export function parseAuthParams(value: string): AuthParams | undefined {
  const text = value.trim();
  const sp = text.search(/[ \t]/);
  const scheme = sp === -1 ? text : text.slice(0, sp);
  if (!isToken(scheme)) return undefined;
  const rest = sp === -1 ? "" : text.slice(sp).trim();
  const result: AuthParams = { scheme, params: {} };
  if (rest === "") return result;
  if (!rest.includes(",") && !/^[^=]+=\s*[^=\s]/.test(rest) && TOKEN68.test(rest)) {
    return { ...result, token68: rest };
  }
  let i = 0;
  while (i < rest.length) {
    while (i < rest.length && (isLws(rest.charCodeAt(i)) || rest[i] === ",")) i++;
    if (i >= rest.length) break;
    const eq = rest.indexOf("=", i);
    if (eq === -1) return undefined;
    const name = rest.slice(i, eq).trim().toLowerCase();
    if (!isToken(name)) return undefined;
    i = eq + 1;
    while (i < rest.length && isLws(rest.charCodeAt(i))) i++;
    let raw: string;
    if (rest[i] === '"') {
      const end = endOfQuoted(rest, i);
      if (end === -1) return undefined;
      raw = rest.slice(i, end);
      i = end;
    } else {
      const start = i;
      while (i < rest.length && rest[i] !== "," && !isLws(rest.charCodeAt(i))) i++;
      raw = rest.slice(start, i);
      if (!isToken(raw)) return undefined;
    }
    if (!Object.prototype.hasOwnProperty.call(result.params, name)) {
      Object.defineProperty(result.params, name, {
        value: unquote(raw),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    while (i < rest.length && isLws(rest.charCodeAt(i))) i++;
    if (i < rest.length && rest[i] !== ",") return undefined;
  }
  return result;
}

/** A parameter in `name="value"` form, or `name=value` for token-only directives. */
export function authParam(name: string, value: string, quoted: boolean): string {
  return quoted ? `${name}=${quote(value)}` : `${name}=${value}`;
}
