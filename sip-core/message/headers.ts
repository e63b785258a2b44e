// Header-field names, compact forms and the ordered, case-insensitive header collection.

/**
 * Compact forms: RFC 3261 §7.3.3 (i m e l c f s k t v), RFC 3265/6665 (o u), RFC 3515 (r),
 * RFC 3892 (b), RFC 4474 (y n), RFC 4028 (x), RFC 3841 (a j d).
 */
const COMPACT_FORMS: ReadonlyMap<string, string> = new Map([
  ["i", "Call-ID"],
  ["m", "Contact"],
  ["e", "Content-Encoding"],
  ["l", "Content-Length"],
  ["c", "Content-Type"],
  ["f", "From"],
  ["s", "Subject"],
  ["k", "Supported"],
  ["t", "To"],
  ["v", "Via"],
  ["o", "Event"],
  ["u", "Allow-Events"],
  ["r", "Refer-To"],
  ["b", "Referred-By"],
  ["y", "Identity"],
  ["n", "Identity-Info"],
  ["x", "Session-Expires"],
  ["a", "Accept-Contact"],
  ["j", "Reject-Contact"],
  ["d", "Request-Disposition"],
]);

const KNOWN_NAMES = [
  "Accept",
  "Accept-Contact",
  "Accept-Encoding",
  "Accept-Language",
  "Accept-Resource-Priority",
  "Alert-Info",
  "Allow",
  "Allow-Events",
  "Authentication-Info",
  "Authorization",
  "Call-ID",
  "Call-Info",
  "Contact",
  "Content-Disposition",
  "Content-Encoding",
  "Content-Language",
  "Content-Length",
  "Content-Type",
  "CSeq",
  "Date",
  "Error-Info",
  "Event",
  "Expires",
  "From",
  "History-Info",
  "Identity",
  "Identity-Info",
  "In-Reply-To",
  "Join",
  "Max-Forwards",
  "MIME-Version",
  "Min-Expires",
  "Min-SE",
  "Organization",
  "P-Asserted-Identity",
  "P-Associated-URI",
  "P-Called-Party-ID",
  "P-Preferred-Identity",
  "Path",
  "Priority",
  "Privacy",
  "Proxy-Authenticate",
  "Proxy-Authorization",
  "Proxy-Require",
  "RAck",
  "Reason",
  "Record-Route",
  "Refer-Sub",
  "Refer-To",
  "Referred-By",
  "Reject-Contact",
  "Replaces",
  "Reply-To",
  "Request-Disposition",
  "Require",
  "Resource-Priority",
  "Retry-After",
  "Route",
  "RSeq",
  "Security-Client",
  "Security-Server",
  "Security-Verify",
  "Server",
  "Service-Route",
  "Session-Expires",
  "SIP-ETag",
  "SIP-If-Match",
  "Subject",
  "Subscription-State",
  "Supported",
  "Target-Dialog",
  "Timestamp",
  "To",
  "Unsupported",
  "User-Agent",
  "Via",
  "Warning",
  "WWW-Authenticate",
];

const CANONICAL: ReadonlyMap<string, string> = new Map(KNOWN_NAMES.map((n) => [n.toLowerCase(), n]));

/**
 * Headers whose grammar is `#element` (RFC 3261 §7.3.1: "it MUST be possible to combine the multiple
 * header field rows into one comma-separated list"). Everything else — Date, the authentication
 * headers, Call-ID, From, To, unknown extensions — is never split, because commas are part of the value.
 */
const LIST_VALUED: ReadonlySet<string> = new Set(
  [
    "Accept",
    "Accept-Contact",
    "Accept-Encoding",
    "Accept-Language",
    "Accept-Resource-Priority",
    "Alert-Info",
    "Allow",
    "Allow-Events",
    "Call-Info",
    "Contact",
    "Content-Encoding",
    "Content-Language",
    "Error-Info",
    "History-Info",
    "In-Reply-To",
    "P-Asserted-Identity",
    "P-Associated-URI",
    "P-Preferred-Identity",
    "Path",
    "Proxy-Require",
    "Reason",
    "Record-Route",
    "Reject-Contact",
    "Request-Disposition",
    "Require",
    "Resource-Priority",
    "Route",
    "Security-Client",
    "Security-Server",
    "Security-Verify",
    "Service-Route",
    "Supported",
    "Unsupported",
    "Via",
    "Warning",
  ].map((n) => n.toLowerCase()),
);

/** Long canonical spelling of a header name; unknown names keep their received spelling. */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT_FORMS.get(lower) ?? CANONICAL.get(lower) ?? name;
}

/** True when the header's values may be combined into one comma-separated line. */
export function isListValued(name: string): boolean {
  return LIST_VALUED.has(canonicalHeaderName(name).toLowerCase());
}

