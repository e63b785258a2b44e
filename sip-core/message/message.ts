import type { Headers } from "./headers";

/** A parsed SIP request (RFC 3261 §7.1). `uri` is the Request-URI exactly as it appeared. */
export interface SipRequest {
  readonly type: "request";
  method: string;
  uri: string;
  version: string;
  headers: Headers;
  body: Buffer;
}

/** A parsed SIP response (RFC 3261 §7.2). */
export interface SipResponse {
  readonly type: "response";
  status: number;
  reason: string;
  version: string;
  headers: Headers;
  body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

/** Stable error codes, in the style of undici's `UND_ERR_*`. */
export type SipErrorCode =
  | "SIP_ERR_PARSE"
  | "SIP_ERR_VERSION"
  | "SIP_ERR_TOO_LARGE"
  | "SIP_ERR_TIMEOUT"
  | "SIP_ERR_TRANSPORT"
  | "SIP_ERR_CLOSED"
  | "SIP_ERR_AUTH";

export class SipError extends Error {
  constructor(
    readonly code: SipErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SipError";
  }
}

/**
 * What the parser could salvage from a malformed message: enough, when present, for a
 * server to answer 400 (RFC 3261 §8.2 / §16.3 need Via, From, To, Call-ID and CSeq).
 */
export interface PartialMessage {
  startLine?: string;
  method?: string;
  /** Request-URI as received, when the request line could be split. */
  uri?: string;
  /** Status code, for a response whose status line parsed. */
  status?: number;
  /** The SIP-Version token as received (e.g. "SIP/7.0" for a version error). */
  version?: string;
  isResponse?: boolean;
  headers?: Headers;
}

export type ParseResult =
  { ok: true; message: SipMessage } | { ok: false; error: SipError; raw: Buffer; partial?: PartialMessage };
