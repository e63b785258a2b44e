import { createResponse } from "../sip-core";
import type { ResponseExtra, ServerTransaction, SipRequest, SipResponse } from "../sip-core";

/** How the agent answers one incoming request. */
export type AnswerRule =
  | {
      status: number;
      reason?: string;
      /** Answer this many milliseconds after the request arrived. */
      delayMs?: number;
      /** Extra header fields, in order. */
      headers?: [string, string][];
      body?: string | Buffer;
      /** Content-Type of `body`; default `text/plain`. */
      contentType?: string;
    }
  /** Stay silent: the request is recorded but the sender's transaction times out. */
  | { noAnswer: true };

/** A fixed rule, or one chosen per request. */
export type AnswerSpec = AnswerRule | ((request: SipRequest) => AnswerRule);

/** Methods a simulated UA accepts without being told to. */
export const DEFAULT_ACCEPTED_METHODS = ["MESSAGE", "OPTIONS", "NOTIFY"];

/**
 * Per-method answer rules. A list is consumed in order and its last rule stays in force, so
 * `[480, 200]` answers the first request 480 and every later one 200.
 */
export class AnswerRules {
  readonly #rules = new Map<string, AnswerSpec[]>();

  set(method: string, rules: AnswerSpec | AnswerSpec[]): void {
    const list = Array.isArray(rules) ? [...rules] : [rules];
    if (list.length === 0) this.#rules.delete(method.toUpperCase());
    else this.#rules.set(method.toUpperCase(), list);
  }

  /** Forgets the rules of `method`, or of every method. */
  reset(method?: string): void {
    if (method === undefined) this.#rules.clear();
    else this.#rules.delete(method.toUpperCase());
  }

  /** Methods listed in Allow: the defaults plus every method given a rule. */
  allowed(): string[] {
    return [...new Set([...DEFAULT_ACCEPTED_METHODS, ...this.#rules.keys()])];
  }

  /** The rule for `request`, consuming it unless it is the last of its list. */
  next(request: SipRequest): AnswerRule {
    const list = this.#rules.get(request.method.toUpperCase());
    if (!list) return this.#defaultRule(request);
    const spec = list.length > 1 ? list.shift()! : list[0];
    return typeof spec === "function" ? spec(request) : spec;
  }

  #defaultRule(request: SipRequest): AnswerRule {
    if (DEFAULT_ACCEPTED_METHODS.includes(request.method.toUpperCase())) return { status: 200 };
    // RFC 3261 §8.2.1: "The UAS MUST also add an Allow header field to the 405 (Method Not
    // Allowed) response."
    return { status: 405, headers: [["Allow", this.allowed().join(", ")]] };
  }
}

/** The arguments of `createResponse` / `tx.reply` for a rule (undefined for `noAnswer`). */
function replyArgs(rule: AnswerRule): [number, string | undefined, ResponseExtra] | undefined {
  if ("noAnswer" in rule) return undefined;
  const body = typeof rule.body === "string" ? Buffer.from(rule.body, "utf8") : rule.body;
  const contentType = body ? (rule.contentType ?? "text/plain") : undefined;
  return [rule.status, rule.reason, { headers: rule.headers, body, contentType }];
}

/** Builds the response a rule asks for (undefined for `noAnswer`). */
export function responseFor(request: SipRequest, rule: AnswerRule): SipResponse | undefined {
  const args = replyArgs(rule);
  return args ? createResponse(request, ...args) : undefined;
}

/**
 * Answers incoming requests by the rules, honouring delays. ACK is never answered (RFC 3261
 * §17: ACK has no response).
 */
export class Answerer {
  readonly #rules: AnswerRules;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(rules: AnswerRules) {
    this.#rules = rules;
  }

  handle(tx: ServerTransaction): void {
    if (tx.request.method.toUpperCase() === "ACK") return;
    const rule = this.#rules.next(tx.request);
    const args = replyArgs(rule);
    if (!args) return;
    const delayMs = "delayMs" in rule ? (rule.delayMs ?? 0) : 0;
    if (delayMs <= 0) {
      tx.reply(...args);
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      tx.reply(...args);
    }, delayMs);
    this.#timers.add(timer);
  }

  /** Drops answers still waiting for their delay. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
