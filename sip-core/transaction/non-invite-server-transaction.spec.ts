import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ServerTransaction } from "./server-transaction";
import { harness, PEER, request, statusesSent, TCP_PEER } from "./spec-helpers";

describe("NonInviteServerTransaction (RFC 3261 §17.2.2)", () => {
  it("hands a new request to the TU once and re-sends the last response on retransmissions", () => {
    const h = harness();
    const seen: ServerTransaction[] = [];
    h.stack.onRequest((tx) => {
      seen.push(tx);
      tx.reply(200);
    });
    const req = request("OPTIONS");
    h.transport.inject(req, PEER);
    h.clock.advance(500);
    h.transport.inject(req, PEER);
    h.transport.inject(req, PEER);
    assert.equal(seen.length, 1);
    assert.deepEqual(statusesSent(h.transport), [200, 200, 200]);
    assert.ok(
      h.transport.sent.every((s) => s.raw.equals(h.transport.sent[0].raw)),
      "the same bytes each time",
    );
    assert.equal(seen[0].state, "completed");
  });

  it("keeps the transaction for Timer J = 64*T1 over UDP, then forgets it", () => {
    const h = harness();
    let calls = 0;
    h.stack.onRequest((tx) => {
      calls++;
      tx.reply(200);
    });
    const req = request("OPTIONS");
    h.transport.inject(req, PEER);
    h.clock.advance(64 * 500 - 1);
    assert.equal(h.stack.transactionCount().server, 1);
    h.clock.advance(1);
    assert.equal(h.stack.transactionCount().server, 0);
    assert.equal(h.clock.pending, 0);
    h.transport.inject(req, PEER);
    assert.equal(calls, 2, "after Timer J the same request starts a new transaction");
  });

  it("uses Timer J = 0 over TCP", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(200));
    h.transport.inject(request("OPTIONS"), TCP_PEER);
    assert.equal(h.stack.transactionCount().server, 0);
    assert.deepEqual(statusesSent(h.transport), [200]);
    assert.equal(h.transport.sent[0].dest.connectionId, TCP_PEER.connectionId);
  });

  it("absorbs retransmissions silently in Trying and re-sends the provisional in Proceeding", () => {
    const h = harness();
    let current: ServerTransaction | undefined;
    h.stack.onRequest((tx) => {
      current = tx; // answered later
    });
    const req = request("SUBSCRIBE");
    h.transport.inject(req, PEER);
    h.transport.inject(req, PEER);
    assert.equal(h.transport.sent.length, 0);
    assert.equal(current?.state, "trying");
    current?.reply(183);
    h.transport.inject(req, PEER);
    assert.deepEqual(statusesSent(h.transport), [183, 183]);
    current?.reply(202);
    h.transport.inject(req, PEER);
    assert.deepEqual(statusesSent(h.transport), [183, 183, 202, 202]);
  });

  it("ends a transaction the TU never answers after 64*T1 and reports it", () => {
    const h = harness();
    h.stack.onRequest(() => undefined);
    h.transport.inject(request("OPTIONS"), PEER);
    h.clock.advance(64 * 500 - 1);
    assert.equal(h.stack.transactionCount().server, 1);
    h.clock.advance(1);
    assert.equal(h.stack.transactionCount().server, 0);
    assert.equal((h.errors[0] as { code?: string }).code, "SIP_ERR_NO_RESPONSE");
    assert.equal(h.clock.pending, 0);
  });

  it("keeps one To tag for every response of a transaction", () => {
    const h = harness();
    h.stack.onRequest((tx) => {
      tx.reply(180);
      tx.reply(200);
    });
    h.transport.inject(request("MESSAGE"), PEER);
    const tags = h.transport.sent.map((s) => /;tag=([^;]+)$/.exec(s.message?.headers.get("To") ?? "")?.[1]);
    assert.equal(tags.length, 2);
    assert.ok(tags[0]);
    assert.equal(tags[0], tags[1]);
  });

  it("reports a response sent after the final one and does not send it", () => {
    const h = harness();
    h.stack.onRequest((tx) => {
      tx.reply(200);
      tx.reply(500);
    });
    h.transport.inject(request("OPTIONS"), PEER);
    assert.deepEqual(statusesSent(h.transport), [200]);
    assert.equal((h.errors[0] as { code?: string }).code, "SIP_ERR_INVALID_STATE");
  });

  it("keeps transactions with different branches, sent-by or methods apart", () => {
    const h = harness();
    let calls = 0;
    h.stack.onRequest((tx) => {
      calls++;
      tx.reply(200);
    });
    h.transport.inject(request("OPTIONS", { branch: "z9hG4bK-a" }), PEER);
    h.transport.inject(request("OPTIONS", { branch: "z9hG4bK-b" }), PEER);
    h.transport.inject(request("OPTIONS", { via: "SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-a" }), PEER);
    h.transport.inject(request("MESSAGE", { branch: "z9hG4bK-a" }), PEER);
    h.transport.inject(request("OPTIONS", { branch: "z9hG4bK-a" }), PEER); // a retransmission
    assert.equal(calls, 4);
    assert.equal(h.stack.transactionCount().server, 4);
  });

  it("matches RFC 2543 requests (no magic cookie) without crashing", () => {
    const h = harness();
    let calls = 0;
    h.stack.onRequest((tx) => {
      calls++;
      tx.reply(200);
    });
    const old = request("OPTIONS", { via: "SIP/2.0/UDP 127.0.0.1:5070" });
    h.transport.inject(old, PEER);
    h.transport.inject(old, PEER);
    h.transport.inject(request("OPTIONS", { via: "SIP/2.0/UDP 127.0.0.1:5070", cseq: 2 }), PEER);
    assert.equal(calls, 2);
    assert.deepEqual(statusesSent(h.transport), [200, 200, 200]);
  });
});
