import { formatVia, parseVia, type Headers, type Via } from "../message";
import type { Remote } from "../transport";

const DEFAULT_SIP_PORT = 5060;

/**
 * Stamps the top Via of a received request with `received` / `rport` and returns it parsed, or
 * undefined when there is no usable top Via (nowhere to send a response). A malformed top Via is
 * left as received; the returned copy still carries the routing parameters.
 *
 * RFC 3261 §18.2.1: "If the host portion of the "sent-by" field contains a domain name, or if it
 * contains an IP address that differs from the packet source address, the server MUST add a
 * "received" parameter to that Via header field value."
 * RFC 3581 §4: "If this Via header field value contains an "rport" parameter with no value, it
 * MUST set the value of the parameter to the source port of the request." ... "the server MUST
 * insert a "received" parameter containing the source IP address that the request came from, even
 * if it is identical to the value of the "sent-by" component."
 */
export function stampTopVia(headers: Headers, source: Remote): TopVia | undefined {
  const top = readTopVia(headers);
  if (!top) return undefined;
  const params = top.via.params;
  const emptyRport = has(params, "rport") && params.rport === null;
  // A `received` already on the top Via is untrusted input; responses must follow the real source.
  const staleReceived = has(params, "received") && params.received !== source.address;
  if (!emptyRport && !staleReceived && sameHost(top.via.host, source.address)) return top;
  params.received = source.address;
  if (emptyRport) params.rport = String(source.port);
  if (top.wellFormed) {
    headers.removeFirstValue("Via");
    headers.prepend("Via", formatVia(top.via));
  }
  return top;
}

/** The top Via; `wellFormed` is false when only its sent-by (and rport) could be salvaged. */
export interface TopVia {
  via: Via;
  wellFormed: boolean;
}

/**
 * Parses the top Via, falling back to its sent-by alone when the parameters are malformed
 * (RFC 4475 §3.1.2.1 `;;,;,,`) so that a 400 can still be routed.
 */
export function readTopVia(headers: Headers): TopVia | undefined {
  const raw = headers.getFirst("Via");
  if (raw === undefined) return undefined;
  const via = parseVia(raw);
  if (via) return { via, wellFormed: true };
  const semi = raw.indexOf(";");
  const salvaged = parseVia(semi < 0 ? raw : raw.slice(0, semi));
  if (!salvaged) return undefined;
  const rport = semi < 0 ? null : /;\s*rport\s*(?:=\s*(\d+))?/i.exec(raw.slice(semi));
  if (rport) salvaged.params.rport = rport[1] ?? null;
  return { via: salvaged, wellFormed: false };
}

/**
 * Where a response to a request goes (RFC 3261 §18.2.2 with RFC 3581 §4), given the top Via as
 * stamped by {@link stampTopVia}. The transport the request arrived on is used, whatever the Via
 * says, and `maddr` is not honoured: responses only ever go back towards the packet source.
 */
export function responseDestination(via: Via, source: Remote): Remote {
  const address = via.params.received ?? via.host;
  const sentByPort = via.port ?? DEFAULT_SIP_PORT;
  if (source.transport === "tcp") {
    // RFC 3261 §18.2.2: "the response MUST be sent using the existing connection to the source of
    // the original request that created the transaction, if that connection is still open."
    return { transport: "tcp", address, port: sentByPort, connectionId: source.connectionId };
  }
  // RFC 3581 §4: "it MUST send it to the IP address indicated in the "received" parameter, and the
  // port indicated in the "rport" parameter."
  const rport = Number(via.params.rport ?? Number.NaN);
  const port = Number.isInteger(rport) && rport > 0 && rport <= 65535 ? rport : sentByPort;
  return { transport: "udp", address, port };
}

function has(params: Via["params"], name: string): boolean {
  return Object.prototype.hasOwnProperty.call(params, name);
}

/** Compares a sent-by host with a socket address: IPv6 brackets and IPv4-mapped prefixes ignored. */
function sameHost(sentBy: string, address: string): boolean {
  const bare = (host: string): string =>
    host
      .replace(/^\[(.*)\]$/, "$1")
      .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1")
      .toLowerCase();
  return bare(sentBy) === bare(address);
}
