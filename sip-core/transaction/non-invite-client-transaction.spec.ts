import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SipError, parseVia, type SipResponse } from "../message";
import { answer, harness, outgoing, PEER, TCP_PEER } from "./spec-helpers";

const intervals = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]);

/** Lets promise callbacks run (the memory transport resolves sends as microtasks). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("NonInviteClientTransaction (RFC 3261 §17.1.2)", () => {
  it("adds a top Via with sent-by, rport and a fresh branch, leaving the caller's request alone", async () => {
    const h = harness();
    const req = outgoing();
    void h.stack.sendRequest(req, PEER);
    assert.equal(req.headers.has("Via"), false);
    const via = parseVia(h.transport.sent[0].message?.headers.getFirst("Via") ?? "");
    assert.equal(via?.host, "127.0.0.1");
    assert.equal(via?.port, 5060);
    assert.equal(via?.transport, "UDP");
    assert.equal(via?.params.rport, null);
    assert.match(via?.params.branch ?? "", /^z9hG4bK.{8,}/);
    assert.deepEqual(h.transport.sent[0].dest, PEER);
    await h.stack.close();
  });

  it("retransmits over UDP at T1, 2T1, 4T1 ... capped at T2, then gives a synthetic 408 at 64*T1", async () => {
    const h = harness();
    const pending = h.stack.sendRequest(outgoing(), PEER);
    h.clock.advance(64 * 500 - 1);
    assert.deepEqual(intervals(h.sendTimes), [500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
    assert.ok(
      h.transport.sent.every((s) => s.raw.equals(h.transport.sent[0].raw)),
      "byte-identical resends",
    );
    h.clock.advance(1);
    const res = await pending;
    assert.equal(res.status, 408);
    assert.equal(h.stack.isSynthetic(res), true);
    assert.equal(h.stack.transactionCount().client, 0);
    assert.equal(h.clock.pending, 0, "no timer left behind");
  });

  it("scales with custom timer values", async () => {
    const h = harness({ T1: 100, T2: 400 });
    const pending = h.stack.sendRequest(outgoing(), PEER);
    h.clock.advance(64 * 100);
    assert.deepEqual(intervals(h.sendTimes).slice(0, 5), [100, 200, 400, 400, 400]);
    assert.equal((await pending).status, 408);
  });

  it("retransmits at T2 once a provisional response arrived", async () => {
    const h = harness();
    const provisional: number[] = [];
    const pending = h.stack.sendRequest(outgoing(), PEER, {
      onProvisional: (r) => provisional.push(r.status),
    });
    h.clock.advance(100);
    h.transport.inject(answer(h.transport.sent[0], 100), PEER);
    assert.deepEqual(provisional, [100]);
    h.clock.advance(9000);
    // Timer E keeps its pending 500 ms deadline, then restarts with T2 (RFC 3261 §17.1.2.2).
    assert.deepEqual(h.sendTimes, [0, 500, 4500, 8500]);
    h.transport.inject(answer(h.transport.sent[0], 200), PEER);
    assert.equal((await pending).status, 200);
  });

  it("resolves with the final response, stops retransmitting and absorbs its retransmissions until Timer K", async () => {
    const h = harness();
    const provisional: number[] = [];
    const pending = h.stack.sendRequest(outgoing(), PEER, {
      onProvisional: (r) => provisional.push(r.status),
    });
    h.clock.advance(600);
    const final = answer(h.transport.sent[0], 202);
    h.transport.inject(final, PEER);
    const res = await pending;
    assert.equal(res.status, 202);
    assert.equal(h.stack.isSynthetic(res), false);
    h.transport.inject(final, PEER);
    h.transport.inject(answer(h.transport.sent[0], 180), PEER);
    assert.deepEqual(provisional, []);
    h.clock.advance(4999);
    assert.equal(h.sendTimes.length, 2, "no retransmission after the final response");
    assert.equal(h.stack.transactionCount().client, 1, "Completed for T4");
    h.clock.advance(1);
    assert.equal(h.stack.transactionCount().client, 0, "Timer K = T4 over UDP");
  });

  it("does not retransmit over TCP but still applies Timer F; Timer K is zero", async () => {
    const h = harness();
    const pending = h.stack.sendRequest(outgoing(), TCP_PEER);
    h.clock.advance(64 * 500);
    assert.equal(h.sendTimes.length, 1);
    assert.equal((await pending).status, 408);

    const second = h.stack.sendRequest(outgoing(), TCP_PEER);
    h.transport.inject(answer(h.transport.sent[1], 200), TCP_PEER);
    assert.equal((await second).status, 200);
    assert.equal(h.stack.transactionCount().client, 0, "terminated at once over a reliable transport");
  });

  it("honours a per-request timeoutMs instead of 64*T1", async () => {
    const h = harness();
    const pending = h.stack.sendRequest(outgoing(), PEER, { timeoutMs: 2000 });
    h.clock.advance(2000);
    assert.equal((await pending).status, 408);
  });

  it("turns a transport error into a synthetic 503 and reports it", async () => {
    const h = harness();
    h.transport.failSendsWith = new SipError("SIP_ERR_TRANSPORT", "unreachable");
    const res = await h.stack.sendRequest(outgoing(), PEER);
    assert.equal(res.status, 503);
    assert.equal(h.stack.isSynthetic(res), true);
    assert.equal((h.errors[0] as SipError).code, "SIP_ERR_TRANSPORT");
    assert.equal(h.stack.transactionCount().client, 0);
    assert.equal(h.clock.pending, 0);
  });

  it("matches responses by branch and CSeq method, and drops strays silently", async () => {
    const h = harness();
    const outcome: { settled?: SipResponse } = {};
    void h.stack.sendRequest(outgoing(), PEER).then((r) => (outcome.settled = r));
    const wrongMethod = answer(h.transport.sent[0], 200);
    wrongMethod.headers.set("CSeq", "1 MESSAGE");
    const wrongBranch = answer(h.transport.sent[0], 200);
    wrongBranch.headers.set("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-other");
    h.transport.inject(wrongMethod, PEER);
    h.transport.inject(wrongBranch, PEER);
    await flush();
    assert.equal("settled" in outcome, false, "no response matched yet");
    assert.deepEqual(h.errors, []);
    h.transport.inject(answer(h.transport.sent[0], 200), PEER);
    await flush();
    assert.equal(outcome.settled?.status, 200);
  });

  it("refuses INVITE, and a keepVia request without a branch", async () => {
    const h = harness();
    await assert.rejects(h.stack.sendRequest(outgoing("INVITE"), PEER), { code: "SIP_ERR_INVALID_ARG" });
    await assert.rejects(h.stack.sendRequest(outgoing(), PEER, { keepVia: true }), {
      code: "SIP_ERR_INVALID_ARG",
    });
  });

  it("keeps the caller's Via with keepVia and lets a completed transaction's branch be reused", async () => {
    const h = harness();
    const req = outgoing();
    req.headers.set("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-fixed");
    const first = h.stack.sendRequest(req, PEER, { keepVia: true });
    assert.equal(
      h.transport.sent[0].message?.headers.get("Via"),
      "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-fixed",
    );
    await assert.rejects(h.stack.sendRequest(req, PEER, { keepVia: true }), { code: "SIP_ERR_INVALID_ARG" });
    h.transport.inject(answer(h.transport.sent[0], 200), PEER);
    assert.equal((await first).status, 200);
    const again = h.stack.sendRequest(req, PEER, { keepVia: true });
    h.transport.inject(answer(h.transport.sent[0], 200), PEER);
    assert.equal((await again).status, 200);
  });

  it("resolves pending requests with a synthetic 503 on close", async () => {
    const h = harness();
    const pending = h.stack.sendRequest(outgoing(), PEER);
    await h.stack.close();
    const res = await pending;
    assert.equal(res.status, 503);
    assert.equal(h.stack.isSynthetic(res), true);
    assert.equal(h.clock.pending, 0);
    assert.equal((await h.stack.sendRequest(outgoing(), PEER)).status, 503);
  });
});
