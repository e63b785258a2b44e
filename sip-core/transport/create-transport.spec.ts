import assert from "node:assert/strict";
import dgram from "node:dgram";
import diagnosticsChannel from "node:diagnostics_channel";
import net from "node:net";
import { afterEach, describe, it } from "node:test";
import { createRequest, type ParseResult, type SipMessage } from "../message";
import { createTransport } from "./create-transport";
import type { Remote, Transport } from "./transport";
import { SIP_WIRE_CHANNEL, type WireEvent } from "./wire-tap";

const HOST = "127.0.0.1";
const open: Array<{ close(): unknown }> = [];

afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

async function transport(options: Partial<Parameters<typeof createTransport>[0]> = {}): Promise<Transport> {
  const t = await createTransport({ host: HOST, ...options });
  open.push(t);
  return t;
}

interface Received {
  result: ParseResult;
  source: Remote;
}

/** Collects what a transport receives; `next()` waits for the next one. */
function inbox(t: Transport): { items: Received[]; next(timeoutMs?: number): Promise<Received> } {
  const items: Received[] = [];
  const waiters: Array<(r: Received) => void> = [];
  t.onMessage((result, source) => {
    const item = { result, source };
    const waiter = waiters.shift();
    if (waiter) waiter(item);
    else items.push(item);
  });
  return {
    items,
    next(timeoutMs = 2000) {
      const ready = items.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no message within timeout")), timeoutMs);
        waiters.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
  };
}

function options(callId: string, body = ""): SipMessage {
  return createRequest({
    method: "OPTIONS",
    uri: "sip:b@127.0.0.1",
    headers: [
      ["Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1"],
      ["From", "<sip:a@example.com>;tag=1"],
      ["To", "<sip:b@example.com>"],
      ["Call-ID", callId],
      ["CSeq", "1 OPTIONS"],
    ],
    body,
  });
}

/** A complete request as text; `length` overrides the Content-Length header line. */
function text(callId: string, opts: { body?: string; length?: string; compact?: boolean } = {}): string {
  const body = opts.body ?? "";
  const length = opts.length ?? String(Buffer.byteLength(body));
  const [i, l] = opts.compact ? ["i", "l"] : ["Call-ID", "Content-Length"];
  return (
    "MESSAGE sip:b@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-" +
    callId +
    `\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n${i}: ${callId}\r\n` +
    `CSeq: 1 MESSAGE\r\n${l}: ${length}\r\n\r\n${body}`
  );
}

const callIdOf = (r: Received): string | undefined =>
  r.result.ok ? r.result.message.headers.get("Call-ID") : undefined;

function rawTcp(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port }, () => resolve(socket));
    socket.once("error", reject);
    open.push({ close: () => socket.destroy() });
  });
}

/** What a raw socket receives, as text; `until` waits for a pattern to appear. */
function collect(socket: net.Socket): { text(): string; until(pattern: RegExp): Promise<string> } {
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  return {
    text: () => received,
    async until(pattern) {
      for (let i = 0; i < 200 && !pattern.test(received); i++) await new Promise((r) => setTimeout(r, 10));
      assert.match(received, pattern);
      return received;
    },
  };
}

const closed = (socket: net.Socket): Promise<void> =>
  new Promise((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));

