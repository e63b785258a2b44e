import type { SipRequest, SipResponse } from "../sip-core";
import { SimError, WaitTimeoutError } from "./errors";
import { summarizeEntry } from "./message-log";
import type { LogEntry, MessageLog } from "./message-log";

/** A method name (`"NOTIFY"`) or a predicate over received requests. */
export type RequestPredicate = string | ((request: SipRequest, entry: LogEntry) => boolean);
/** A status code (`200`) or a predicate over received responses. */
export type ResponsePredicate = number | ((response: SipResponse, entry: LogEntry) => boolean);

/** One message to wait for, as used by `expectAll`; `description` names it in timeout messages. */
export type WaitSpec = (
  { request: RequestPredicate } | { response: ResponsePredicate } | { entry: (entry: LogEntry) => boolean }
) & { description?: string };

/** What a wait looks for, with words for the error message. */
export interface EntryMatcher {
  description: string;
  test(entry: LogEntry): boolean;
}

function predicateName(fn: { name: string }): string {
  return fn.name && fn.name !== "request" && fn.name !== "response" ? ` "${fn.name}"` : "";
}

export function requestMatcher(pred: RequestPredicate, description?: string): EntryMatcher {
  const test =
    typeof pred === "string" ? (req: SipRequest) => req.method.toUpperCase() === pred.toUpperCase() : pred;
  const words = typeof pred === "string" ? `${pred} request` : `request matching${predicateName(pred)}`;
  return {
    description: description ?? words,
    test: (e) => e.direction === "receive" && e.message?.type === "request" && test(e.message, e),
  };
}

export function responseMatcher(pred: ResponsePredicate, description?: string): EntryMatcher {
  const test = typeof pred === "number" ? (res: SipResponse) => res.status === pred : pred;
  const words = typeof pred === "number" ? `${pred} response` : `response matching${predicateName(pred)}`;
  return {
    description: description ?? words,
    test: (e) => e.direction === "receive" && e.message?.type === "response" && test(e.message, e),
  };
}

export function specMatcher(spec: WaitSpec): EntryMatcher {
  if ("request" in spec) return requestMatcher(spec.request, spec.description);
  if ("response" in spec) return responseMatcher(spec.response, spec.description);
  return { description: spec.description ?? "matching message", test: spec.entry };
}

/**
 * Gives each matcher its own entry (bipartite matching by augmenting paths), so "a 200 and a
 * NOTIFY in either order" succeeds whenever some assignment exists, even when one entry would
 * satisfy both matchers. Earlier entries are preferred.
 */
function assign(matchers: EntryMatcher[], candidates: LogEntry[]): LogEntry[] | undefined {
  const options = matchers.map((m) => candidates.filter((e) => m.test(e)));
  const owner = new Map<LogEntry, number>();
  const tryAssign = (m: number, seen: Set<LogEntry>): boolean => {
    for (const entry of options[m]) {
      if (seen.has(entry)) continue;
      seen.add(entry);
      const current = owner.get(entry);
      if (current === undefined || tryAssign(current, seen)) {
        owner.set(entry, m);
        return true;
      }
    }
    return false;
  };
  for (let m = 0; m < matchers.length; m++) if (!tryAssign(m, new Set())) return undefined;
  const result: LogEntry[] = [];
  for (const [entry, m] of owner) result[m] = entry;
  return result;
}

interface Pending {
  matchers: EntryMatcher[];
  resolve(entries: LogEntry[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const MAX_LISTED = 50;

/**
 * Waits over one agent's log. A wait takes the first matching message, already received or
 * future, that no earlier wait took; the message is then consumed.
 */
export class Waiters {
  readonly #log: MessageLog;
  readonly #consumed = new Set<LogEntry>();
  readonly #pending = new Set<Pending>();
  readonly #watchers = new Set<{ stop(error: Error): void }>();
  readonly #detach: () => void;

  constructor(log: MessageLog) {
    this.#log = log;
    this.#detach = log.onEntry(() => this.#settle());
  }

  /** Resolves with the first unconsumed entry matching `matcher`. */
  async waitFor(matcher: EntryMatcher, timeoutMs: number): Promise<LogEntry> {
    const [entry] = await this.waitForAll([matcher], timeoutMs);
    return entry;
  }

  /** Resolves, in the order of `matchers`, with one distinct entry per matcher, in any arrival order. */
  waitForAll(matchers: EntryMatcher[], timeoutMs: number): Promise<LogEntry[]> {
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        matchers,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(pending);
          reject(this.#timeoutError(matchers, timeoutMs));
        }, timeoutMs),
      };
      this.#pending.add(pending);
      this.#settle();
    });
  }

  /**
   * Resolves after `forMs` when no unconsumed entry matching `matcher` was received (before or
   * during the window); rejects with `SIP_ERR_UNEXPECTED` as soon as one is.
   */
  expectNone(matcher: EntryMatcher, forMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const unexpected = (entry: LogEntry): SimError =>
        new SimError(
          "SIP_ERR_UNEXPECTED",
          `expected no ${matcher.description} but got: ${summarizeEntry(entry)}`,
        );
      let early: LogEntry | undefined;
      try {
        early = this.#log.entries.find((e) => !this.#consumed.has(e) && matcher.test(e));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (early) {
        reject(unexpected(early));
        return;
      }
      const watcher = {
        stop: (error?: Error): void => {
          clearTimeout(timer);
          detach();
          this.#watchers.delete(watcher);
          if (error) reject(error);
          else resolve();
        },
      };
      const timer = setTimeout(() => watcher.stop(), forMs);
      const detach = this.#log.onEntry((entry) => {
        try {
          if (matcher.test(entry)) watcher.stop(unexpected(entry));
        } catch (error) {
          watcher.stop(error instanceof Error ? error : new Error(String(error)));
        }
      });
      this.#watchers.add(watcher);
    });
  }

  /** Rejects every pending wait with `SIM_ERR_CLOSED`. */
  close(): void {
    this.#detach();
    const error = new SimError("SIM_ERR_CLOSED", "agent closed while waiting");
    for (const pending of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
    for (const watcher of [...this.#watchers]) watcher.stop(error);
  }

  #settle(): void {
    for (const pending of [...this.#pending]) {
      const candidates = this.#log.entries.filter((e) => !this.#consumed.has(e));
      let found: LogEntry[] | undefined;
      try {
        found = assign(pending.matchers, candidates);
      } catch (error) {
        // A throwing predicate fails its own wait, not the wire tap that delivered the entry.
        this.#pending.delete(pending);
        clearTimeout(pending.timer);
        pending.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (!found) continue;
      for (const entry of found) this.#consumed.add(entry);
      this.#pending.delete(pending);
      clearTimeout(pending.timer);
      pending.resolve(found);
    }
  }

  #timeoutError(matchers: EntryMatcher[], timeoutMs: number): WaitTimeoutError {
    const received = this.#log.received();
    const lines = received
      .slice(-MAX_LISTED)
      .map((e) => summarizeEntry(e) + (this.#consumed.has(e) ? " [taken by an earlier wait]" : ""));
    if (received.length > MAX_LISTED) lines.unshift(`... ${received.length - MAX_LISTED} earlier`);
    const what =
      matchers.length === 1
        ? matchers[0].description
        : `all of [${matchers.map((m) => m.description).join(", ")}]`;
    return new WaitTimeoutError(what, timeoutMs, lines);
  }
}
