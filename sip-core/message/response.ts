// Building responses (RFC 3261 §8.2.6) and requests from parts.
import { randomBytes } from "node:crypto";
import { Headers } from "./headers";
import type { SipRequest, SipResponse } from "./message";
import { parseNameAddr } from "./name-addr";
import { reasonPhrase } from "./reason-phrases";
import { SIP_VERSION } from "./start-line";

export interface ResponseExtra {
  /** Added after the copied headers, in order. */
  headers?: [string, string][];
  body?: Buffer;
  /** Sets Content-Type (only meaningful with a body). */
  contentType?: string;
  /**
   * To tag to add when the request's To has none. RFC 3261 §8.2.6.2: "the same tag MUST be used
   * for all responses to that request, both final and provisional (again excepting the 100
   * (Trying))", so a caller answering twice passes the tag of its first answer.
   */
  toTag?: string;
}

/** A To/From tag: RFC 3261 §19.3 asks for "at least 32 bits of randomness"; this has 64. */
export function newTag(): string {
  return randomBytes(8).toString("hex");
}

/** The `tag` parameter of a From/To value, if it parses and has one. */
export function tagOf(value: string | undefined): string | undefined {
  const tag = value === undefined ? undefined : parseNameAddr(value)?.params.tag;
  return tag ?? undefined;
}

/**
 * Builds a response to `req`. RFC 3261 §8.2.6.2: "The From field of the response MUST equal the
 * From header field of the request. The Call-ID header field of the response MUST equal the Call-ID
 * header field of the request. The CSeq header field of the response MUST equal the CSeq field of
 * the request. The Via header field values in the response MUST equal the Via header field values
 * in the request and MUST maintain the same ordering." A To without a tag gets one for status > 100.
 *
 * Only `req.headers` is read, so the headers salvaged from an unparseable request
 * (`partial.headers`) can be answered the same way.
 */
export function createResponse(
  req: Pick<SipRequest, "headers">,
  status: number,
  reason?: string,
  extra: ResponseExtra = {},
): SipResponse {
  const headers = new Headers();
  for (const [name, value] of req.headers.entries()) if (name === "Via") headers.append(name, value);
  const from = req.headers.get("From");
  if (from !== undefined) headers.append("From", from);
  let to = req.headers.get("To");
  // Only add a tag to a To that parses: appending to a broken quoted string would corrupt it.
  if (to !== undefined && status > 100 && parseNameAddr(to) && tagOf(to) === undefined) {
    to = `${to};tag=${extra.toTag ?? newTag()}`;
  }
  if (to !== undefined) headers.append("To", to);
  for (const name of ["Call-ID", "CSeq"]) {
    const value = req.headers.get(name);
    if (value !== undefined) headers.append(name, value);
  }
  for (const [name, value] of extra.headers ?? []) headers.append(name, value);
  if (extra.contentType !== undefined) headers.set("Content-Type", extra.contentType);
  return {
    type: "response",
    status,
    reason: reason ?? reasonPhrase(status),
    version: SIP_VERSION,
    headers,
    body: extra.body ?? Buffer.alloc(0),
  };
}

export interface RequestParts {
  method: string;
  uri: string;
  headers?: Headers | Iterable<readonly [string, string]>;
  body?: Buffer | string;
}

/** Convenience constructor; headers are copied, a string body is UTF-8 encoded. */
export function createRequest(parts: RequestParts): SipRequest {
  const headers = parts.headers instanceof Headers ? parts.headers.clone() : new Headers(parts.headers);
  const body =
    typeof parts.body === "string" ? Buffer.from(parts.body, "utf8") : (parts.body ?? Buffer.alloc(0));
  return { type: "request", method: parts.method, uri: parts.uri, version: SIP_VERSION, headers, body };
}
