import { after, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PacketEndpoint, WirePacket } from "../capture/wire-packet";
import { MAX_UDP_PAYLOAD, TCP_MSS, writePcap, writePcapWithFrames } from "./pcap-writer";
import { tsharkMalformed, type TsharkCheck } from "./tshark-check";

const UA: PacketEndpoint = { address: "127.0.0.1", port: 40123 };
const SERVER: PacketEndpoint = { address: "127.0.0.1", port: 5070 };
const TCP_UA: PacketEndpoint = { address: "127.0.0.1", port: 40124 };
const UA6: PacketEndpoint = { address: "::1", port: 40125 };
const SERVER6: PacketEndpoint = { address: "::1", port: 5070 };

function request(method: string, uri: string, via: string, body = ""): string {
  return (
    `${method} ${uri} SIP/2.0\r\nVia: SIP/2.0/${via};branch=z9hG4bK-${method}\r\nMax-Forwards: 70\r\n` +
    `From: <sip:alice@example.test>;tag=a1\r\nTo: <sip:bob@example.test>\r\n` +
    `Call-ID: ${method}-1@example.test\r\nCSeq: 1 ${method}\r\nContact: <sip:alice@${via.split(" ")[1]}>\r\n` +
    (body ? "Content-Type: text/plain\r\n" : "") +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

function response(status: string, method: string, via: string): string {
  return (
    `SIP/2.0 ${status}\r\nVia: SIP/2.0/${via};branch=z9hG4bK-${method}\r\n` +
    `From: <sip:alice@example.test>;tag=a1\r\nTo: <sip:bob@example.test>;tag=b1\r\n` +
    `Call-ID: ${method}-1@example.test\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`
  );
}

const REGISTER = request("REGISTER", "sip:example.test", "UDP 127.0.0.1:40123");
const REGISTER_OK = response("200 OK", "REGISTER", "UDP 127.0.0.1:40123");

let clock = 1_700_000_000_000.25;
let index = 0;
function packet(
  transport: "udp" | "tcp",
  src: PacketEndpoint,
  dst: PacketEndpoint,
  payload: string | Buffer,
) {
  clock += 1.5;
  return {
    index: index++,
    timestamp: clock,
    transport,
    src,
    dst,
    payload: Buffer.from(payload),
  } as WirePacket;
}

/** The records of a pcap, checking that their lengths tile the file exactly. */
function records(pcap: Buffer): { sec: number; usec: number; data: Buffer }[] {
  const out = [];
  let off = 24;
  while (off < pcap.length) {
    const incl = pcap.readUInt32LE(off + 8);
    assert.equal(pcap.readUInt32LE(off + 12), incl, "orig_len = incl_len");
    const data = pcap.subarray(off + 16, off + 16 + incl);
    out.push({ sec: pcap.readUInt32LE(off), usec: pcap.readUInt32LE(off + 4), data });
    off += 16 + incl;
  }
  assert.equal(off, pcap.length);
  return out;
}

/** RFC 1071 sum over buffers; a valid checksummed region folds to 0xffff. */
function fold(...parts: (Buffer | number)[]): number {
  let sum = 0;
  for (const p of parts) {
    if (typeof p === "number") sum += p;
    else for (let i = 0; i < p.length; i += 2) sum += (p[i] << 8) | (p[i + 1] ?? 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

interface Ip {
  version: number;
  proto: number;
  src: Buffer;
  dst: Buffer;
  l4: Buffer;
}

function ip(d: Buffer): Ip {
  if (d[0] >> 4 === 4) {
    assert.equal(d.readUInt16BE(2), d.length, "IPv4 total length");
    assert.equal(fold(d.subarray(0, 20)), 0xffff, "IPv4 header checksum");
    return { version: 4, proto: d[9], src: d.subarray(12, 16), dst: d.subarray(16, 20), l4: d.subarray(20) };
  }
  assert.equal(d[0] >> 4, 6);
  assert.equal(d.readUInt16BE(4), d.length - 40, "IPv6 payload length");
  return { version: 6, proto: d[6], src: d.subarray(8, 24), dst: d.subarray(24, 40), l4: d.subarray(40) };
}

const l4ChecksumOk = (p: Ip): boolean =>
  fold(p.src, p.dst, p.proto, p.l4.length >>> 16, p.l4.length & 0xffff, p.l4) === 0xffff;

function tcp(p: Ip) {
  assert.equal(p.proto, 6);
  assert.ok(l4ChecksumOk(p), "TCP checksum");
  const l4 = p.l4;
  const [seq, ack, flags] = [l4.readUInt32BE(4), l4.readUInt32BE(8), l4[13]];
  return { sport: l4.readUInt16BE(0), seq, ack, flags, data: l4.subarray((l4[12] >> 4) * 4) };
}

test("file header, record header and lengths of one UDP datagram", () => {
  const p = packet("udp", UA, SERVER, REGISTER);
  const pcap = writePcap([{ ...p, timestamp: 1_700_000_000_123 + 0.4567 }]);
  assert.deepEqual([...pcap.subarray(0, 4)], [0xd4, 0xc3, 0xb2, 0xa1]); // 0xa1b2c3d4 little-endian
  assert.deepEqual([pcap.readUInt16LE(4), pcap.readUInt16LE(6)], [2, 4]);
  assert.deepEqual([pcap.readUInt32LE(8), pcap.readUInt32LE(12)], [0, 0]);
  assert.equal(pcap.readUInt32LE(16), 262144);
  assert.equal(pcap.readUInt32LE(20), 101);
  const [rec, ...rest] = records(pcap);
  assert.equal(rest.length, 0);
  assert.deepEqual([rec.sec, rec.usec], [1_700_000_000, 123457]);
  assert.equal(rec.data.length, 20 + 8 + REGISTER.length);
  const d = ip(rec.data);
  assert.equal(d.proto, 17);
  assert.deepEqual([...d.src], [127, 0, 0, 1]);
  assert.deepEqual(
    [d.l4.readUInt16BE(0), d.l4.readUInt16BE(2), d.l4.readUInt16BE(4)],
    [40123, 5070, 8 + REGISTER.length],
  );
  assert.ok(l4ChecksumOk(d), "UDP checksum");
  assert.equal(d.l4.subarray(8).toString(), REGISTER);
});

test("IPv4 header checksum matches a known header and ids differ per packet", () => {
  const pcap = writePcap([
    packet("udp", { address: "192.168.0.1", port: 1 }, { address: "10.0.0.2", port: 2 }, ""),
  ]);
  // 45 00 001c 0000 4000 40 11 [cs] c0a80001 0a000002, checksum worked out by hand.
  assert.equal(records(pcap)[0].data.readUInt16BE(10), 0x7026);
  const two = records(writePcap([packet("udp", UA, SERVER, "a"), packet("udp", SERVER, UA, "b")]));
  assert.notEqual(two[0].data.readUInt16BE(4), two[1].data.readUInt16BE(4));
});

test("TCP: handshake, a 3 MiB message in MSS segments, a reply and a second message keep seq/ack continuous", () => {
  const big = request("MESSAGE", "sip:bob@example.test", "TCP 127.0.0.1:40124", "x".repeat(3 << 20));
  const reply = response("202 Accepted", "MESSAGE", "TCP 127.0.0.1:40124");
  const small = request("OPTIONS", "sip:bob@example.test", "TCP 127.0.0.1:40124");
  const input = [packet("tcp", TCP_UA, SERVER, big), packet("tcp", SERVER, TCP_UA, reply)];
  input.push(packet("tcp", TCP_UA, SERVER, small));
  const { pcap, frames } = writePcapWithFrames(input);
  const segs = records(pcap).map((r) => tcp(ip(r.data)));
  const [syn, synAck, ack] = segs;
  assert.deepEqual([syn.flags, synAck.flags, ack.flags], [0x02, 0x12, 0x10]);
  assert.equal(syn.sport, 40124, "the first sender is the client");
  assert.equal(synAck.ack, syn.seq + 1);
  assert.deepEqual([ack.seq, ack.ack], [syn.seq + 1, synAck.seq + 1]);
  const next = { 40124: syn.seq + 1, 5070: synAck.seq + 1 };
  const sent: Record<number, Buffer[]> = { 40124: [], 5070: [] };
  for (const s of segs.slice(3)) {
    const other = s.sport === 5070 ? 40124 : 5070;
    assert.equal(s.seq, next[s.sport as 5070], "seq continues the sender's stream");
    assert.equal(s.ack, next[other], "ack covers all the receiver's bytes");
    assert.ok(s.data.length <= TCP_MSS);
    next[s.sport as 5070] += s.data.length;
    sent[s.sport].push(s.data);
  }
  assert.equal(Buffer.concat(sent[40124]).toString(), big + small);
  assert.equal(Buffer.concat(sent[5070]).toString(), reply);
  const bigSegments = Math.ceil(big.length / TCP_MSS);
  assert.deepEqual(frames, [3 + bigSegments, 3 + bigSegments + 2, 3 + bigSegments + 4]);
  assert.equal(segs[frames[0] - 1].flags, 0x18, "PSH on the message's last segment");
  assert.equal(segs[frames[0]].data.length, 0, "then a pure ACK from the receiver");
});

test("IPv6 UDP and TCP packets have IPv6 headers and computed checksums", () => {
  const input = [packet("udp", UA6, SERVER6, REGISTER), packet("tcp", UA6, SERVER6, REGISTER)];
  const recs = records(writePcap(input)).map((r) => ip(r.data));
  assert.ok(recs.every((r) => r.version === 6));
  assert.deepEqual([...recs[0].dst], [...Buffer.alloc(15), 1]);
  assert.notEqual(recs[0].l4.readUInt16BE(6), 0, "UDP checksum is mandatory over IPv6");
  assert.ok(l4ChecksumOk(recs[0]));
  recs.slice(1).forEach(tcp);
});

test("mixed families and non-IP addresses throw; IPv4-mapped IPv6 is written as IPv4", () => {
  const mixed = packet("udp", UA, SERVER6, REGISTER);
  assert.throws(() => writePcap([mixed]), /mixes address families/);
  assert.throws(() => writePcap([packet("udp", { address: "localhost", port: 1 }, UA, "")]), /not an IPv4/);
  const mapped = writePcap([packet("udp", { address: "::ffff:127.0.0.1", port: 5070 }, UA, "")]);
  assert.equal(ip(records(mapped)[0].data).version, 4);
});

test("timestamps never go backwards and oversized UDP is truncated to a valid datagram", () => {
  const late = packet("udp", UA, SERVER, "a");
  const early = { ...packet("udp", SERVER, UA, "x".repeat(70_000)), timestamp: late.timestamp - 1000 };
  const [r1, r2] = records(writePcap([late, early]));
  assert.deepEqual([r2.sec, r2.usec], [r1.sec, r1.usec]);
  assert.equal(ip(r2.data).l4.length, 8 + MAX_UDP_PAYLOAD[4]);
});

const dir = mkdtempSync(join(tmpdir(), "siplab-pcap-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Writes the packets to a pcap and runs tshark on it; undefined (test skipped) without tshark. */
function tshark(t: TestContext, packets: WirePacket[], brokenInputs: number[] = []): TsharkCheck | undefined {
  const { pcap, frames } = writePcapWithFrames(packets);
  const file = join(dir, `capture-${++files}.pcap`);
  writeFileSync(file, pcap);
  const result = tsharkMalformed(file, { expectBroken: brokenInputs.map((i) => frames[i]) });
  if (!result.available) t.skip("tshark not installed");
  return result.available ? result : undefined;
}

const clean = (r: TsharkCheck): void => assert.deepEqual([r.malformed, r.warnings, r.details], [0, 0, ""]);

test("tshark: UDP REGISTER/200 on ports 40123 and 5070", (t) => {
  const r = tshark(t, [packet("udp", UA, SERVER, REGISTER), packet("udp", SERVER, UA, REGISTER_OK)]);
  if (r) clean(r);
  if (r) assert.equal(r.sipMessages, 2);
});

test("tshark: TCP MESSAGE with a 1 MiB body, its 202, then two messages back-to-back", (t) => {
  const via = "TCP 127.0.0.1:40124";
  const r = tshark(t, [
    packet("tcp", TCP_UA, SERVER, request("MESSAGE", "sip:bob@example.test", via, "y".repeat(1 << 20))),
    packet("tcp", SERVER, TCP_UA, response("202 Accepted", "MESSAGE", via)),
    packet("tcp", TCP_UA, SERVER, request("OPTIONS", "sip:bob@example.test", via)),
    packet("tcp", TCP_UA, SERVER, request("INFO", "sip:bob@example.test", via, "hello")),
  ]);
  if (r) clean(r);
  if (r) assert.equal(r.sipMessages, 4);
});

test("tshark: garbage datagrams are not writer failures", (t) => {
  const binary = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0xff]);
  const halfSip = "REGISTER sip:example.test SIP/2.0\r\nVia SIP/2.0/UDP"; // no colon: tshark says malformed
  const input = [packet("udp", UA, SERVER, REGISTER), packet("udp", UA, SERVER, binary)];
  input.push(packet("udp", UA, SERVER, halfSip), packet("udp", SERVER, UA, REGISTER_OK));
  const r = tshark(t, input, [1, 2]);
  if (!r) return;
  clean(r);
  // Binary bytes are not SIP to the heuristics (plain UDP data); the half message is flagged.
  assert.deepEqual(
    r.issues.map((i) => [i.frame, i.severity]),
    [[3, "error"]],
  );
  assert.equal(r.sipMessages, 3);
});

test("tshark: IPv6 UDP and TCP messages", (t) => {
  const via6 = "UDP [::1]:40125";
  const r = tshark(t, [
    packet("udp", UA6, SERVER6, request("OPTIONS", "sip:example.test", via6)),
    packet("udp", SERVER6, UA6, response("200 OK", "OPTIONS", via6)),
    packet("tcp", UA6, SERVER6, request("MESSAGE", "sip:bob@example.test", "TCP [::1]:40125", "hi")),
  ]);
  if (r) clean(r);
  if (r) assert.equal(r.sipMessages, 3);
});

test("tshark: the check catches a corrupted IPv4 checksum; missing tshark is reported", (t) => {
  const pcap = writePcap([packet("udp", UA, SERVER, REGISTER)]);
  pcap[24 + 16 + 10] ^= 0xff;
  const file = join(dir, "corrupt.pcap");
  writeFileSync(file, pcap);
  assert.equal(tsharkMalformed(file, { tshark: join(dir, "no-such-tshark") }).available, false);
  const r = tsharkMalformed(file);
  if (!r.available) return t.skip("tshark not installed");
  assert.equal(r.malformed, 1, r.details);
});
