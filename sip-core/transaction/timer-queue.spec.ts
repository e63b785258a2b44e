import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeScheduler } from "./fake-scheduler";
import { TimerQueue } from "./timer-queue";

function setup(): { clock: FakeScheduler; queue: TimerQueue; fired: string[]; errors: unknown[] } {
  const clock = new FakeScheduler();
  const errors: unknown[] = [];
  const fired: string[] = [];
  return { clock, queue: new TimerQueue(clock, (e) => errors.push(e)), fired, errors };
}

describe("TimerQueue", () => {
  it("fires timers of several durations at their deadlines with one host timer per duration", () => {
    const { clock, queue, fired } = setup();
    queue.start(500, () => fired.push(`a@${clock.now()}`));
    clock.advance(100);
    queue.start(500, () => fired.push(`b@${clock.now()}`));
    queue.start(200, () => fired.push(`c@${clock.now()}`));
    assert.equal(clock.pending, 2, "one per lane");
    clock.advance(1000);
    assert.deepEqual(fired, ["c@300", "a@500", "b@600"]);
    assert.equal(clock.pending, 0);
  });

  it("cancels in O(1), including the head of a lane, and frees the host timer when a lane empties", () => {
    const { clock, queue, fired } = setup();
    const first = queue.start(500, () => fired.push("first"));
    clock.advance(10);
    const second = queue.start(500, () => fired.push("second"));
    queue.cancel(first);
    clock.advance(495);
    assert.equal(fired.length, 0, "the head was cancelled; the lane re-arms for the next deadline");
    clock.advance(5);
    assert.deepEqual(fired, ["second"]);
    queue.cancel(second); // already fired: no-op
    const third = queue.start(500, () => fired.push("third"));
    queue.cancel(third);
    assert.equal(clock.pending, 0);
  });

  it("lets a callback start a timer of the same duration, and reports one that throws", () => {
    const { clock, queue, fired, errors } = setup();
    queue.start(100, () => {
      fired.push(`x@${clock.now()}`);
      queue.start(100, () => fired.push(`y@${clock.now()}`));
    });
    queue.start(100, () => {
      throw new Error("bad timer");
    });
    queue.start(100, () => fired.push(`z@${clock.now()}`));
    clock.advance(300);
    assert.deepEqual(fired, ["x@100", "z@100", "y@200"]);
    assert.equal((errors[0] as Error).message, "bad timer");
  });

  it("clears everything", () => {
    const { clock, queue, fired } = setup();
    queue.start(100, () => fired.push("a"));
    queue.start(300, () => fired.push("b"));
    queue.clear();
    clock.advance(1000);
    assert.deepEqual(fired, []);
    assert.equal(clock.pending, 0);
  });
});
