import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  nextRetransmitInterval,
  resolveTimerValues,
  timerE,
  timerF,
  timerG,
  timerH,
  timerI,
  timerJ,
  timerK,
  timerL,
} from "./timers";

describe("RFC 3261 Table 4 timers", () => {
  const t = resolveTimerValues();

  it("defaults to T1 = 500 ms, T2 = 4 s, T4 = 5 s", () => {
    assert.deepEqual(t, { T1: 500, T2: 4000, T4: 5000 });
  });

  it("derives the lettered timers, zero for reliable transports where the RFC says so", () => {
    assert.equal(timerE(t), 500);
    assert.equal(timerF(t), 32_000);
    assert.equal(timerG(t), 500);
    assert.equal(timerH(t), 32_000);
    assert.equal(timerI(t, false), 5000);
    assert.equal(timerI(t, true), 0);
    assert.equal(timerJ(t, false), 32_000);
    assert.equal(timerJ(t, true), 0);
    assert.equal(timerK(t, false), 5000);
    assert.equal(timerK(t, true), 0);
    assert.equal(timerL(t), 32_000);
  });

  it("doubles the retransmit interval up to T2", () => {
    const seq = [500];
    while (seq.length < 6) seq.push(nextRetransmitInterval(t, seq[seq.length - 1]));
    assert.deepEqual(seq, [500, 1000, 2000, 4000, 4000, 4000]);
  });

  it("rejects unusable values", () => {
    assert.throws(() => resolveTimerValues({ T1: 0 }), /T1 must be > 0/);
    assert.throws(() => resolveTimerValues({ T1: 5000, T2: 4000 }), /T2 .* must not be below T1/);
    assert.deepEqual(resolveTimerValues({ T1: 50 }), { T1: 50, T2: 4000, T4: 5000 });
  });
});
