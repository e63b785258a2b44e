import { test } from "node:test";
import assert from "node:assert/strict";
import { DUMP_WINDOW, sendWindowed } from "./dump-window";

/** A send whose completion the test controls, recording start order and concurrency. */
function harness() {
  const started: number[] = [];
  const pending = new Map<number, () => void>();
  let active = 0;
  let peak = 0;
  const send = (item: number) =>
    new Promise<void>((resolve) => {
      started.push(item);
      active++;
      peak = Math.max(peak, active);
      pending.set(item, () => {
        active--;
        pending.delete(item);
        resolve();
      });
    });
  const finish = async (item: number) => {
    pending.get(item)!();
    await new Promise((r) => setImmediate(r));
  };
  return { started, pending, send, finish, peak: () => peak };
}

test("starts items in order and keeps at most `window` unfinished", async () => {
  const h = harness();
  const done = sendWindowed([0, 1, 2, 3, 4, 5], 2, h.send);
  assert.deepEqual(h.started, [0, 1]);
  await h.finish(1);
  assert.deepEqual(h.started, [0, 1, 2]);
  await h.finish(0);
  await h.finish(2);
  assert.deepEqual(h.started, [0, 1, 2, 3, 4]);
  await h.finish(3);
  await h.finish(4);
  await h.finish(5);
  await done;
  assert.deepEqual(h.started, [0, 1, 2, 3, 4, 5]);
  assert.equal(h.peak(), 2);
});

test("fewer items than the window all start at once", async () => {
  const h = harness();
  const done = sendWindowed([7, 8], DUMP_WINDOW, h.send);
  assert.deepEqual(h.started, [7, 8]);
  await h.finish(7);
  await h.finish(8);
  await done;
});

test("no items: resolves without calling send", async () => {
  let calls = 0;
  await sendWindowed([], 4, async () => {
    calls++;
  });
  assert.equal(calls, 0);
});

test("a rejected send does not stop the others; the rejection is reported at the end", async () => {
  const seen: number[] = [];
  await assert.rejects(
    sendWindowed([1, 2, 3, 4], 2, async (n) => {
      seen.push(n);
      if (n === 2) throw new Error("boom");
    }),
    /boom/,
  );
  assert.deepEqual(seen, [1, 2, 3, 4]);
});

test("refuses a window that is not a positive integer", async () => {
  await assert.rejects(
    sendWindowed([1], 0, async () => undefined),
    RangeError,
  );
  await assert.rejects(
    sendWindowed([1], 1.5, async () => undefined),
    RangeError,
  );
});
