import diagnosticsChannel from "node:diagnostics_channel";
import { performance } from "node:perf_hooks";
import type { LocalEndpoint, Remote } from "./transport";

/** Name of the `node:diagnostics_channel` that carries every SIP datagram / framed message. */
export const SIP_WIRE_CHANNEL = "siplab:sip:wire";

/** Payload published on {@link SIP_WIRE_CHANNEL}. */
export interface WireEvent {
  direction: "send" | "receive";
  /** The bytes exactly as sent or received, parsed or not. */
  raw: Buffer;
  local: LocalEndpoint;
  remote: Remote;
  /** Milliseconds since the epoch, fractional. */
  timestamp: number;
}

/** Publishes wire events; building the payload is skipped while nobody subscribes. */
export interface WireTap {
  publish(direction: WireEvent["direction"], raw: Buffer, local: LocalEndpoint, remote: Remote): void;
}

export function createWireTap(): WireTap {
  const channel = diagnosticsChannel.channel(SIP_WIRE_CHANNEL);
  return {
    publish(direction, raw, local, remote) {
      if (!channel.hasSubscribers) return;
      const event: WireEvent = {
        direction,
        raw,
        local,
        remote: { ...remote },
        timestamp: performance.timeOrigin + performance.now(),
      };
      channel.publish(event);
    },
  };
}
