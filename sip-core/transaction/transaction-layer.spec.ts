import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createResponse, parseVia, SipError } from "../message";
import { harness, PEER, request, statusesSent, TCP_PEER } from "./spec-helpers";

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("createSipStack: RFC 3581 and response routing (RFC 3261 §18.2.2)", () => {
  it("adds received when the source differs from sent-by and answers to received:sent-by port", () => {
    const h = harness();
    let topVia = "";
    h.stack.onRequest((tx) => {
      topVia = tx.request.headers.getFirst("Via") ?? "";
      tx.reply(200);
    });
    h.transport.inject(
      request("OPTIONS", { via: "SIP/2.0/UDP host.example.com:5099;branch=z9hG4bK-r1" }),
      PEER,
    );
    assert.equal(parseVia(topVia)?.params.received, "127.0.0.1");
    assert.deepEqual(h.transport.sent[0].dest, { transport: "udp", address: "127.0.0.1", port: 5099 });
    assert.equal(
      parseVia(h.transport.sent[0].message?.headers.getFirst("Via") ?? "")?.params.received,
      "127.0.0.1",
    );
  });

  it("leaves the Via alone when sent-by is the source and there is no rport", () => {
    const h = harness();
    const req = request("OPTIONS", { via: "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-r2" });
    h.stack.onRequest((tx) => void tx.reply(200));
    h.transport.inject(req, PEER);
    assert.equal(
      h.transport.sent[0].message?.headers.get("Via"),
      "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-r2",
    );
    assert.equal(h.transport.sent[0].dest.port, 5080, "the Via port, not the source port, without rport");
  });

  it("fills an empty rport, adds received, and answers to the source port", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(200));
    h.transport.inject(
      request("OPTIONS", { via: "SIP/2.0/UDP 127.0.0.1:5080;rport;branch=z9hG4bK-r3" }),
      PEER,
    );
    const via = parseVia(h.transport.sent[0].message?.headers.getFirst("Via") ?? "");
    assert.equal(via?.params.rport, "5070");
    assert.equal(via?.params.received, "127.0.0.1");
    assert.deepEqual(h.transport.sent[0].dest, { transport: "udp", address: "127.0.0.1", port: 5070 });
  });

  it("defaults to port 5060 and never trusts a received parameter from the wire", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(200));
    h.transport.inject(
      request("OPTIONS", { via: "SIP/2.0/UDP 127.0.0.1;received=192.0.2.9;branch=z9hG4bK-r4" }),
      PEER,
    );
    assert.deepEqual(h.transport.sent[0].dest, { transport: "udp", address: "127.0.0.1", port: 5060 });
  });

  it("answers TCP requests on their connection, falling back to received:sent-by port", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(200));
    h.transport.inject(
      request("OPTIONS", { via: "SIP/2.0/TCP client.example.com:5062;branch=z9hG4bK-t" }),
      TCP_PEER,
    );
    assert.deepEqual(h.transport.sent[0].dest, {
      transport: "tcp",
      address: "127.0.0.1",
      port: 5062,
      connectionId: TCP_PEER.connectionId,
    });
  });
});

