import type { Scheduler, TimerHandle } from "./timers";

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
}

/**
 * A virtual-time {@link Scheduler} for unit tests: nothing fires until `advance` moves the clock.
 * Timers due at the same instant fire in the order they were set.
 */
export class FakeScheduler implements Scheduler {
  private clock = 0;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();

  now(): number {
    return this.clock;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = { id: this.nextId++, due: this.clock + Math.max(0, ms), fn };
    this.timers.set(timer.id, timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** Timers still pending. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due, in due order. */
  advance(ms: number): void {
    const target = this.clock + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.timers.delete(next.id);
      this.clock = next.due;
      next.fn();
    }
    this.clock = target;
  }

  /** Advances to the next pending timer and fires it (and any due at the same instant). */
  advanceToNext(): boolean {
    const next = this.earliest();
    if (!next) return false;
    this.advance(next.due - this.clock);
    return true;
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  }
}
