/** One end of a captured packet. */
export interface PacketEndpoint {
  address: string;
  port: number;
}

/**
 * One SIP message as it crossed the wire during a scenario, seen once (the capture keeps the
 * harness side of every exchange, so a message both ends saw in-process is not doubled).
 */
export interface WirePacket {
  /** Position in the scenario's capture, from 0; anchors in the scenario page use it. */
  index: number;
  /** Milliseconds since the epoch, fractional. */
  timestamp: number;
  transport: "udp" | "tcp";
  src: PacketEndpoint;
  dst: PacketEndpoint;
  /** The bytes exactly as sent or received (one whole SIP message, or unparseable bytes). */
  payload: Buffer;
}

/** "127.0.0.1:5060": the key of an endpoint in label maps. */
export function endpointKey(e: PacketEndpoint): string {
  return e.address.includes(":") ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}
