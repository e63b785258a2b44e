// name-addr / addr-spec header values: From, To, Contact, Route, Refer-To ... (RFC 3261 §20.10, §25.1).
import { endOfQuoted, formatParams, parseParamsStrict, quote, type Params } from "./params";

export interface NameAddr {
  /** Display name, unquoted and unescaped; absent when none was given. */
  displayName?: string;
  /** The URI text exactly as written between `<` and `>` (or the addr-spec). */
  uri: string;
  /** Header parameters (after `>`, or after the addr-spec), e.g. `tag`, `expires`, `q`. */
  params: Params;
}

export interface ContactValue extends NameAddr {
  /** True for the `Contact: *` wildcard (then `uri` is "*" and `params` is empty). */
  star: boolean;
}

// A URI inside <> or as addr-spec: a scheme, then no whitespace or brackets (RFC 3261 §25.1).
const URI_TEXT = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]+$/;
// display-name = *(token LWS) / quoted-string
const TOKEN_WORDS = /^[A-Za-z0-9\-.!%*_+`'~]+(?:[ \t]+[A-Za-z0-9\-.!%*_+`'~]+)*$/;

function unescapeQuoted(inner: string): string {
  return inner.replace(/\\([\s\S])/g, "$1");
}

function bracketed(text: string, displayName: string | undefined): NameAddr | undefined {
  // text starts with '<'; a URI never contains an unescaped '>'.
  const close = text.indexOf(">");
  if (close === -1) return undefined;
  const uri = text.slice(1, close);
  // RFC 3261 §25.1: LAQUOT = SWS "<" and RAQUOT = ">" SWS, so no LWS inside the brackets.
  if (!URI_TEXT.test(uri)) return undefined;
  const params = parseParamsStrict(text.slice(close + 1));
  if (!params) return undefined;
  return displayName === undefined ? { uri, params } : { displayName, uri, params };
}

/**
 * Parses `[display-name] <uri> *(;param)` or `addr-spec *(;param)`. For an addr-spec, `;params`
 * belong to the header, not the URI (RFC 3261 §20.10), and a URI containing `?` must be in
 * brackets. Undefined when malformed: unterminated quoted string, non-token display name,
 * missing `>`, whitespace inside `<...>`, empty parameters.
 */
export function parseNameAddr(value: string): NameAddr | undefined {
  const text = value.trim();
  if (text.startsWith('"')) {
    const end = endOfQuoted(text, 0);
    if (end === -1) return undefined;
    const rest = text.slice(end).trimStart();
    if (!rest.startsWith("<")) return undefined;
    return bracketed(rest, unescapeQuoted(text.slice(1, end - 1)));
  }
  const lt = text.indexOf("<");
  if (lt !== -1) {
    const display = text.slice(0, lt).trim();
    // lwsdisp (RFC 4475 §3.1.1.6): a token display name directly followed by '<' is accepted.
    if (display !== "" && !TOKEN_WORDS.test(display)) return undefined;
    return bracketed(text.slice(lt), display === "" ? undefined : display);
  }
  const semi = text.indexOf(";");
  const uri = semi === -1 ? text : text.slice(0, semi).trimEnd();
  // RFC 3261 §20.10: "if the URI contains a comma, question mark or semicolon, the URI MUST be
  // enclosed in angle brackets".
  if (!URI_TEXT.test(uri) || uri.includes("?") || uri.includes(",")) return undefined;
  const params = parseParamsStrict(semi === -1 ? "" : text.slice(semi));
  return params ? { uri, params } : undefined;
}

/** Formats as `"Name" <uri>;params` (always with angle brackets). */
export function formatNameAddr(na: NameAddr): string {
  const display = na.displayName !== undefined && na.displayName !== "" ? `${quote(na.displayName)} ` : "";
  return `${display}<${na.uri}>${formatParams(na.params)}`;
}

/** One Contact value: a name-addr/addr-spec, or the `*` wildcard (RFC 3261 §20.10). */
export function parseContactValue(value: string): ContactValue | undefined {
  if (value.trim() === "*") return { star: true, uri: "*", params: {} };
  const na = parseNameAddr(value);
  return na ? { ...na, star: false } : undefined;
}
