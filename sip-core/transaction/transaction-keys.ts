import { parseCSeq, type SipRequest, type Via } from "../message";
import { tagOf } from "./to-tag";

const MAGIC_COOKIE = "z9hG4bK";

/**
 * Key of the server transaction a request belongs to.
 *
 * RFC 3261 §17.2.3: with a branch starting with the magic cookie, a request matches when "the
 * branch parameter in the request is equal to the one in the top Via header field of the request
 * that created the transaction", "the sent-by value in the top Via of the request is equal to the
 * one in the request that created the transaction", and "the method of the request matches the one
 * that created the transaction, except for ACK, where the method of the request that created the
 * transaction is INVITE".
 */
export function serverKey(req: SipRequest, topVia: Via, method: string = req.method): string {
  const txMethod = method === "ACK" ? "INVITE" : method;
  const branch = topVia.params.branch;
  if (branch && branch.startsWith(MAGIC_COOKIE)) {
    return `${branch}\n${topVia.host.toLowerCase()}:${topVia.port ?? ""}\n${txMethod}`;
  }
  return rfc2543Key(req, topVia, txMethod);
}

/**
 * RFC 3261 §17.2.3 backwards compatibility with RFC 2543: match on Request-URI, tags, Call-ID,
 * CSeq and the top Via. The To tag is left out for INVITE/ACK because the ACK carries the tag of
 * the response while the INVITE did not.
 */
function rfc2543Key(req: SipRequest, topVia: Via, txMethod: string): string {
  const { headers } = req;
  const cseq = parseCSeq(headers.get("CSeq") ?? "");
  const toTag = txMethod === "INVITE" ? "" : (tagOf(headers.get("To")) ?? "");
  const via = `${topVia.transport} ${topVia.host.toLowerCase()}:${topVia.port ?? ""};${topVia.params.branch ?? ""}`;
  return [
    "2543",
    req.uri,
    toTag,
    tagOf(headers.get("From")) ?? "",
    headers.get("Call-ID") ?? "",
    cseq?.seq ?? "",
    txMethod,
    via,
  ].join("\n");
}

/**
 * Key of the client transaction a response belongs to. RFC 3261 §17.1.3: the response matches
 * when its top Via branch equals the request's and "the method parameter in the CSeq header field
 * matches the method of the request that created the transaction".
 */
export function clientKey(branch: string, cseqMethod: string): string {
  return `${branch}\n${cseqMethod}`;
}
