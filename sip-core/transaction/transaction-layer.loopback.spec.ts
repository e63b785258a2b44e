import assert from "node:assert/strict";
import dgram from "node:dgram";
import diagnosticsChannel from "node:diagnostics_channel";
import { afterEach, describe, it } from "node:test";
import { createRequest, parseVia, type SipRequest } from "../message";
import { createTransport, SIP_WIRE_CHANNEL, type Remote, type WireEvent } from "../transport";
import { createSipStack, type SipStack } from "./transaction-layer";

const HOST = "127.0.0.1";
const closers: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function stack(): Promise<{ stack: SipStack; errors: Error[] }> {
  const transport = await createTransport({ host: HOST });
  const errors: Error[] = [];
  const s = createSipStack({ transport, onError: (e) => errors.push(e) });
  closers.push(() => s.close());
  return { stack: s, errors };
}

function message(callId: string): SipRequest {
  return createRequest({
    method: "MESSAGE",
    uri: "sip:bob@127.0.0.1",
    headers: [
      ["Max-Forwards", "70"],
      ["From", "<sip:alice@example.com>;tag=a1"],
      ["To", "<sip:bob@example.com>"],
      ["Call-ID", callId],
      ["CSeq", "1 MESSAGE"],
      ["Content-Type", "text/plain"],
    ],
    body: "hi",
  });
}

const to = (s: SipStack, transport: Remote["transport"]): Remote => ({
  transport,
  address: HOST,
  port: s.localAddress().port,
});

describe("createSipStack over loopback sockets", () => {
  for (const transport of ["udp", "tcp"] as const) {
    it(`completes a non-INVITE transaction over ${transport.toUpperCase()}`, async () => {
      const a = await stack();
      const b = await stack();
      let seenVia = "";
      b.stack.onRequest((tx) => {
        seenVia = tx.request.headers.getFirst("Via") ?? "";
        tx.reply(200, undefined, { headers: [["X-Body", tx.request.body.toString()]] });
      });
      const res = await a.stack.sendRequest(message(`rt-${transport}`), to(b.stack, transport));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("X-Body"), "hi");
      const via = parseVia(seenVia);
      assert.equal(via?.transport, transport.toUpperCase());
      assert.equal(via?.params.received, "127.0.0.1", "rport present, so received is always added");
      assert.match(via?.params.rport ?? "", /^\d+$/);
      assert.deepEqual([...a.errors, ...b.errors], []);
    });
  }

  it("sends the TCP response back on the connection the request came in on", async () => {
    const a = await stack();
    const b = await stack();
    b.stack.onRequest((tx) => void tx.reply(202));
    const events: WireEvent[] = [];
    const listener = (event: unknown): void => void events.push(event as WireEvent);
    diagnosticsChannel.subscribe(SIP_WIRE_CHANNEL, listener);
    try {
      assert.equal((await a.stack.sendRequest(message("reuse"), to(b.stack, "tcp"))).status, 202);
    } finally {
      diagnosticsChannel.unsubscribe(SIP_WIRE_CHANNEL, listener);
    }
    const atB = events.filter((e) => e.local.port === b.stack.localAddress().port);
    assert.deepEqual(
      atB.map((e) => e.direction),
      ["receive", "send"],
    );
    assert.equal(atB[1].remote.connectionId, atB[0].remote.connectionId);
    const atA = events.filter((e) => e.local.port === a.stack.localAddress().port);
    assert.equal(
      atA[1].remote.port,
      b.stack.localAddress().port,
      "a got the answer on the connection it opened",
    );
  });

  it("answers a malformed datagram with 400, survives garbage, and keeps serving", async () => {
    const b = await stack();
    b.stack.onRequest((tx) => void tx.reply(200));
    const client = dgram.createSocket("udp4");
    closers.push(() => new Promise<void>((r) => client.close(() => r())));
    await new Promise<void>((r) => client.bind(0, HOST, () => r()));
    const replies: Buffer[] = [];
    client.on("message", (data) => replies.push(data));
    const send = (data: Buffer | string): Promise<void> =>
      new Promise((resolve, reject) =>
        client.send(data, b.stack.localAddress().port, HOST, (e) => (e ? reject(e) : resolve())),
      );
    const request = (callId: string, cseq: string): string =>
      `OPTIONS sip:b@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7:1;rport;branch=z9hG4bK-${callId}\r\n` +
      `From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: ${callId}\r\nCSeq: ${cseq}\r\n` +
      "Content-Length: 0\r\n\r\n";
    await send(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]));
    await send(request("scalar", "99999999999 OPTIONS"));
    await send(request("fine", "1 OPTIONS"));
    for (let i = 0; i < 100 && replies.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    // Both replies reached this socket: they followed rport, not the Via's 192.0.2.7:1.
    // The 400 echoes the overlarge CSeq, so it is read as text rather than parsed.
    const summary = replies.map((r) => {
      const text = r.toString();
      return `${/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]} ${/\r\nCall-ID: (\S+)/.exec(text)?.[1]}`;
    });
    assert.deepEqual(summary.sort(), ["200 fine", "400 scalar"]);
  });

  it("handles a burst of concurrent transactions on real sockets", async () => {
    const a = await stack();
    const b = await stack();
    b.stack.onRequest((tx) => void tx.reply(200));
    const total = 1000;
    const statuses = await Promise.all(
      Array.from({ length: total }, (_, i) =>
        a.stack
          .sendRequest(message(`burst-${i}`), to(b.stack, i % 2 === 0 ? "udp" : "tcp"))
          .then((r) => r.status),
      ),
    );
    assert.equal(statuses.filter((s) => s === 200).length, total);
    assert.deepEqual([...a.errors, ...b.errors], []);
  });
});
