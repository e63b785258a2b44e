import { isIPv4, isIPv6 } from "node:net";
import type { PacketEndpoint, WirePacket } from "../capture/wire-packet";

/** LINKTYPE_RAW: each record starts with an IPv4 or IPv6 header; no made-up link layer needed. */
export const PCAP_LINKTYPE_RAW = 101;
/** Snapshot length written in the file header (what tcpdump uses by default). */
export const PCAP_SNAPLEN = 262144;
/** Largest TCP segment payload the writer emits (Ethernet MSS, also advertised in the SYNs). */
export const TCP_MSS = 1460;
/**
 * Largest UDP payload for IPv4 (65535 − 20 − 8) and IPv6 (UDP length field is 16 bits). A larger
 * datagram cannot exist on a wire, and IP fragments cannot exceed it either, so it is truncated
 * to this size with consistent IP/UDP lengths: the packet stays well-formed, the tail is lost.
 */
export const MAX_UDP_PAYLOAD = { 4: 65507, 6: 65527 } as const;

const PROTO_TCP = 6;
const PROTO_UDP = 17;
const TCP_SYN = 0x02;
const TCP_PSH = 0x08;
const TCP_ACK = 0x10;
/** Window field value; with the scale below it advertises ~1 GiB so big bodies never "fill" it. */
const TCP_WINDOW = 65535;
const TCP_WINDOW_SHIFT = 14;
const TCP_WINDOW_BYTES = TCP_WINDOW * 2 ** TCP_WINDOW_SHIFT;
/** SYN options: MSS 1460, NOP, window scale 14 (so tshark knows the scaled window). */
const SYN_OPTIONS = Buffer.from([2, 4, TCP_MSS >> 8, TCP_MSS & 0xff, 1, 3, 3, TCP_WINDOW_SHIFT]);
const EMPTY: Buffer = Buffer.alloc(0);

interface IpAddress {
  family: 4 | 6;
  bytes: Buffer;
}

interface Side {
  ip: IpAddress;
  port: number;
}

/** One synthesized TCP connection: index 0 is the side that spoke first (the client). */
interface TcpConnection {
  sides: [string, string];
  nextSeq: [number, number];
}

function parseIPv4(text: string): Buffer | undefined {
  return isIPv4(text) ? Buffer.from(text.split(".").map(Number)) : undefined;
}

function parseIPv6(text: string): Buffer | undefined {
  if (!isIPv6(text)) return undefined;
  const words = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          const v4 = group.includes(".") ? parseIPv4(group) : undefined;
          return v4 ? [v4.readUInt16BE(0), v4.readUInt16BE(2)] : [parseInt(group, 16)];
        });
  const [head, tail] = text.split("::");
  const left = words(head);
  const right = tail === undefined ? [] : words(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = Buffer.alloc(16);
  all.forEach((w, i) => bytes.writeUInt16BE(w, i * 2));
  return bytes;
}

/** Parses a literal address; "::ffff:a.b.c.d" (dual-stack sockets) counts as the IPv4 it maps. */
function parseAddress(address: string): IpAddress {
  const text = address.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const v4 = parseIPv4(text);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIPv6(text);
  if (!v6) throw new Error(`pcap: "${address}" is not an IPv4 or IPv6 address literal`);
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6.readUInt16BE(10) === 0xffff;
  return mapped ? { family: 4, bytes: Buffer.from(v6.subarray(12)) } : { family: 6, bytes: v6 };
}

function side(e: PacketEndpoint): Side {
  if (!Number.isInteger(e.port) || e.port < 0 || e.port > 65535) {
    throw new Error(`pcap: port ${e.port} of ${e.address} is not a 16-bit port`);
  }
  return { ip: parseAddress(e.address), port: e.port };
}

const sideKey = (s: Side): string => `${s.ip.bytes.toString("hex")}/${s.port}`;

/** Adds the big-endian 16-bit words of buf[start, end) to sum (RFC 1071, not yet folded). */
function sum16(buf: Buffer, start: number, end: number, sum = 0): number {
  let i = start;
  for (; i + 1 < end; i += 2) sum += (buf[i] << 8) | buf[i + 1];
  if (i < end) sum += buf[i] << 8;
  return sum;
}

