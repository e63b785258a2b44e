import { createResponse, parseCSeq, type ParseResult, type SipRequest, type SipResponse } from "../message";
import type { Remote } from "../transport";
import { responseDestination, stampTopVia } from "./response-routing";

export type ParseFailure = Extract<ParseResult, { ok: false }>;

const MAX_REASON_DETAIL = 100;

/**
 * The stateless answer to a request the parser rejected, with where to send it; undefined when
 * nothing can be answered (a response, an ACK, no usable top Via or CSeq).
 *
 * RFC 3261 §8.2: a UAS must be able to reject malformed requests; RFC 4475 §3.1.2 expects a 400
 * for most of them, and §3.1.2.16: "respond with 505 Version Not Supported" for SIP/7.0.
 */
export function answerMalformed(
  result: ParseFailure,
  source: Remote,
): { res: SipResponse; dest: Remote } | undefined {
  const partial = result.partial;
  if (!partial?.headers || partial.isResponse) return undefined;
  const headers = partial.headers.clone();
  const cseqText = headers.get("CSeq");
  if (cseqText === undefined) return undefined;
  const method = partial.method ?? parseCSeq(cseqText)?.method ?? cseqText.trim().split(/\s+/).pop() ?? "";
  // RFC 3261 §17.1.1.3: an ACK is never answered.
  if (method.toUpperCase() === "ACK") return undefined;
  const top = stampTopVia(headers, source);
  if (!top) return undefined;
  const request: SipRequest = {
    type: "request",
    method,
    uri: "",
    version: "SIP/2.0",
    headers,
    body: Buffer.alloc(0),
  };
  const res =
    result.error.code === "SIP_ERR_VERSION"
      ? createResponse(request, 505, "Version Not Supported")
      : createResponse(request, 400, badRequestReason(result.error.message));
  return { res, dest: responseDestination(top.via, source) };
}

/** "Bad Request (<problem>)", kept to one printable line of bounded length. */
export function badRequestReason(problem: string): string {
  // A Reason-Phrase may not hold CR, LF or other controls (RFC 3261 §25.1).
  const printable = Array.from(problem, (ch) => (ch < " " || ch === "\x7f" ? " " : ch)).join("");
  const detail = printable.replace(/\s+/g, " ").trim().slice(0, MAX_REASON_DETAIL);
  return detail === "" ? "Bad Request" : `Bad Request (${detail})`;
}
