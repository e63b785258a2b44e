import {
  createResponse,
  formatVia,
  parseCSeq,
  parseMessage,
  parseVia,
  serializeMessage,
  type Headers,
} from "../message";
import type { Remote } from "./transport";

/** The headers RFC 3261 §8.2.6.2 copies into a response; without them nothing can be answered. */
const NEEDED = ["Via", "From", "To", "Call-ID", "CSeq"];

/**
 * The 413 for a request whose header section arrived but whose body exceeds the maximum message
 * size, or undefined when there is nothing to answer (a response, an ACK, headers missing).
 *
 * RFC 3261 §21.4.11: "The server is refusing to process a request because the request entity-body
 * is larger than the server is willing or able to process." Only the header section is given: the
 * parser then reports the missing body, and what it salvaged is enough to build the response.
 */
export function requestTooLargeResponse(headerSection: Buffer, source: Remote): Buffer | undefined {
  const parsed = parseMessage(headerSection);
  const partial = parsed.ok ? undefined : parsed.partial;
  if (!partial?.headers || partial.isResponse !== false) return undefined;
  const headers = partial.headers.clone();
  if (NEEDED.some((name) => !headers.has(name))) return undefined;
  const method = partial.method ?? parseCSeq(headers.get("CSeq") ?? "")?.method;
  // RFC 3261 §17.1.1.3: an ACK is never answered.
  if (method === undefined || method === "ACK") return undefined;
  if (!stampReceived(headers, source)) return undefined;
  return serializeMessage(createResponse({ headers }, 413, "Request Entity Too Large"));
}

/**
 * RFC 3261 §18.2.1: "If the host portion of the "sent-by" field contains a domain name, or if it
 * contains an IP address that differs from the packet source address, the server MUST add a
 * "received" parameter to that Via header field value." RFC 3581 §4 fills an empty `rport`.
 * False when the top Via does not parse.
 */
function stampReceived(headers: Headers, source: Remote): boolean {
  const top = headers.getFirst("Via");
  const via = top === undefined ? undefined : parseVia(top);
  if (!via) return false;
  const emptyRport = Object.hasOwn(via.params, "rport") && via.params.rport === null;
  if (via.host === source.address && !emptyRport && !Object.hasOwn(via.params, "received")) return true;
  via.params.received = source.address;
  if (emptyRport) via.params.rport = String(source.port);
  headers.removeFirstValue("Via");
  headers.prepend("Via", formatVia(via));
  return true;
}