/**
 * Splits a header value at top-level commas: not inside a quoted-string (backslash escapes
 * honoured) and not inside `<...>`. Elements are trimmed; empty elements are kept so callers
 * can detect extraneous separators (RFC 4475 §3.1.2.1).
 */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let angle = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (inQuote) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inQuote = false;
    } else if (ch === 0x22) inQuote = true;
    else if (ch === 0x3c) angle++;
    else if (ch === 0x3e && angle > 0) angle--;
    else if (ch === 0x2c && angle === 0) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}

interface Entry {
  name: string;
  key: string;
  value: string;
}

function toLines(value: string | readonly string[]): string[] {
  return typeof value === "string" ? [value] : [...value];
}

/**
 * Ordered, case-insensitive header fields. One entry per header line as received (after
 * unfolding); names are stored in canonical long form.
 */
export class Headers {
  private list: Entry[] = [];

  constructor(init?: Iterable<readonly [string, string]>) {
    if (init) for (const [name, value] of init) this.append(name, value);
  }

  /** Number of header lines. */
  get size(): number {
    return this.list.length;
  }

  /** The first line's whole value, or undefined. */
  get(name: string): string | undefined {
    const key = canonicalHeaderName(name).toLowerCase();
    for (const e of this.list) if (e.key === key) return e.value;
    return undefined;
  }

  /** Every value, comma-split for list-valued headers, trimmed, empty elements dropped. */
  getAll(name: string): string[] {
    const key = canonicalHeaderName(name).toLowerCase();
    const split = LIST_VALUED.has(key);
    const out: string[] = [];
    for (const e of this.list) {
      if (e.key !== key) continue;
      if (!split) out.push(e.value);
      else for (const v of splitList(e.value)) if (v !== "") out.push(v);
    }
    return out;
  }

  /** First value (after list splitting), e.g. the topmost Via. */
  getFirst(name: string): string | undefined {
    const key = canonicalHeaderName(name).toLowerCase();
    for (const e of this.list) {
      if (e.key !== key) continue;
      if (!LIST_VALUED.has(key)) return e.value;
      const first = splitList(e.value).find((v) => v !== "");
      if (first !== undefined) return first;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Replaces every line of `name` with one line per value, at the position of the first one. */
  set(name: string, value: string | readonly string[]): this {
    const canonical = canonicalHeaderName(name);
    const key = canonical.toLowerCase();
    const at = this.list.findIndex((e) => e.key === key);
    const lines = toLines(value).map((v) => ({ name: canonical, key, value: v }));
    const rest = this.list.filter((e) => e.key !== key);
    const insertAt = at === -1 ? rest.length : at;
    rest.splice(insertAt, 0, ...lines);
    this.list = rest;
    return this;
  }

  /** Adds line(s) after all existing headers. */
  append(name: string, value: string | readonly string[]): this {
    const canonical = canonicalHeaderName(name);
    const key = canonical.toLowerCase();
    for (const v of toLines(value)) this.list.push({ name: canonical, key, value: v });
    return this;
  }

  /** Adds line(s) above the first line of the same name (or at the very top), e.g. a new top Via. */
  prepend(name: string, value: string | readonly string[]): this {
    const canonical = canonicalHeaderName(name);
    const key = canonical.toLowerCase();
    const at = this.list.findIndex((e) => e.key === key);
    const lines = toLines(value).map((v) => ({ name: canonical, key, value: v }));
    this.list.splice(at === -1 ? 0 : at, 0, ...lines);
    return this;
  }

  /** Removes every line of `name`; returns whether any existed. */
  delete(name: string): boolean {
    const key = canonicalHeaderName(name).toLowerCase();
    const before = this.list.length;
    this.list = this.list.filter((e) => e.key !== key);
    return this.list.length !== before;
  }

  /**
   * Removes the first value of `name` (e.g. the top Via or Route) and returns it. A line holding
   * several comma-separated values keeps the others.
   */
  removeFirstValue(name: string): string | undefined {
    const key = canonicalHeaderName(name).toLowerCase();
    const at = this.list.findIndex((e) => e.key === key);
    if (at === -1) return undefined;
    const entry = this.list[at];
    if (!LIST_VALUED.has(key)) {
      this.list.splice(at, 1);
      return entry.value;
    }
    const values = splitList(entry.value).filter((v) => v !== "");
    const first = values.shift();
    if (values.length === 0) this.list.splice(at, 1);
    else this.list[at] = { ...entry, value: values.join(", ") };
    return first ?? this.removeFirstValue(name);
  }

  /** `[name, value]` per header line, in order. */
  entries(): [string, string][] {
    return this.list.map((e) => [e.name, e.value]);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }

  clone(): Headers {
    const copy = new Headers();
    copy.list = this.list.map((e) => ({ ...e }));
    return copy;
  }
}