function checksum(sum: number): number {
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/**
 * Builds one IP datagram around an L4 header and payload in a single allocation, filling the
 * IPv4 header checksum and the L4 checksum (pseudo-header included) at l4ChecksumAt.
 */
function ipDatagram(
  src: IpAddress,
  dst: IpAddress,
  proto: number,
  l4Header: Buffer,
  payload: Buffer,
  l4ChecksumAt: number,
  ipId: number,
): Buffer {
  const ipLen = src.family === 4 ? 20 : 40;
  const l4Len = l4Header.length + payload.length;
  const buf = Buffer.alloc(ipLen + l4Len);
  if (src.family === 4) {
    buf.writeUInt8(0x45, 0); // version 4, 5-word header
    buf.writeUInt16BE(ipLen + l4Len, 2);
    buf.writeUInt16BE(ipId & 0xffff, 4);
    buf.writeUInt16BE(0x4000, 6); // DF: never fragmented
    buf.writeUInt8(64, 8);
    buf.writeUInt8(proto, 9);
    src.bytes.copy(buf, 12);
    dst.bytes.copy(buf, 16);
    buf.writeUInt16BE(checksum(sum16(buf, 0, 20)), 10);
  } else {
    buf.writeUInt32BE(0x60000000, 0);
    buf.writeUInt16BE(l4Len, 4);
    buf.writeUInt8(proto, 6);
    buf.writeUInt8(64, 7);
    src.bytes.copy(buf, 8);
    dst.bytes.copy(buf, 24);
  }
  l4Header.copy(buf, ipLen);
  payload.copy(buf, ipLen + l4Header.length);
  // Pseudo-header: both addresses, protocol and L4 length (same sum for both families).
  let sum = sum16(src.bytes, 0, src.bytes.length) + sum16(dst.bytes, 0, dst.bytes.length);
  sum += proto + (l4Len >>> 16) + (l4Len & 0xffff);
  const cs = checksum(sum16(buf, ipLen, buf.length, sum));
  // A computed 0 is sent as 0xffff for UDP (0 means "no checksum"); for TCP it is sent as is.
  buf.writeUInt16BE(cs === 0 && proto === PROTO_UDP ? 0xffff : cs, ipLen + l4ChecksumAt);
  return buf;
}

/** Accumulates pcap records; keeps timestamps non-decreasing. */
class PcapBuilder {
  private readonly chunks: Buffer[] = [];
  private lastUs = 0;
  private ipId = 0;
  /** Records written so far, i.e. the 1-based frame number of the latest one. */
  frames = 0;
  private readonly tcp = new Map<string, TcpConnection>();

  constructor() {
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0); // microsecond timestamps, little-endian file
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(PCAP_SNAPLEN, 16);
    header.writeUInt32LE(PCAP_LINKTYPE_RAW, 20);
    this.chunks.push(header);
  }

  result(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Clock for the next message: its own time, but never before a record already written. */
  setTime(p: WirePacket): void {
    if (!Number.isFinite(p.timestamp) || p.timestamp < 0 || p.timestamp / 1000 >= 2 ** 32) {
      throw new Error(`pcap: packet ${p.index} has an unusable timestamp ${p.timestamp}`);
    }
    this.lastUs = Math.max(this.lastUs, Math.round(p.timestamp * 1000));
  }

  private record(packet: Buffer): void {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(this.lastUs / 1e6), 0);
    rec.writeUInt32LE(this.lastUs % 1e6, 4);
    rec.writeUInt32LE(packet.length, 8); // never above PCAP_SNAPLEN: IP caps datagrams at 64 KiB
    rec.writeUInt32LE(packet.length, 12);
    this.chunks.push(rec, packet);
    this.frames++;
  }

  udp(src: Side, dst: Side, payload: Buffer): number {
    const data = payload.subarray(0, MAX_UDP_PAYLOAD[src.ip.family]);
    const header = Buffer.alloc(8);
    header.writeUInt16BE(src.port, 0);
    header.writeUInt16BE(dst.port, 2);
    header.writeUInt16BE(8 + data.length, 4);
    this.record(ipDatagram(src.ip, dst.ip, PROTO_UDP, header, data, 6, this.ipId++));
    return this.frames;
  }

  private segment(src: Side, dst: Side, seq: number, ack: number, flags: number, data: Buffer = EMPTY): void {
    const options = flags & TCP_SYN ? SYN_OPTIONS : EMPTY;
    const header = Buffer.alloc(20 + options.length);
    header.writeUInt16BE(src.port, 0);
    header.writeUInt16BE(dst.port, 2);
    header.writeUInt32BE(seq >>> 0, 4);
    header.writeUInt32BE(flags & TCP_ACK ? ack >>> 0 : 0, 8);
    header.writeUInt16BE(((header.length / 4) << 12) | flags, 12);
    header.writeUInt16BE(TCP_WINDOW, 14);
    options.copy(header, 20);
    this.record(ipDatagram(src.ip, dst.ip, PROTO_TCP, header, data, 16, this.ipId++));
  }

  /**
   * Sends one message over the pair's connection, opening it (3-way handshake) on first use.
   * Returns the frame of its last segment (0 when empty: no bytes go on the wire).
   */
  tcpMessage(src: Side, dst: Side, payload: Buffer): number {
    const key = [sideKey(src), sideKey(dst)].sort().join(" ");
    let conn = this.tcp.get(key);
    if (!conn) {
      // Deterministic, distinct initial sequence numbers per connection.
      const isn = (this.tcp.size * 0x01000193 + 0x10000000) >>> 0;
      conn = { sides: [sideKey(src), sideKey(dst)], nextSeq: [isn, (isn + 0x40000000) >>> 0] };
      this.tcp.set(key, conn);
      const [c, s] = conn.nextSeq;
      this.segment(src, dst, c, 0, TCP_SYN);
      this.segment(dst, src, s, c + 1, TCP_SYN | TCP_ACK);
      this.segment(src, dst, c + 1, s + 1, TCP_ACK);
      conn.nextSeq = [(c + 1) >>> 0, (s + 1) >>> 0];
    }
    const from = conn.sides[0] === sideKey(src) ? 0 : 1;
    const to = 1 - from;
    const ack = conn.nextSeq[to];
    let inFlight = 0;
    let lastFrame = 0;
    for (let off = 0; off < payload.length; off += TCP_MSS) {
      const data = payload.subarray(off, off + TCP_MSS);
      if (inFlight + data.length > TCP_WINDOW_BYTES) {
        this.segment(dst, src, ack, conn.nextSeq[from], TCP_ACK); // keep the window open
        inFlight = 0;
      }
      const last = off + TCP_MSS >= payload.length;
      this.segment(src, dst, conn.nextSeq[from], ack, TCP_ACK | (last ? TCP_PSH : 0), data);
      conn.nextSeq[from] = (conn.nextSeq[from] + data.length) >>> 0;
      inFlight += data.length;
      lastFrame = this.frames;
    }
    // The receiver acknowledges the whole message, as a real stack would soon after.
    if (payload.length > 0) this.segment(dst, src, ack, conn.nextSeq[from], TCP_ACK);
    return lastFrame;
  }
}

