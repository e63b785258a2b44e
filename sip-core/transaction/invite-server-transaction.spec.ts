import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ServerTransaction } from "./server-transaction";
import { harness, PEER, request, statusesSent, TCP_PEER } from "./spec-helpers";

const intervals = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]);

/** The ACK for a non-2xx final: same branch, To tag of the response (RFC 3261 §17.1.1.3). */
function ackFor(toTag: string): ReturnType<typeof request> {
  return request("ACK", { toTag });
}

const toTagOf = (value: string | undefined): string => /;tag=([^;]+)/.exec(value ?? "")?.[1] ?? "";

describe("InviteServerTransaction (RFC 3261 §17.2.1)", () => {
  it("retransmits a 4xx per Timer G (T1 doubling to T2) until the ACK, which it absorbs", () => {
    const h = harness();
    const seen: string[] = [];
    h.stack.onRequest((tx) => {
      seen.push(tx.request.method);
      if (tx.request.method === "INVITE") tx.reply(486);
    });
    h.transport.inject(request("INVITE"), PEER);
    h.clock.advance(11_000);
    assert.deepEqual(intervals(h.sendTimes), [500, 1000, 2000, 4000]);
    assert.deepEqual(statusesSent(h.transport), [486, 486, 486, 486, 486]);
    const tag = toTagOf(h.transport.sent[0].message?.headers.get("To"));
    h.transport.inject(ackFor(tag), PEER);
    h.clock.advance(20_000);
    assert.equal(h.transport.sent.length, 5, "no retransmission after the ACK");
    assert.deepEqual(seen, ["INVITE"], "the ACK is absorbed, not passed to the TU");
    assert.equal(h.stack.transactionCount().server, 0, "Timer I (T4) ended it");
    assert.deepEqual(h.errors, []);
  });

  it("absorbs ACK retransmissions in Confirmed and ends after Timer I = T4", () => {
    const h = harness();
    let tx: ServerTransaction | undefined;
    h.stack.onRequest((t) => {
      tx = t;
      if (t.request.method === "INVITE") t.reply(603);
    });
    h.transport.inject(request("INVITE"), PEER);
    const ack = ackFor(toTagOf(h.transport.sent[0].message?.headers.get("To")));
    h.transport.inject(ack, PEER);
    assert.equal(tx?.state, "confirmed");
    h.clock.advance(4999);
    h.transport.inject(ack, PEER);
    assert.equal(tx?.request.method, "INVITE");
    assert.equal(h.stack.transactionCount().server, 1);
    h.clock.advance(1);
    assert.equal(tx?.state, "terminated");
    assert.equal(h.stack.transactionCount().server, 0);
  });

  it("re-sends the final response on a retransmitted INVITE in Completed", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(480));
    const invite = request("INVITE");
    h.transport.inject(invite, PEER);
    h.clock.advance(100);
    h.transport.inject(invite, PEER);
    assert.deepEqual(h.sendTimes, [0, 100]);
    assert.deepEqual(statusesSent(h.transport), [480, 480]);
  });

  it("gives up at Timer H = 64*T1 without an ACK and tells the TU", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(404));
    h.transport.inject(request("INVITE"), PEER);
    h.clock.advance(64 * 500);
    const count = h.transport.sent.length;
    assert.equal(h.stack.transactionCount().server, 0);
    assert.equal((h.errors[0] as { code?: string }).code, "SIP_ERR_NO_ACK");
    h.clock.advance(60_000);
    assert.equal(h.transport.sent.length, count, "retransmissions stopped");
    assert.equal(h.clock.pending, 0);
  });

  it("does not retransmit over TCP and ends on the ACK (Timer I = 0)", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(486));
    h.transport.inject(request("INVITE"), TCP_PEER);
    h.clock.advance(10_000);
    assert.equal(h.transport.sent.length, 1);
    h.transport.inject(ackFor(toTagOf(h.transport.sent[0].message?.headers.get("To"))), TCP_PEER);
    assert.equal(h.stack.transactionCount().server, 0);
  });

  it("sends 100 Trying when the TU has not answered within 200 ms, and re-sends it on retransmission", () => {
    const h = harness();
    let tx: ServerTransaction | undefined;
    h.stack.onRequest((t) => {
      tx = t; // answered later
    });
    const invite = request("INVITE");
    h.transport.inject(invite, PEER);
    h.clock.advance(199);
    assert.equal(h.transport.sent.length, 0);
    h.clock.advance(1);
    assert.deepEqual(statusesSent(h.transport), [100]);
    assert.equal(h.transport.sent[0].message?.headers.get("To"), "<sip:b@example.com>", "no tag on a 100");
    h.transport.inject(invite, PEER);
    assert.deepEqual(statusesSent(h.transport), [100, 100]);
    tx?.reply(486);
    assert.deepEqual(statusesSent(h.transport), [100, 100, 486]);
  });

  it("moves to Accepted on a 2xx, absorbs INVITE retransmissions and passes a matching ACK up (RFC 6026)", () => {
    const h = harness();
    const seen: string[] = [];
    h.stack.onRequest((tx) => {
      seen.push(tx.request.method);
      if (tx.request.method === "INVITE") tx.reply(200);
    });
    const invite = request("INVITE");
    h.transport.inject(invite, PEER);
    h.transport.inject(invite, PEER);
    assert.deepEqual(statusesSent(h.transport), [200]);
    h.transport.inject(ackFor(toTagOf(h.transport.sent[0].message?.headers.get("To"))), PEER);
    assert.deepEqual(seen, ["INVITE", "ACK"]);
    h.clock.advance(64 * 500);
    assert.equal(h.stack.transactionCount().server, 0, "Timer L ended it");
  });

  it("answers CANCEL with 200 and the INVITE with 487, both with one To tag", () => {
    const h = harness();
    let invite: ServerTransaction | undefined;
    h.stack.onRequest((tx) => {
      invite = tx;
    });
    h.transport.inject(request("INVITE"), PEER);
    h.transport.inject(request("CANCEL"), PEER);
    const sent = h.transport.sent.map(
      (s) => `${s.message?.type === "response" && s.message.status} ${s.message?.headers.get("CSeq")}`,
    );
    assert.deepEqual(sent, ["200 1 CANCEL", "487 1 INVITE"]);
    const tags = h.transport.sent.map((s) => toTagOf(s.message?.headers.get("To")));
    assert.ok(tags[0] !== "");
    assert.equal(tags[0], tags[1]);
    assert.equal(invite?.cancelled, true);
    assert.equal(invite?.state, "completed");
  });

  it("answers a CANCEL that matches nothing with 481", () => {
    const h = harness();
    h.transport.inject(request("CANCEL", { branch: "z9hG4bK-nothing" }), PEER);
    assert.deepEqual(statusesSent(h.transport), [481]);
  });
});
