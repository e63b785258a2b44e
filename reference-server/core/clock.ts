/**
 * The server's notion of time. Everything that expires (bindings, nonces, later stored messages)
 * reads `now()` and schedules through the clock, so tests can run 72 hours in milliseconds.
 * SIP transaction timers are *not* on this clock: they pace real packets on real sockets.
 */
export interface Clock {
  readonly kind: "real" | "virtual";
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` every `intervalMs` until the returned cancel function is called. */
  every(intervalMs: number, fn: () => void | Promise<void>): () => void;
  /** Runs `fn` once after `delayMs`. */
  after(delayMs: number, fn: () => void | Promise<void>): () => void;
}

export function createRealClock(onError: (err: unknown) => void): Clock {
  const guard = (fn: () => void | Promise<void>) => () => {
    try {
      Promise.resolve(fn()).catch(onError);
    } catch (err) {
      onError(err);
    }
  };
  return {
    kind: "real",
    now: () => Date.now(),
    every(intervalMs, fn) {
      const handle = setInterval(guard(fn), intervalMs);
      handle.unref();
      return () => clearInterval(handle);
    },
    after(delayMs, fn) {
      const handle = setTimeout(guard(fn), delayMs);
      handle.unref();
      return () => clearTimeout(handle);
    },
  };
}

interface VirtualTimer {
  id: number;
  due: number;
  intervalMs?: number;
  fn: () => void | Promise<void>;
}

export interface VirtualClock extends Clock {
  readonly kind: "virtual";
  /** Moves time forward, running every timer that falls due, in due order, awaiting each. */
  advance(seconds: number): Promise<{ now: number; timersRun: number }>;
}

/** Virtual time starts at the real time of creation so dates in the DB look sane. */
export function createVirtualClock(onError: (err: unknown) => void, start = Date.now()): VirtualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, VirtualTimer>();
  let advancing: Promise<unknown> = Promise.resolve();

  function schedule(delayMs: number, fn: () => void | Promise<void>, intervalMs?: number): () => void {
    const timer: VirtualTimer = { id: nextId++, due: now + Math.max(0, delayMs), intervalMs, fn };
    timers.set(timer.id, timer);
    return () => timers.delete(timer.id);
  }

  function nextDue(limit: number): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const t of timers.values()) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }

  async function run(seconds: number): Promise<{ now: number; timersRun: number }> {
    const target = now + seconds * 1000;
    let timersRun = 0;
    for (let t = nextDue(target); t; t = nextDue(target)) {
      now = t.due;
      if (t.intervalMs !== undefined && t.intervalMs > 0) t.due += t.intervalMs;
      else timers.delete(t.id);
      timersRun++;
      try {
        await t.fn();
      } catch (err) {
        onError(err);
      }
    }
    now = target;
    return { now, timersRun };
  }

  return {
    kind: "virtual",
    now: () => now,
    every: (intervalMs, fn) => schedule(intervalMs, fn, intervalMs),
    after: (delayMs, fn) => schedule(delayMs, fn),
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) {
        return Promise.reject(new RangeError(`seconds must be a non-negative number, got ${seconds}`));
      }
      // Two overlapping advances run one after the other, never interleaved.
      const result = advancing.then(() => run(seconds));
      advancing = result.catch(() => undefined);
      return result;
    },
  };
}
