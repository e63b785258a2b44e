import { performance } from "node:perf_hooks";

/** RFC 3261 §17.1.1.1 / Table 4 base values, in milliseconds. */
export interface TimerValues {
  /** RTT estimate. */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses. */
  T2: number;
  /** Maximum duration a message will remain in the network. */
  T4: number;
}

export const DEFAULT_TIMER_VALUES: Readonly<TimerValues> = Object.freeze({ T1: 500, T2: 4000, T4: 5000 });

/** Opaque handle returned by {@link Scheduler.setTimeout}. */
export type TimerHandle = unknown;

/** Clock and timers, injectable so unit tests can run RFC timers in virtual time. */
export interface Scheduler {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The process clock and Node timers. Stateless, so sharing it creates no coupling. */
export const realScheduler: Scheduler = Object.freeze({
  now: () => performance.now(),
  setTimeout: (fn: () => void, ms: number): TimerHandle => setTimeout(fn, ms),
  clearTimeout: (handle: TimerHandle) => clearTimeout(handle as NodeJS.Timeout),
});

/** Fills and validates timer values; T1 <= T2 keeps the back-off meaningful. */
export function resolveTimerValues(partial: Partial<TimerValues> = {}): TimerValues {
  const values = { ...DEFAULT_TIMER_VALUES, ...partial };
  for (const name of ["T1", "T2", "T4"] as const) {
    const value = values[name];
    if (!Number.isFinite(value) || value <= 0)
      throw new TypeError(`timer ${name} must be > 0 ms, got ${value}`);
  }
  if (values.T2 < values.T1)
    throw new TypeError(`timer T2 (${values.T2}) must not be below T1 (${values.T1})`);
  return values;
}

// RFC 3261 Table 4, with each timer named by its letter.

/** Timer A / E initial value: T1. */
export const timerE = (t: TimerValues): number => t.T1;

/**
 * Next Timer E (and Timer G) interval. RFC 3261 §17.1.2.2: "If timer E fires while still in this
 * state, the timer is reset, but this time with a value of MIN(2*T1, T2)" (and doubling again).
 */
export const nextRetransmitInterval = (t: TimerValues, current: number): number =>
  Math.min(2 * current, t.T2);

/** Timer F: non-INVITE transaction timeout, 64*T1. */
export const timerF = (t: TimerValues): number => 64 * t.T1;

/** Timer G initial value: T1 (INVITE final response retransmit, unreliable only). */
export const timerG = (t: TimerValues): number => t.T1;

/** Timer H: wait time for ACK receipt, 64*T1. */
export const timerH = (t: TimerValues): number => 64 * t.T1;

/** Timer I: wait time for ACK retransmits, T4 for UDP, 0 for reliable transports. */
export const timerI = (t: TimerValues, reliable: boolean): number => (reliable ? 0 : t.T4);

/** Timer J: wait time for non-INVITE request retransmits, 64*T1 for UDP, 0 for reliable. */
export const timerJ = (t: TimerValues, reliable: boolean): number => (reliable ? 0 : 64 * t.T1);

/** Timer K: wait time for response retransmits, T4 for UDP, 0 for reliable. */
export const timerK = (t: TimerValues, reliable: boolean): number => (reliable ? 0 : t.T4);

/** Timer L (RFC 6026 §7.1): wait time for accepted INVITE request retransmits, 64*T1. */
export const timerL = (t: TimerValues): number => 64 * t.T1;

/**
 * RFC 3261 §17.2.1: the server transaction "MUST generate a 100 (Trying) response unless it knows
 * that the TU will generate a provisional or final response within 200 ms".
 */
export const TRYING_DELAY_MS = 200;
