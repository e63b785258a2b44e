import {
  createResponse,
  parseUri,
  type Remote,
  type SipRequest,
  type SipResponse,
  type SipStack,
  type ServerTransaction,
} from "../../sip-core";
import type { Binding } from "../registrar/usrloc";

/** Where to send a request for a contact: RFC 3263 reduced to what loopback test UAs need (no DNS). */
export function destinationOf(contact: string): Remote | undefined {
  const uri = parseUri(contact);
  if (!uri || !uri.host) return undefined;
  const transport = String(uri.params.transport ?? "udp").toLowerCase() === "tcp" ? "tcp" : "udp";
  return { transport, address: uri.host.replace(/^\[|\]$/g, ""), port: uri.port ?? 5060 };
}

/** RFC 3261 §16.7 step 6, reduced for non-INVITE: 6xx beats all, then the lowest class, 408 last. */
function better(a: SipResponse, b: SipResponse): SipResponse {
  const rank = (r: SipResponse) => (r.status >= 600 ? 0 : r.status === 408 ? 9 : Math.floor(r.status / 100));
  return rank(b) < rank(a) ? b : a;
}

export interface ForwardOptions {
  stack: SipStack;
  /** tm fr_timer: how long a branch may stay without a final response. */
  timeoutMs: number;
}

/**
 * Stateful forwarding of a non-INVITE request to registered contacts (REG-F-lookup, append_branches):
 * one client transaction per branch; the first 2xx is relayed at once, otherwise the best final
 * response once every branch has ended. Our own Via is removed before relaying (RFC 3261 §16.7 step 3).
 */
export async function forwardToContacts(
  tx: ServerTransaction,
  targets: Binding[],
  opts: ForwardOptions,
): Promise<SipResponse> {
  let answered = false;
  const relay = (res: SipResponse) => {
    if (answered) return;
    answered = true;
    // Whatever produced `res` (the wire or a synthetic timeout), the answer carries the Vias the
    // request arrived with: ours is gone and nothing below it changed.
    const copy: SipResponse = { ...res, headers: res.headers.clone() };
    copy.headers.set("Via", tx.request.headers.getAll("Via"));
    tx.respond(copy);
  };
  const branches = targets.map(async (b): Promise<SipResponse> => {
    const dest = destinationOf(b.contact);
    const branchReq: SipRequest = { ...tx.request, uri: b.contact, headers: tx.request.headers.clone() };
    const mf = Number(branchReq.headers.get("Max-Forwards") ?? "70");
    branchReq.headers.set("Max-Forwards", String(Math.max(0, (Number.isFinite(mf) ? mf : 70) - 1)));
    if (!dest) return createResponse(tx.request, 480, "Temporarily Unavailable");
    const res = await opts.stack.sendRequest(branchReq, dest, { timeoutMs: opts.timeoutMs });
    if (res.status >= 200 && res.status < 300) relay(res);
    return res;
  });
  const finals = await Promise.all(branches);
  const best = finals.reduce(better);
  relay(best);
  return best;
}
