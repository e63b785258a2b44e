import { test } from "node:test";
import assert from "node:assert/strict";
import { createVirtualClock } from "./clock";

test("virtual clock runs due timers in order and moves now to each due time", async () => {
  const clock = createVirtualClock((e) => assert.fail(String(e)), 0);
  const seen: Array<[string, number]> = [];
  clock.after(3000, () => void seen.push(["b", clock.now()]));
  clock.after(1000, () => void seen.push(["a", clock.now()]));
  clock.after(9000, () => void seen.push(["late", clock.now()]));
  const r = await clock.advance(5);
  assert.deepEqual(seen, [
    ["a", 1000],
    ["b", 3000],
  ]);
  assert.equal(r.now, 5000);
  assert.equal(r.timersRun, 2);
});

test("intervals repeat once per period within one advance, and cancel stops them", async () => {
  const clock = createVirtualClock((e) => assert.fail(String(e)), 0);
  let ticks = 0;
  const cancel = clock.every(1000, () => void ticks++);
  await clock.advance(72 * 3600);
  assert.equal(ticks, 72 * 3600);
  cancel();
  await clock.advance(10);
  assert.equal(ticks, 72 * 3600);
});

test("a timer scheduled by a running timer inside the window also runs", async () => {
  const clock = createVirtualClock((e) => assert.fail(String(e)), 0);
  const seen: number[] = [];
  clock.after(1000, () => {
    clock.after(500, () => void seen.push(clock.now()));
  });
  await clock.advance(2);
  assert.deepEqual(seen, [1500]);
});

test("errors in timers are reported, not thrown, and negative advances are refused", async () => {
  const errors: unknown[] = [];
  const clock = createVirtualClock((e) => errors.push(e), 0);
  clock.after(10, () => {
    throw new Error("boom");
  });
  await clock.advance(1);
  assert.equal(errors.length, 1);
  await assert.rejects(clock.advance(-1), RangeError);
});
