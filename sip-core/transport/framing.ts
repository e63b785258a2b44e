import { SipError } from "../message";

const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);
type FramingErrorCode = "SIP_ERR_PARSE" | "SIP_ERR_TOO_LARGE";

const CONTENT_LENGTH_LINE = /^(?:content-length|l)[ \t]*:(.*)$/i;

/** What one `push` produced: complete messages, and at most one framing error (fatal for the stream). */
export interface FramerOutput {
  frames: Buffer[];
  /** Set once; the connection must then be closed. `raw` holds the bytes that could not be framed. */
  error?: { error: SipError; raw: Buffer };
}

/**
 * Cuts a TCP byte stream into SIP messages by Content-Length.
 *
 * RFC 3261 §18.3: "In the case of stream-oriented transports such as TCP, the Content-Length header
 * field indicates the size of the body. All stream-oriented transports MUST use Content-Length."
 * A missing Content-Length frames a message with an empty body.
 */
export class StreamFramer {
  private buffer: Buffer = EMPTY;
  /** Where the search for the end of the header section resumes, so bytes are scanned once. */
  private scanFrom = 0;
  /** Length of the message at the head of the buffer once its header section is complete, else -1. */
  private frameLength = -1;
  private failed = false;

  constructor(private readonly maxMessageSize: number) {}

  /** Bytes buffered towards the next, still incomplete message. */
  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): FramerOutput {
    const frames: Buffer[] = [];
    if (this.failed) return { frames };
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.frameLength < 0) {
        this.skipKeepAlives();
        if (this.buffer.length === 0) break;
        const length = this.measure();
        if (typeof length !== "number") return this.fail(frames, length.code, length.reason);
        if (length < 0) break;
        this.frameLength = length;
      }
      if (this.buffer.length < this.frameLength) break;
      frames.push(this.buffer.subarray(0, this.frameLength));
      this.buffer = this.buffer.subarray(this.frameLength);
      this.frameLength = -1;
      this.scanFrom = 0;
    }
    return { frames };
  }

  /** Length of the message at the head of the buffer, -1 while its header section is incomplete. */
  private measure(): number | { code: FramingErrorCode; reason: string } {
    const headerEnd = findHeaderEnd(this.buffer, this.scanFrom);
    if (headerEnd < 0) {
      if (this.buffer.length > this.maxMessageSize) {
        return { code: "SIP_ERR_TOO_LARGE", reason: "header section exceeds the maximum message size" };
      }
      this.scanFrom = Math.max(0, this.buffer.length - 3);
      return -1;
    }
    const length = contentLength(this.buffer.subarray(0, headerEnd));
    if (typeof length === "string") return { code: "SIP_ERR_PARSE", reason: length };
    const total = headerEnd + length;
    if (total > this.maxMessageSize) {
      return {
        code: "SIP_ERR_TOO_LARGE",
        reason: `message of ${total} octets exceeds the maximum of ${this.maxMessageSize}`,
      };
    }
    return total;
  }

  /**
   * RFC 3261 §7.5: "Implementations processing SIP messages over stream-oriented transports MUST
   * ignore any CRLF appearing before the start-line". This also swallows RFC 5626 §3.5.1
   * double-CRLF keep-alive pings.
   */
  private skipKeepAlives(): void {
    let start = 0;
    while (start < this.buffer.length && (this.buffer[start] === CR || this.buffer[start] === LF)) start++;
    if (start === 0) return;
    this.buffer = this.buffer.subarray(start);
    this.scanFrom = Math.max(0, this.scanFrom - start);
  }

  private fail(frames: Buffer[], code: FramingErrorCode, reason: string): FramerOutput {
    this.failed = true;
    const raw = this.buffer;
    this.buffer = EMPTY;
    return { frames, error: { error: new SipError(code, `TCP framing: ${reason}`), raw } };
  }
}

/** Index just past the empty line ending the header section (CRLFCRLF, or a lenient LFLF), or -1. */
function findHeaderEnd(buffer: Buffer, from: number): number {
  const crlf = buffer.indexOf("\r\n\r\n", from, "latin1");
  const lf = buffer.indexOf("\n\n", from, "latin1");
  if (crlf < 0) return lf < 0 ? -1 : lf + 2;
  return lf < 0 ? crlf + 4 : Math.min(crlf + 4, lf + 2);
}

/** The body length the header section declares, or a string describing why it is unusable. */
function contentLength(headerSection: Buffer): number | string {
  let found: number | undefined;
  for (const line of headerSection.toString("latin1").split("\n")) {
    const match = CONTENT_LENGTH_LINE.exec(line.endsWith("\r") ? line.slice(0, -1) : line);
    if (!match) continue;
    const text = match[1].trim();
    // RFC 3261 §20.14: Content-Length = 1*DIGIT. Never trust a sign, a fraction or an overflow.
    if (!/^[0-9]+$/.test(text)) return `invalid Content-Length "${text.slice(0, 32)}"`;
    const value = Number(text);
    if (!Number.isSafeInteger(value)) return `Content-Length ${text.slice(0, 32)} is not a safe integer`;
    if (found !== undefined && found !== value) return "conflicting Content-Length headers";
    found = value;
  }
  return found ?? 0;
}