/** A pcap file and where each message landed in it. */
export interface IndexedPcap {
  pcap: Buffer;
  /**
   * 1-based frame number (as Wireshark numbers them) of the record that completes each input
   * packet, by position in the input: the UDP datagram, or the last TCP segment, where tshark
   * shows the reassembled message; 0 for an empty TCP message, which puts nothing on the wire.
   */
  frames: number[];
}

/**
 * Turns captured SIP messages into a classic libpcap file (magic 0xa1b2c3d4, microsecond
 * timestamps, version 2.4, snaplen 262144, LINKTYPE_RAW) that Wireshark decodes as SIP.
 *
 * Packets are written in the given order. Each record carries its message's timestamp, raised
 * to the previous record's time if the clock went backwards, so the file never goes back in time.
 * UDP: one datagram per message (truncated to {@link MAX_UDP_PAYLOAD} if larger, which no real
 * wire carries). TCP: the first message between two endpoints opens a connection with a 3-way
 * handshake (its sender is the client); each message is split into {@link TCP_MSS}-byte segments
 * with consistent sequence/acknowledgement numbers, then acknowledged by the receiver. No FIN.
 * Addresses "::ffff:a.b.c.d" are written as the IPv4 address they map.
 *
 * @throws Error when an address is not an IP literal, a port or timestamp is out of range, or
 * one packet mixes IPv4 and IPv6.
 */
export function writePcap(packets: readonly WirePacket[]): Buffer {
  return writePcapWithFrames(packets).pcap;
}

/** {@link writePcap}, also telling which frame shows each packet (for links or tshark checks). */
export function writePcapWithFrames(packets: readonly WirePacket[]): IndexedPcap {
  const pcap = new PcapBuilder();
  const frames: number[] = [];
  for (const p of packets) {
    const src = side(p.src);
    const dst = side(p.dst);
    if (src.ip.family !== dst.ip.family) {
      throw new Error(
        `pcap: packet ${p.index} mixes address families (${p.src.address} -> ${p.dst.address})`,
      );
    }
    pcap.setTime(p);
    if (p.transport === "udp") frames.push(pcap.udp(src, dst, p.payload));
    else if (p.transport === "tcp") frames.push(pcap.tcpMessage(src, dst, p.payload));
    else throw new Error(`pcap: packet ${p.index} has unknown transport ${String(p.transport)}`);
  }
  return { pcap: pcap.result(), frames };
}
