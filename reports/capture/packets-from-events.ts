import { endpointKey, type WirePacket } from "./wire-packet";

/** A wire-tap event as sip-core publishes it (the fields the capture needs). */
export interface CapturedEvent {
  direction: "send" | "receive";
  raw: Buffer;
  local: { transport: "udp" | "tcp"; address: string; port: number };
  remote: { transport: "udp" | "tcp"; address: string; port: number };
  timestamp: number;
}

function sameEndpoint(a: { address: string; port: number }, b: { address: string; port: number }): boolean {
  return a.address === b.address && a.port === b.port;
}

/**
 * The packets of one scenario, each once. The tap is process-wide, so a message between two
 * in-process endpoints is published twice (send and receive); an embedded server publishes its
 * own side too. The harness side is kept: the server's own events are dropped (its traffic is
 * seen from the phones), and a receive whose sender is an in-process endpoint is dropped because
 * that sender's send event already stands for the packet.
 */
export function packetsFromEvents(
  events: readonly CapturedEvent[],
  server?: { address: string; port: number },
): WirePacket[] {
  const kept = server ? events.filter((e) => !sameEndpoint(e.local, server)) : [...events];
  const locals = new Set(kept.map((e) => `${e.local.transport} ${endpointKey(e.local)}`));
  const packets: WirePacket[] = [];
  for (const e of kept) {
    const local = { address: e.local.address, port: e.local.port };
    const remote = { address: e.remote.address, port: e.remote.port };
    if (e.direction === "receive" && locals.has(`${e.remote.transport} ${endpointKey(remote)}`)) continue;
    const [src, dst] = e.direction === "send" ? [local, remote] : [remote, local];
    packets.push({
      index: packets.length,
      timestamp: e.timestamp,
      transport: e.local.transport,
      src,
      dst,
      payload: e.raw,
    });
  }
  return packets;
}
