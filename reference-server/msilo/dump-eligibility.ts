import { parseContactValue, type SipRequest } from "../../sip-core";

/**
 * MSILO-B-dump-eligibility: a REGISTER triggers m_dump only if one of its Contacts has a positive
 * expiry (its `expires` param, else the Expires header; neither counts as positive) and advertises
 * MESSAGE: in its `methods` param, else in the Allow header; with neither, MESSAGE is assumed.
 */
export function dumpEligible(req: SipRequest): boolean {
  const expiresHeader = req.headers.get("Expires");
  const allow = req.headers.getAll("Allow").map((m) => m.trim().toUpperCase());
  for (const value of req.headers.getAll("Contact")) {
    const c = parseContactValue(value);
    if (!c || c.star) continue;
    const raw = c.params.expires ?? expiresHeader;
    if (raw !== undefined && raw !== null && !(Number(raw) > 0)) continue;
    const methods = c.params.methods;
    const list =
      methods !== undefined && methods !== null
        ? methods
            .replace(/^"|"$/g, "")
            .split(",")
            .map((m) => m.trim().toUpperCase())
        : allow;
    if (list.length === 0 || list.includes("MESSAGE")) return true;
  }
  return false;
}