describe("createSipStack: bad input", () => {
  const raw = (text: string): Buffer => Buffer.from(text.replace(/\n/g, "\r\n"));
  const base = (first: string, extra = ""): Buffer =>
    raw(
      `${first}\nVia: SIP/2.0/UDP 192.0.2.15:5090;branch=z9hG4bK-bad\nFrom: <sip:a@example.com>;tag=1\n` +
        `To: <sip:b@example.com>\nCall-ID: bad-1\nCSeq: 1 OPTIONS\n${extra}Content-Length: 0\n\n`,
    );

  it("answers a malformed request statelessly with a 400 naming the problem", () => {
    const h = harness();
    let called = false;
    h.stack.onRequest(() => void (called = true));
    h.transport.inject(base("OPTIONS sip:b@example.com SIP/2.0", "Max-Forwards: 300\n"), PEER);
    assert.equal(called, false);
    const res = h.transport.sent[0].message;
    assert.equal(res?.type === "response" && res.status, 400);
    assert.match(res?.type === "response" ? res.reason : "", /^Bad Request \(.*Max-Forwards.*\)$/);
    assert.equal(res?.headers.get("Call-ID"), "bad-1");
    assert.deepEqual(h.transport.sent[0].dest, { transport: "udp", address: "127.0.0.1", port: 5090 });
  });

  it("answers 505 to an unknown SIP version", () => {
    const h = harness();
    h.transport.inject(base("OPTIONS sip:b@example.com SIP/7.0"), PEER);
    assert.deepEqual(statusesSent(h.transport), [505]);
  });

  it("routes the 400 even when the top Via parameters are malformed (RFC 4475 badinv01)", () => {
    const h = harness();
    const text = base("OPTIONS sip:b@example.com SIP/2.0").toString().replace("branch=z9hG4bK-bad", ";,;,,");
    h.transport.inject(Buffer.from(text), PEER);
    // The Via is echoed as received, so the 400 does not parse back; check the bytes.
    assert.equal(h.transport.sent.length, 1);
    assert.match(h.transport.sent[0].raw.toString(), /^SIP\/2\.0 400 Bad Request \(malformed Via/);
    assert.deepEqual(h.transport.sent[0].dest, { transport: "udp", address: "127.0.0.1", port: 5090 });
  });

  it("never answers a malformed ACK or a malformed response, and reports them", () => {
    const h = harness();
    h.transport.inject(base("ACK sip:b@example.com SIP/2.0", "Max-Forwards: 300\n"), PEER);
    h.transport.inject(raw("SIP/2.0 4294967301 Huge\nCall-ID: x\n\n"), PEER);
    assert.equal(h.transport.sent.length, 0);
    assert.equal(h.errors.length, 2);
  });

  it("drops and reports unusable garbage", () => {
    const h = harness();
    h.transport.inject(Buffer.from([0, 1, 2, 3, 0xff]), PEER);
    assert.equal(h.transport.sent.length, 0);
    assert.equal((h.errors[0] as { code?: string }).code, "SIP_ERR_PARSE");
  });

  it("lets an onUnparseable handler replace the automatic 400, and still offers it", () => {
    const h = harness();
    const seen: string[] = [];
    h.stack.onUnparseable((result, source) => {
      seen.push(result.error.code);
      if (seen.length === 2) h.stack.rejectMalformed(result, source);
    });
    h.transport.inject(base("OPTIONS sip:b@example.com SIP/7.0"), PEER);
    assert.equal(h.transport.sent.length, 0);
    h.transport.inject(base("OPTIONS sip:b@example.com SIP/7.0"), PEER);
    assert.deepEqual(seen, ["SIP_ERR_VERSION", "SIP_ERR_VERSION"]);
    assert.deepEqual(statusesSent(h.transport), [505]);
  });

  it("replies 500 when the handler throws, and reports it", () => {
    const h = harness();
    h.stack.onRequest(() => {
      throw new Error("boom");
    });
    h.transport.inject(request("OPTIONS"), PEER);
    assert.deepEqual(statusesSent(h.transport), [500]);
    assert.equal((h.errors[0] as { code?: string }).code, "SIP_ERR_HANDLER");
    assert.match(h.errors[0].message, /boom/);
  });

  it("replies 500 when an async handler rejects, unless it already answered", async () => {
    const h = harness();
    h.stack.onRequest(async (tx) => {
      await flush();
      if (tx.request.method === "MESSAGE") tx.reply(202);
      throw new Error("late boom");
    });
    h.transport.inject(request("OPTIONS", { branch: "z9hG4bK-a1" }), PEER);
    h.transport.inject(request("MESSAGE", { branch: "z9hG4bK-a2" }), PEER);
    await flush();
    await flush();
    assert.deepEqual(statusesSent(h.transport).sort(), [202, 500]);
    assert.equal(h.errors.length, 2);
  });

  it("answers 501 when nobody handles requests", () => {
    const h = harness();
    h.transport.inject(request("OPTIONS"), PEER);
    assert.deepEqual(statusesSent(h.transport), [501]);
  });

  it("passes an ACK that matches no transaction to the TU, which cannot answer it", () => {
    const h = harness();
    const acks: string[] = [];
    h.stack.onRequest((tx) => {
      acks.push(tx.request.method);
      tx.reply(200);
    });
    h.transport.inject(request("ACK", { branch: "z9hG4bK-ack2xx" }), PEER);
    assert.deepEqual(acks, ["ACK"]);
    assert.equal(h.transport.sent.length, 0);
    assert.equal((h.errors[0] as { code?: string }).code, "SIP_ERR_INVALID_STATE");
  });

  it("drops responses that match no transaction without an error", () => {
    const h = harness();
    h.transport.inject(createResponse(request("OPTIONS"), 200), PEER);
    const text =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK-stray\r\nFrom: <sip:a@x>;tag=1\r\n";
    h.transport.inject(
      Buffer.from(`${text}To: <sip:b@x>\r\nCall-ID: s\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`),
      PEER,
    );
    assert.equal(h.transport.sent.length, 0);
    assert.deepEqual(h.errors, []);
  });

  it("reports a transport error while answering", async () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(200));
    h.transport.failSendsWith = new SipError("SIP_ERR_TRANSPORT", "down");
    h.transport.inject(request("OPTIONS"), PEER);
    await flush();
    assert.match(h.errors[0]?.message ?? "", /down/);
    assert.equal(h.stack.transactionCount().server, 0);
  });
});

describe("createSipStack: load", () => {
  it("runs thousands of transactions and cleans every one up", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(200));
    const count = 5000;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      h.transport.inject(request("MESSAGE", { branch: `z9hG4bK-load-${i}`, callId: `load-${i}` }), PEER);
    }
    const elapsed = performance.now() - started;
    assert.equal(h.transport.sent.length, count);
    assert.equal(h.stack.transactionCount().server, count);
    assert.ok(h.clock.pending <= 2, `timers are shared, not one per transaction (${h.clock.pending})`);
    h.clock.advance(64 * 500);
    assert.equal(h.stack.transactionCount().server, 0);
    assert.equal(h.clock.pending, 0);
    // Generous bound: parse + match + serialize for 5000 requests, far below a second on any CI box.
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  });
});
