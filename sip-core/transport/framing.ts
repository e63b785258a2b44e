import { SipError } from "../message";

const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);
type FramingErrorCode = "SIP_ERR_PARSE" | "SIP_ERR_TOO_LARGE";

type Measure =
  | { kind: "incomplete" }
  | { kind: "frame"; length: number }
  | { kind: "oversized"; headerEnd: number; size: number }
  | { kind: "error"; code: FramingErrorCode; reason: string };

const CONTENT_LENGTH_LINE = /^(?:content-length|l)[ \t]*:(.*)$/i;

/**
 * A message whose header section arrived complete but whose declared size exceeds the maximum:
 * its body is skipped as it arrives, so the stream stays usable and the sender can be answered.
 */
export interface OversizedMessage {
  /** The header section, up to and including the empty line; the body is never buffered. */
  headerSection: Buffer;
  /** Header section plus the declared Content-Length, in octets. */
  size: number;
  /** How many of this push's `frames` came before it on the stream. */
  index: number;
}

/** What one `push` produced: complete messages, and at most one framing error (fatal for the stream). */
export interface FramerOutput {
  frames: Buffer[];
  /** Oversized messages met in this push, in stream order; absent when there were none. */
  oversized?: OversizedMessage[];
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
  /** Body octets of an oversized message still to be skipped. */
  private discarding = 0;
  /** Chunks of a body still incomplete, not yet joined to `buffer`. */
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  private failed = false;

  constructor(private readonly maxMessageSize: number) {}

  /** Bytes buffered towards the next, still incomplete message. */
  get pending(): number {
    return this.buffer.length + this.queuedBytes;
  }

  /** Body octets of an oversized message still to arrive and be skipped. */
  get discardPending(): number {
    return this.discarding;
  }

  push(chunk: Buffer): FramerOutput {
    const frames: Buffer[] = [];
    const oversized: OversizedMessage[] = [];
    const output = (): FramerOutput => (oversized.length > 0 ? { frames, oversized } : { frames });
    if (this.failed) return { frames };
    // A long body arrives in many chunks: join them once it is complete, not on every chunk.
    if (this.frameLength >= 0 && this.pending + chunk.length < this.frameLength) {
      this.queued.push(chunk);
      this.queuedBytes += chunk.length;
      return { frames };
    }
    this.buffer = this.join(chunk);
    for (;;) {
      if (this.discarding > 0) {
        const skipped = Math.min(this.discarding, this.buffer.length);
        this.discarding -= skipped;
        this.buffer = this.buffer.subarray(skipped);
        if (this.discarding > 0) break;
      }
      if (this.frameLength < 0) {
        this.skipKeepAlives();
        if (this.buffer.length === 0) break;
        const next = this.measure();
        if (next.kind === "incomplete") break;
        if (next.kind === "error") return { ...this.fail(frames, next.code, next.reason), ...output() };
        if (next.kind === "oversized") {
          const headerSection = this.buffer.subarray(0, next.headerEnd);
          oversized.push({ headerSection, size: next.size, index: frames.length });
          this.discarding = next.size - next.headerEnd;
          this.buffer = this.buffer.subarray(next.headerEnd);
          this.scanFrom = 0;
          continue;
        }
        this.frameLength = next.length;
      }
      if (this.buffer.length < this.frameLength) break;
      frames.push(this.buffer.subarray(0, this.frameLength));
      this.buffer = this.buffer.subarray(this.frameLength);
      this.frameLength = -1;
      this.scanFrom = 0;
    }
    return output();
  }

  /** What the message at the head of the buffer is, as far as its header section tells. */
  private measure(): Measure {
    const headerEnd = findHeaderEnd(this.buffer, this.scanFrom);
    if (headerEnd < 0) {
      if (this.buffer.length > this.maxMessageSize) {
        return {
          kind: "error",
          code: "SIP_ERR_TOO_LARGE",
          reason: "header section exceeds the maximum message size",
        };
      }
      this.scanFrom = Math.max(0, this.buffer.length - 3);
      return { kind: "incomplete" };
    }
    const length = contentLength(this.buffer.subarray(0, headerEnd));
    if (typeof length === "string") return { kind: "error", code: "SIP_ERR_PARSE", reason: length };
    if (headerEnd > this.maxMessageSize) {
      return {
        kind: "error",
        code: "SIP_ERR_TOO_LARGE",
        reason: `header section of ${headerEnd} octets exceeds the maximum of ${this.maxMessageSize}`,
      };
    }
    const size = headerEnd + length;
    // RFC 3261 §21.4.11 (413): the server refuses a request "because the request entity-body is
    // larger than the server is willing or able to process". The header section is complete, so
    // the sender can be told; skipping the body keeps the stream framed for what follows it.
    if (size > this.maxMessageSize) return { kind: "oversized", headerEnd, size };
    return { kind: "frame", length: size };
  }

  private join(chunk: Buffer): Buffer {
    if (this.buffer.length === 0 && this.queued.length === 0) return chunk;
    const joined = Buffer.concat([this.buffer, ...this.queued, chunk]);
    this.queued = [];
    this.queuedBytes = 0;
    return joined;
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