describe("createTransport", () => {
  it("binds UDP and TCP on one ephemeral port number", async () => {
    const t = await transport();
    assert.ok(t.port > 0);
    assert.deepEqual([...t.protocols], ["udp", "tcp"]);
    const socket = await rawTcp(t.port); // TCP listens on the same number
    assert.equal(socket.remotePort, t.port);
  });

  it("binds a fixed port for both protocols, and reports a port taken by TCP", async () => {
    const first = await transport();
    const again = await transport({ port: 0 });
    assert.notEqual(again.port, first.port);
    await assert.rejects(
      createTransport({ host: HOST, port: first.port }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "SIP_ERR_TRANSPORT");
        assert.match(error.message, new RegExp(`cannot bind 127\\.0\\.0\\.1:${first.port}: .*EADDRINUSE`));
        return true;
      },
    );
  });

  it("serves only the protocols asked for", async () => {
    const t = await transport({ protocols: ["udp"] });
    await assert.rejects(t.send(options("x"), { transport: "tcp", address: HOST, port: 9 }), {
      code: "SIP_ERR_TRANSPORT",
    });
  });

  it("rejects invalid options with an actionable message", async () => {
    await assert.rejects(createTransport({ host: HOST, port: 70000 }), /"port" must be an integer 0..65535/);
    await assert.rejects(createTransport({ host: HOST, protocols: [] }), /"protocols" must list/);
  });

  it("round-trips over UDP and reports the source address and port", async () => {
    const a = await transport();
    const b = await transport();
    const inB = inbox(b);
    const inA = inbox(a);
    await a.send(options("udp-1"), { transport: "udp", address: HOST, port: b.port });
    const got = await inB.next();
    assert.equal(callIdOf(got), "udp-1");
    assert.deepEqual(got.source, { transport: "udp", address: HOST, port: a.port });
    await b.send(options("udp-2"), got.source);
    assert.equal(callIdOf(await inA.next()), "udp-2");
  });

  it("round-trips over TCP and answers on the same connection", async () => {
    const a = await transport();
    const b = await transport();
    const inB = inbox(b);
    const inA = inbox(a);
    await a.send(options("tcp-1"), { transport: "tcp", address: HOST, port: b.port });
    const got = await inB.next();
    assert.equal(callIdOf(got), "tcp-1");
    assert.equal(got.source.transport, "tcp");
    assert.ok(got.source.connectionId !== undefined && b.isConnectionOpen(got.source.connectionId));
    await b.send(options("tcp-2"), got.source);
    const back = await inA.next();
    assert.equal(callIdOf(back), "tcp-2");
    // The answer came from b's listening port: the connection a opened, not a new one from b.
    assert.equal(back.source.port, b.port);
    // And a reuses that connection for its next request.
    await a.send(options("tcp-3"), { transport: "tcp", address: HOST, port: b.port });
    const again = await inB.next();
    assert.equal(again.source.connectionId, got.source.connectionId);
  });

  it("opens a new connection when the one a request came on has closed", async () => {
    const a = await transport();
    const b = await transport();
    const inB = inbox(b);
    const inA = inbox(a);
    const socket = await rawTcp(b.port);
    socket.write(text("gone"));
    const got = await inB.next();
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(b.isConnectionOpen(got.source.connectionId ?? -1), false);
    await b.send(options("fallback"), { ...got.source, port: a.port });
    assert.equal(callIdOf(await inA.next()), "fallback");
  });

  it("frames a TCP message split across writes and two messages in one write", async () => {
    const b = await transport();
    const inB = inbox(b);
    const socket = await rawTcp(b.port);
    const one = text("split", { body: "hello" });
    socket.write(one.slice(0, 17));
    await new Promise((r) => setTimeout(r, 30));
    socket.write(one.slice(17, 60));
    await new Promise((r) => setTimeout(r, 30));
    socket.write(one.slice(60));
    const first = await inB.next();
    assert.equal(callIdOf(first), "split");
    assert.equal(first.result.ok && first.result.message.body.toString(), "hello");
    socket.write(text("two-a", { compact: true, body: "1" }) + text("two-b", { compact: true }));
    assert.equal(callIdOf(await inB.next()), "two-a");
    assert.equal(callIdOf(await inB.next()), "two-b");
  });

  it("answers an oversized TCP request with 413, skips its body and keeps the connection", async () => {
    const b = await transport({ maxMessageSize: 1000 });
    const inB = inbox(b);
    const socket = await rawTcp(b.port);
    const replies = collect(socket);
    const big = text("big", { body: "x".repeat(5000) }).replace(
      "Via: SIP/2.0/TCP 127.0.0.1:5999;",
      "Via: SIP/2.0/TCP 127.0.0.1:5999;rport;",
    );
    socket.write(big.slice(0, 2000));
    const failure = await inB.next();
    assert.equal(!failure.result.ok && failure.result.error.code, "SIP_ERR_TOO_LARGE");
    // No `partial`: a stack above must not answer the same request again with a 400.
    assert.equal(!failure.result.ok && failure.result.partial, undefined);
    const answer = await replies.until(/\r\n\r\n/);
    assert.match(answer, /^SIP\/2\.0 413 Request Entity Too Large\r\n/);
    assert.match(
      answer,
      /\r\nVia: SIP\/2\.0\/TCP 127\.0\.0\.1:5999;rport=\d+;branch=z9hG4bK-big;received=127\.0\.0\.1\r\n/,
    );
    assert.match(answer, /\r\nCall-ID: big\r\n/);
    assert.match(answer, /\r\nCSeq: 1 MESSAGE\r\n/);
    // The rest of the body is read and dropped; the next request on the stream is framed as usual.
    socket.write(big.slice(2000) + text("next", { body: "fine" }));
    const next = await inB.next();
    assert.equal(callIdOf(next), "next");
    assert.equal(next.result.ok && next.result.message.body.toString(), "fine");
    assert.equal(socket.destroyed, false);
    assert.equal(inB.items.length, 0, "the skipped body produced nothing");
  });

  it("does not answer an oversized ACK or response, and still skips it", async () => {
    const b = await transport({ maxMessageSize: 500 });
    const inB = inbox(b);
    const socket = await rawTcp(b.port);
    const replies = collect(socket);
    const ack = text("ack", { body: "a".repeat(600) }).replace(/MESSAGE/g, "ACK");
    const response =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-r\r\nFrom: <sip:a@x>;tag=1\r\n" +
      `To: <sip:b@x>\r\nCall-ID: r\r\nCSeq: 1 MESSAGE\r\nContent-Length: 600\r\n\r\n${"r".repeat(600)}`;
    socket.write(ack + response + text("after"));
    const codes = [await inB.next(), await inB.next()].map((r) => !r.result.ok && r.result.error.code);
    assert.deepEqual(codes, ["SIP_ERR_TOO_LARGE", "SIP_ERR_TOO_LARGE"]);
    assert.equal(callIdOf(await inB.next()), "after");
    assert.equal(replies.text(), "");
  });

  it("closes a connection whose Content-Length is unusable", async () => {
    const b = await transport();
    const inB = inbox(b);
    const socket = await rawTcp(b.port);
    socket.write(text("neg", { length: "-999" }));
    await closed(socket);
    const failure = await inB.next();
    assert.equal(!failure.result.ok && failure.result.error.code, "SIP_ERR_PARSE");
  });

  it("closes an idle TCP connection after tcpIdleTimeoutMs", async () => {
    const b = await transport({ tcpIdleTimeoutMs: 100 });
    const socket = await rawTcp(b.port);
    socket.write("INVITE sip:b SIP/2.0\r\nContent-Length: 9999\r\n\r\nnever complete");
    const started = Date.now();
    await closed(socket);
    assert.ok(Date.now() - started >= 80, "closed by the idle timer, not at once");
  });

  it("survives garbage datagrams, keep-alives and a throwing handler", async () => {
    const b = await transport();
    const errors: Error[] = [];
    b.onError((e) => errors.push(e));
    const results: Received[] = [];
    let throwNext = true;
    b.onMessage((result, source) => {
      results.push({ result, source });
      if (throwNext) {
        throwNext = false;
        throw new Error("handler bug");
      }
    });
    const client = dgram.createSocket("udp4");
    open.push({ close: () => new Promise<void>((r) => client.close(() => r())) });
    const sendDatagram = (data: Buffer | string): Promise<void> =>
      new Promise((resolve, reject) => client.send(data, b.port, HOST, (e) => (e ? reject(e) : resolve())));
    await sendDatagram(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a]));
    await sendDatagram("\r\n\r\n");
    await sendDatagram(text("alive"));
    for (let i = 0; i < 50 && results.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(results.length, 2, "garbage and the valid message; the keep-alive is not a message");
    assert.equal(results[0].result.ok, false);
    assert.equal(callIdOf(results[1]), "alive");
    assert.deepEqual(
      errors.map((e) => e.message),
      ["handler bug"],
    );
  });

  it("publishes raw bytes of every send and receive on the wire tap", async () => {
    const a = await transport();
    const b = await transport();
    const inB = inbox(b);
    const events: WireEvent[] = [];
    const listener = (message: unknown): void => {
      events.push(message as WireEvent);
    };
    diagnosticsChannel.subscribe(SIP_WIRE_CHANNEL, listener);
    try {
      const raw = Buffer.from("NOTAREQUEST garbage\r\n\r\n");
      await a.sendRaw(raw, { transport: "udp", address: HOST, port: b.port });
      await inB.next();
      await a.send(options("tap"), { transport: "tcp", address: HOST, port: b.port });
      await inB.next();
    } finally {
      diagnosticsChannel.unsubscribe(SIP_WIRE_CHANNEL, listener);
    }
    const mine = events.filter((e) => e.local.port === a.port || e.local.port === b.port);
    assert.deepEqual(
      mine.map((e) => `${e.direction}/${e.local.transport}/${e.local.port === a.port ? "a" : "b"}`),
      ["send/udp/a", "receive/udp/b", "send/tcp/a", "receive/tcp/b"],
    );
    assert.equal(mine[0].raw.toString(), "NOTAREQUEST garbage\r\n\r\n");
    assert.deepEqual(mine[1].raw, mine[0].raw);
    assert.deepEqual(mine[1].remote, { transport: "udp", address: HOST, port: a.port });
    assert.ok(mine[3].raw.toString().includes("Call-ID: tap"));
    assert.ok(mine[3].remote.connectionId !== undefined);
    assert.ok(Math.abs(mine[0].timestamp - Date.now()) < 5000);
  });

  it("rejects sends after close, and close is idempotent", async () => {
    const t = await createTransport({ host: HOST });
    await t.close();
    await t.close();
    await assert.rejects(t.send(options("late"), { transport: "udp", address: HOST, port: 9 }), {
      code: "SIP_ERR_CLOSED",
    });
  });

  it("rejects a TCP send when nothing listens", async () => {
    const t = await transport();
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, HOST, () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await assert.rejects(t.send(options("nobody"), { transport: "tcp", address: HOST, port }), {
      code: "SIP_ERR_TRANSPORT",
    });
  });
});
