// SIP message parser (RFC 3261 §7, §18.3, §25). Never throws: bad input gives { ok: false }.
import { canonicalHeaderName, Headers } from "./headers";
import { checkHeaders, SINGLE_VALUED } from "./header-checks";
import { SipError, type ParseResult, type PartialMessage, type SipErrorCode } from "./message";
import { isToken } from "./params";
import { parseStartLine } from "./start-line";

const CR = 0x0d;
const LF = 0x0a;

/** Trims SP and HTAB only: other Unicode whitespace is content. */
function trimLws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return text.slice(start, end);
}

/** Locates the empty line: CRLF CRLF, or (tolerated) LF LF. */
function findHeaderEnd(
  data: Buffer,
  from: number,
): { headerEnd: number; bodyStart: number; terminated: boolean } {
  const crlf = data.indexOf("\r\n\r\n", from, "latin1");
  const lf = data.indexOf("\n\n", from, "latin1");
  if (crlf === -1 && lf === -1) return { headerEnd: data.length, bodyStart: data.length, terminated: false };
  if (lf === -1 || (crlf !== -1 && crlf < lf))
    return { headerEnd: crlf, bodyStart: crlf + 4, terminated: true };
  return { headerEnd: lf, bodyStart: lf + 2, terminated: true };
}

/** Content-Length = 1*DIGIT, and it must be usable as an octet count. */
function parseContentLength(value: string): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

class Failure {
  code: SipErrorCode = "SIP_ERR_PARSE";
  message?: string;

  /** Keeps the first problem only: that is the one worth reporting. */
  note(message: string, code: SipErrorCode = "SIP_ERR_PARSE"): void {
    if (this.message !== undefined) return;
    this.message = message;
    this.code = code;
  }
}

/**
 * Splits the header section into unfolded lines and adds them to `headers`. RFC 3261 §7.3.1:
 * "Header fields can be extended over multiple lines by preceding each extra line with at least
 * one SP or horizontal tab"; the fold counts as a single SP.
 */
function readHeaderLines(lines: string[], headers: Headers, failure: Failure): void {
  let pending: { name: string; parts: string[] } | undefined;
  const seen = new Set<string>();
  const flush = () => {
    if (!pending) return;
    const name = canonicalHeaderName(pending.name);
    const key = name.toLowerCase();
    if (SINGLE_VALUED.has(key)) {
      if (seen.has(key)) failure.note(`duplicate ${name} header`);
      seen.add(key);
    }
    headers.append(name, trimLws(pending.parts.join(" ")));
    pending = undefined;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (pending) pending.parts.push(trimLws(line));
      else failure.note("continuation line before the first header");
      continue;
    }
    flush();
    const colon = line.indexOf(":");
    const name = colon === -1 ? "" : trimLws(line.slice(0, colon));
    if (!isToken(name)) {
      failure.note(`malformed header line "${line.slice(0, 60)}"`);
      continue;
    }
    pending = { name, parts: [trimLws(line.slice(colon + 1))] };
  }
  flush();
}

/**
 * Parses one SIP message (a UDP datagram or a framed TCP message).
 *
 * The body is exactly Content-Length octets; extra octets are ignored (RFC 3261 §18.3: "any data
 * beyond the end of the body is discarded" for datagrams) and fewer are an error. Without
 * Content-Length the body is the rest of the data. On failure `partial` holds whatever start-line
 * fields and headers could be read so that a server can still answer 400 or 505.
 */
export function parseMessage(data: Buffer): ParseResult {
  // RFC 3261 §7.5: "Implementations processing SIP messages over stream-oriented transports MUST
  // ignore any CRLF appearing before the start-line".
  let start = 0;
  while (start < data.length && (data[start] === CR || data[start] === LF)) start++;
  if (start === data.length) return fail(data, "SIP_ERR_PARSE", "empty message", {});

  const { headerEnd, bodyStart, terminated } = findHeaderEnd(data, start);
  const lines = data.toString("utf8", start, headerEnd).split(/\r?\n/);
  const startLine = parseStartLine(lines[0]);
  const failure = new Failure();
  const headers = new Headers();
  const partial: PartialMessage = { startLine: lines[0], headers };
  if (!startLine.ok) {
    failure.note(startLine.message, startLine.code);
    partial.isResponse = startLine.isResponse;
    if (startLine.method !== undefined) partial.method = startLine.method;
    if (startLine.uri !== undefined) partial.uri = startLine.uri;
    if (startLine.status !== undefined) partial.status = startLine.status;
    if (startLine.version !== undefined) partial.version = startLine.version;
  } else if (startLine.kind === "request") {
    Object.assign(partial, { isResponse: false, method: startLine.method, uri: startLine.uri });
  } else {
    Object.assign(partial, { isResponse: true, status: startLine.status });
  }

  readHeaderLines(lines, headers, failure);
  if (failure.message !== undefined || !startLine.ok) {
    return fail(data, failure.code, failure.message ?? "malformed start line", partial);
  }

  const problem = checkHeaders(headers, startLine.kind === "request" ? startLine.method : undefined);
  if (problem !== undefined) return fail(data, "SIP_ERR_PARSE", problem, partial);

  let body: Buffer;
  const contentLength = headers.get("Content-Length");
  const available = data.length - bodyStart;
  if (contentLength === undefined) {
    body = terminated ? data.subarray(bodyStart) : Buffer.alloc(0);
  } else {
    const length = parseContentLength(contentLength);
    if (length === undefined) {
      return fail(data, "SIP_ERR_PARSE", `invalid Content-Length "${contentLength.slice(0, 30)}"`, partial);
    }
    if (length > available) {
      return fail(
        data,
        "SIP_ERR_PARSE",
        `Content-Length ${length} exceeds the ${available} octets received`,
        partial,
      );
    }
    body = data.subarray(bodyStart, bodyStart + length);
  }

  if (startLine.kind === "request") {
    const { method, uri, version } = startLine;
    return { ok: true, message: { type: "request", method, uri, version, headers, body } };
  }
  const { status, reason, version } = startLine;
  return { ok: true, message: { type: "response", status, reason, version, headers, body } };
}

function fail(raw: Buffer, code: SipErrorCode, message: string, partial: PartialMessage): ParseResult {
  return { ok: false, error: new SipError(code, message), raw, partial };
}
