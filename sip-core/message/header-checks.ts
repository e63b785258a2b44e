// Checks the parser applies to the headers every element needs (RFC 3261 §8.1.1, §8.2.2, §20).
// Other headers stay unparsed text until someone asks for them.
import { parseCSeq } from "./cseq";
import { splitList, type Headers } from "./headers";
import { parseContactValue, parseNameAddr } from "./name-addr";
import { parseVia } from "./via";

/** Headers that may appear once only (RFC 3261 §7.3.1 allows repetition for list-valued ones only). */
export const SINGLE_VALUED = new Set(["call-id", "from", "to", "cseq", "max-forwards", "content-length"]);

/** RFC 3261 §8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum, contain the following
 * header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via". Max-Forwards is not demanded here:
 * RFC 2543 requests lack it and RFC 4475 §3.4.1 asks that they still be accepted. */
const MANDATORY = ["Via", "From", "To", "Call-ID", "CSeq"];

/** Largest Max-Forwards (RFC 3261 §20.22: "an integer in the range 0-255"). */
const MAX_FORWARDS_LIMIT = 255;

/** Returns a description of the first problem, or undefined when the headers are usable. */
export function checkHeaders(headers: Headers, requestMethod: string | undefined): string | undefined {
  for (const name of MANDATORY) if (!headers.has(name)) return `missing mandatory header ${name}`;

  if (headers.get("Call-ID")?.trim() === "") return "empty Call-ID";

  const cseq = parseCSeq(headers.get("CSeq") ?? "");
  if (!cseq) return `malformed CSeq "${(headers.get("CSeq") ?? "").slice(0, 60)}"`;
  // RFC 3261 §8.1.1.5: "The method MUST match that of the request."
  if (requestMethod !== undefined && cseq.method !== requestMethod) {
    return `CSeq method ${cseq.method} does not match request method ${requestMethod}`;
  }

  const maxForwards = headers.get("Max-Forwards");
  if (maxForwards !== undefined && (!/^\d+$/.test(maxForwards) || Number(maxForwards) > MAX_FORWARDS_LIMIT)) {
    return `malformed Max-Forwards "${maxForwards.slice(0, 20)}"`;
  }

  for (const name of ["From", "To"]) {
    if (!parseNameAddr(headers.get(name) ?? "")) return `malformed ${name} header`;
  }

  for (const [name, value] of headers.entries()) {
    if (name !== "Via") continue;
    for (const element of splitList(value))
      if (!parseVia(element)) return `malformed Via "${value.slice(0, 80)}"`;
  }

  let contacts = 0;
  let star = false;
  for (const [name, value] of headers.entries()) {
    if (name !== "Contact") continue;
    for (const element of splitList(value)) {
      const contact = parseContactValue(element);
      if (!contact) return `malformed Contact "${value.slice(0, 80)}"`;
      contacts++;
      star ||= contact.star;
    }
  }
  // RFC 3261 §25.1: Contact = ("Contact" / "m") HCOLON (STAR / (contact-param *(COMMA contact-param)))
  if (star && contacts > 1) return "Contact * must be the only Contact value";
  return undefined;
}
