// Packets for the ladder specs (not a spec itself: the unit-test runner only picks *.spec.ts).
import type { PacketEndpoint, WirePacket } from "../capture/wire-packet";

export const SERVER: PacketEndpoint = { address: "127.0.0.1", port: 5060 };
export const ALICE: PacketEndpoint = { address: "127.0.0.1", port: 40001 };
export const BOB: PacketEndpoint = { address: "127.0.0.1", port: 40002 };
export const T0 = 1_700_000_000_000;

/** A minimal well-formed request from alice. */
export function request(method: string, cseq: number, branch: string, uri = "sip:bob@example.com"): Buffer {
  return Buffer.from(
    `${method} ${uri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:40001;branch=${branch}\r\n` +
      `Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>\r\n` +
      `Call-ID: call-1\r\nCSeq: ${cseq} ${method}\r\nContent-Length: 0\r\n\r\n`,
  );
}

/** The response to {@link request} with the same Via, CSeq and Call-ID. */
export function response(
  status: number,
  reason: string,
  method: string,
  cseq: number,
  branch: string,
): Buffer {
  return Buffer.from(
    `SIP/2.0 ${status} ${reason}\r\nVia: SIP/2.0/UDP 127.0.0.1:40001;branch=${branch}\r\n` +
      `From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>;tag=b1\r\n` +
      `Call-ID: call-1\r\nCSeq: ${cseq} ${method}\r\nContent-Length: 0\r\n\r\n`,
  );
}

let nextIndex = 0;
/** A packet `atMs` after {@link T0}; indexes count up across calls. */
export function packet(
  src: PacketEndpoint,
  dst: PacketEndpoint,
  payload: Buffer,
  atMs: number,
  transport: WirePacket["transport"] = "udp",
): WirePacket {
  return { index: nextIndex++, timestamp: T0 + atMs, transport, src, dst, payload };
}
