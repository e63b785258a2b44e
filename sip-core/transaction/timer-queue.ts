import type { Scheduler, TimerHandle } from "./timers";

/** A pending timer of a {@link TimerQueue}; pass it back to `cancel`. */
export interface TimerEntry {
  readonly due: number;
}

interface Node extends TimerEntry {
  fn: (() => void) | undefined;
  prev: Node | undefined;
  next: Node | undefined;
  lane: Lane;
}

/** All timers of one duration: deadlines arrive in insertion order, so a FIFO list suffices. */
interface Lane {
  readonly ms: number;
  head: Node | undefined;
  tail: Node | undefined;
  handle: TimerHandle | undefined;
}

/**
 * Transaction timers without one host timer per transaction: timers are grouped by duration into
 * FIFO lanes (RFC timers take few distinct values: T1, 2*T1, ..., T2, T4, 64*T1), and each lane
 * keeps a single scheduler timeout armed for its head. Start and cancel are O(1).
 */
export class TimerQueue {
  private readonly lanes = new Map<number, Lane>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly reportError: (error: unknown) => void,
  ) {}

  start(ms: number, fn: () => void): TimerEntry {
    let lane = this.lanes.get(ms);
    if (!lane) {
      lane = { ms, head: undefined, tail: undefined, handle: undefined };
      this.lanes.set(ms, lane);
    }
    const node: Node = { due: this.scheduler.now() + ms, fn, prev: lane.tail, next: undefined, lane };
    if (lane.tail) lane.tail.next = node;
    else lane.head = node;
    lane.tail = node;
    if (lane.handle === undefined) this.arm(lane, ms);
    return node;
  }

  /** Cancels a timer; a no-op when it already fired or was cancelled. */
  cancel(entry: TimerEntry | undefined): void {
    const node = entry as Node | undefined;
    if (!node?.fn) return;
    node.fn = undefined;
    this.unlink(node);
    const lane = node.lane;
    // An empty lane holds no host timer, so an idle stack keeps nothing pending.
    if (!lane.head) this.retire(lane);
  }

  /** Cancels everything. */
  clear(): void {
    for (const lane of this.lanes.values()) {
      if (lane.handle !== undefined) this.scheduler.clearTimeout(lane.handle);
      for (let node = lane.head; node; node = node.next) node.fn = undefined;
    }
    this.lanes.clear();
  }

  private retire(lane: Lane): void {
    if (lane.handle !== undefined) this.scheduler.clearTimeout(lane.handle);
    lane.handle = undefined;
    if (this.lanes.get(lane.ms) === lane) this.lanes.delete(lane.ms);
  }

  private arm(lane: Lane, ms: number): void {
    lane.handle = this.scheduler.setTimeout(() => this.fire(lane), ms);
  }

  private fire(lane: Lane): void {
    lane.handle = undefined;
    const now = this.scheduler.now();
    const due: Array<() => void> = [];
    while (lane.head && lane.head.due <= now) {
      const node = lane.head;
      if (node.fn) due.push(node.fn);
      node.fn = undefined;
      this.unlink(node);
    }
    // A host timer may fire a fraction of a millisecond early: re-arm for whatever is left.
    if (lane.head) this.arm(lane, lane.head.due - now);
    else this.lanes.delete(lane.ms);
    for (const fn of due) {
      try {
        fn();
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  private unlink(node: Node): void {
    const lane = node.lane;
    if (node.prev) node.prev.next = node.next;
    else if (lane.head === node) lane.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else if (lane.tail === node) lane.tail = node.prev;
    node.prev = undefined;
    node.next = undefined;
  }
}
