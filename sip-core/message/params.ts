// `;name=value` parameter lists shared by URIs, name-addr headers and Via (RFC 3261 §25.1).

/** Parameter names are lower-cased (they compare case-insensitively); values are kept raw. */
export type Params = Record<string, string | null>;

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
// gen-value = token / host / quoted-string; host adds IPv6 brackets and colons.
const GEN_VALUE = /^[A-Za-z0-9\-.!%*_+`'~[\]:]+$/;

/** True for a non-empty RFC 3261 `token`. */
export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/**
 * Index just after the closing quote of the quoted-string opening at `start`, or -1 when it
 * is unterminated.
 */
export function endOfQuoted(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c) i++;
    else if (ch === 0x22) return i + 1;
  }
  return -1;
}

/** Splits at top-level `;`; undefined when a quoted-string is unterminated. */
function splitSemis(text: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      const end = endOfQuoted(text, i);
      if (end === -1) return undefined;
      i = end - 1;
    } else if (ch === 0x3b) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function addParam(out: Params, segment: string): { name: string; value: string | null } {
  const eq = segment.indexOf("=");
  const name = (eq === -1 ? segment : segment.slice(0, eq)).trim().toLowerCase();
  const value = eq === -1 ? null : segment.slice(eq + 1).trim();
  // The first occurrence wins, as most stacks do; duplicates are not an error here.
  if (name !== "" && !Object.prototype.hasOwnProperty.call(out, name)) {
    // defineProperty so that a hostile `;__proto__=x` stays an ordinary key.
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return { name, value };
}

function createParams(): Params {
  return {};
}

/**
 * Lenient parse of `;a=b;c` (leading `;` optional): empty segments are skipped, LWS around
 * `;` and `=` is ignored.
 */
export function parseParams(text: string): Params {
  const out = createParams();
  const segments = splitSemis(text) ?? text.split(";");
  for (const segment of segments) if (segment.trim() !== "") addParam(out, segment);
  return out;
}

/**
 * Strict parse of `*( SEMI generic-param )` (RFC 3261 §25.1): every parameter needs a token
 * name, a value is a token, host or complete quoted-string. Undefined when malformed, e.g.
 * `;;;` (RFC 4475 §3.1.2.1) or an unterminated quote.
 */
export function parseParamsStrict(text: string): Params | undefined {
  const out = createParams();
  const trimmed = text.trim();
  if (trimmed === "") return out;
  if (!trimmed.startsWith(";")) return undefined;
  const segments = splitSemis(trimmed.slice(1));
  if (!segments) return undefined;
  for (const segment of segments) {
    const { name, value } = addParam(out, segment);
    if (!isToken(name)) return undefined;
    if (value === null) continue;
    if (value.startsWith('"')) {
      if (endOfQuoted(value, 0) !== value.length) return undefined;
    } else if (!GEN_VALUE.test(value)) return undefined;
  }
  return out;
}

/** `;name` or `;name=value` for each entry, in insertion order. */
export function formatParams(params: Params): string {
  let out = "";
  for (const [name, value] of Object.entries(params))
    out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Removes surrounding quotes and backslash escapes; other text is returned unchanged. */
export function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\([\s\S])/g, "$1");
}

/** Wraps in a quoted-string, escaping `"` and `\`. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
