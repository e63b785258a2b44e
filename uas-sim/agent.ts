import { createSipStack, createTransport, parseCSeq } from "../sip-core";
import type { Remote, SipRequest, SipResponse, SipStack, Transport } from "../sip-core";
import { resolveAgentOptions } from "./agent-options";
import type { AgentOptions, ResolvedAgentOptions, TransportName } from "./agent-options";
import { AnswerRules, Answerer } from "./answer-rules";
import type { AnswerSpec } from "./answer-rules";
import { answerChallenge } from "./digest-client";
import { SimError } from "./errors";
import { MessageLog, tapWire } from "./message-log";
import type { LogEntry } from "./message-log";
import {
  buildRegister,
  buildRequest,
  cloneRequest,
  newCallId,
  newTag,
  publishSpec,
  subscribeSpec,
} from "./requests";
import type { Identity, PublishOptions, RequestSpec, SubscribeOptions } from "./requests";
import { requestMatcher, responseMatcher, specMatcher, Waiters } from "./waiters";
import type { RequestPredicate, ResponsePredicate, WaitSpec } from "./waiters";

/** REGISTER options; everything has a default (RFC 3261 §10.2). */
export interface RegisterOptions {
  /** Expires header; none when undefined (the registrar's default applies). */
  expires?: number;
  /** `;expires=` on the agent's Contact. */
  contactExpires?: number;
  /** Raw Contact values replacing the agent's own, e.g. `*` or `<sip:x@h>;expires=0`. */
  contacts?: string[];
  /** Allow header; default the agent's `allow` option. */
  allow?: string[];
  headers?: [string, string][];
  /** Default the agent's registration Call-ID. */
  callId?: string;
  /** Default one more than the agent's last REGISTER. */
  cseq?: number;
}

/** Options of `agent.request()`: a RequestSpec whose URI defaults to the agent's domain. */
export type RequestOptions = Omit<RequestSpec, "method" | "uri"> & { uri?: string };

export interface WaitOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Names what is awaited in the timeout message. */
  description?: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** A scriptable SIP user agent with its own transport and transaction stack. */
export class Agent {
  /** Every message sent and received, in order. */
  readonly log: MessageLog;
  /** Failures that are not SIP outcomes: transport and stack errors, unanswerable challenges. */
  readonly errors: Error[] = [];
  /** The agent's options with defaults applied. */
  readonly config: ResolvedAgentOptions;
  readonly #transport: Transport;
  readonly #stack: SipStack;
  readonly #rules = new AnswerRules();
  readonly #answerer = new Answerer(this.#rules);
  readonly #waiters: Waiters;
  readonly #detachTap: () => void;
  readonly #identity: Identity;
  // RFC 3261 §10.2: "A UA SHOULD use the same Call-ID for all registrations during a single boot
  // cycle"; CSeq increases by one for each REGISTER with that Call-ID.
  readonly #registerCallId: string;
  readonly #registerFromTag = newTag();
  #registerCSeq = 0;
  #closed = false;

  constructor(options: ResolvedAgentOptions, transport: Transport, log: MessageLog, detachTap: () => void) {
    this.config = options;
    this.#transport = transport;
    this.log = log;
    this.#detachTap = detachTap;
    this.#waiters = new Waiters(log);
    this.#stack = createSipStack({ transport, timers: options.timers, onError: (e) => this.errors.push(e) });
    this.#stack.onRequest((tx) => this.#answerer.handle(tx));
    const tcp = options.transport === "tcp" ? ";transport=tcp" : "";
    this.#identity = {
      aor: options.aor,
      domain: options.domain,
      displayName: options.displayName,
      contact: `sip:${options.user}@${transport.host}:${transport.port}${tcp}`,
      userAgent: options.userAgent,
      host: transport.host,
    };
    this.#registerCallId = newCallId(transport.host);
  }

  get aor(): string {
    return this.config.aor;
  }

  /** The agent's Contact URI, `sip:<user>@127.0.0.1:<port>` (`;transport=tcp` over TCP). */
  get contact(): string {
    return this.#identity.contact;
  }

  get port(): number {
    return this.#transport.port;
  }

  /** The Call-ID of the agent's registrations. */
  get registerCallId(): string {
    return this.#registerCallId;
  }

  /** REGISTER the agent's Contact; resolves with the final response (after one digest retry). */
  register(options: RegisterOptions = {}): Promise<SipResponse> {
    const cseq = options.cseq ?? this.#registerCSeq + 1;
    this.#registerCSeq = Math.max(this.#registerCSeq, cseq);
    const request = buildRegister(this.#identity, {
      callId: options.callId ?? this.#registerCallId,
      fromTag: this.#registerFromTag,
      cseq,
      expires: options.expires,
      contactExpires: options.contactExpires,
      contacts: options.contacts,
      allow: options.allow ?? this.config.allow,
      headers: options.headers,
    });
    return this.#send(request);
  }

  /**
   * Removes the agent's binding (`;expires=0` on its Contact) or, with `all`, every binding of
   * the AOR. RFC 3261 §10.2.2: "*" is used "only if the Expires header field is present with a
   * value of 0".
   */
  unregister(options: { all?: boolean; headers?: [string, string][] } = {}): Promise<SipResponse> {
    if (options.all) return this.register({ contacts: ["*"], expires: 0, headers: options.headers });
    return this.register({ contactExpires: 0, headers: options.headers });
  }

  /** A request of any method to `uri` (default `sip:<domain>`), sent to the server. */
  request(method: string, options: RequestOptions = {}): Promise<SipResponse> {
    const uri = options.uri ?? `sip:${this.config.domain}`;
    return this.#send(buildRequest(this.#identity, { ...options, method, uri }));
  }

  /** RFC 3428 MESSAGE to `to`. */
  message(
    to: string,
    body: string | Buffer,
    options: Omit<RequestOptions, "uri" | "body"> = {},
  ): Promise<SipResponse> {
    return this.request("MESSAGE", { ...options, uri: to, body });
  }

  /** OPTIONS to `uri` (default `sip:<domain>`). */
  options(uri?: string, options: Omit<RequestOptions, "uri"> = {}): Promise<SipResponse> {
    return this.request("OPTIONS", { ...options, uri });
  }

  subscribe(uri: string, options: SubscribeOptions): Promise<SipResponse> {
    return this.#send(buildRequest(this.#identity, subscribeSpec(uri, options)));
  }

  publish(uri: string, options: PublishOptions): Promise<SipResponse> {
    return this.#send(buildRequest(this.#identity, publishSpec(uri, options)));
  }

  /**
   * Sends exactly `bytes` to the server (no Content-Length fix-up, no transaction). Whatever
   * comes back shows up in the log and the waits.
   */
  async sendRaw(bytes: Buffer, transport: TransportName = this.config.transport): Promise<void> {
    this.#assertOpen();
    if (!this.config.listen.includes(transport)) {
      throw new SimError("SIM_ERR_OPTIONS", `agent does not listen on ${transport}: add it to "listen"`);
    }
    await this.#transport.sendRaw(bytes, this.#server(transport));
  }

  /** How to answer incoming `method` requests from now on (a list is consumed in order). */
  answer(method: string, rules: AnswerSpec | AnswerSpec[]): void {
    this.#rules.set(method, rules);
  }

  /** The first unconsumed received request matching `pred` (method name or predicate). */
  async waitForRequest(pred: RequestPredicate, options: WaitOptions = {}): Promise<SipRequest> {
    const matcher = requestMatcher(pred, options.description);
    const entry = await this.#waiters.waitFor(matcher, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return entry.message as SipRequest;
  }

  /** The first unconsumed received response matching `pred` (status code or predicate). */
  async waitForResponse(pred: ResponsePredicate, options: WaitOptions = {}): Promise<SipResponse> {
    const matcher = responseMatcher(pred, options.description);
    const entry = await this.#waiters.waitFor(matcher, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return entry.message as SipResponse;
  }

  /** Several messages in any order; resolves with their log entries in the order of `specs`. */
  expectAll(specs: WaitSpec[], options: { timeoutMs?: number } = {}): Promise<LogEntry[]> {
    return this.#waiters.waitForAll(specs.map(specMatcher), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  /** Resolves after `forMs` when nothing matching `spec` arrived; rejects with `SIP_ERR_UNEXPECTED`. */
  expectNone(spec: WaitSpec, options: { forMs: number }): Promise<void> {
    return this.#waiters.expectNone(specMatcher(spec), options.forMs);
  }

  /** Stops answering, rejects pending waits and closes the sockets. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#answerer.close();
    this.#waiters.close();
    try {
      await this.#stack.close();
      await this.#transport.close();
    } finally {
      this.#detachTap();
    }
  }

  #server(transport: TransportName = this.config.transport): Remote {
    return { transport, address: this.config.server.host, port: this.config.server.port };
  }

  #assertOpen(): void {
    if (this.#closed) throw new SimError("SIM_ERR_CLOSED", `agent ${this.aor} is closed`);
  }

  /** Runs one client transaction and, with credentials, answers one 401/407 challenge. */
  async #send(request: SipRequest): Promise<SipResponse> {
    this.#assertOpen();
    const first = await this.#stack.sendRequest(cloneRequest(request), this.#server());
    const credentials = this.config.credentials;
    if (!credentials || (first.status !== 401 && first.status !== 407) || this.#closed) return first;
    const cseq = (parseCSeq(request.headers.get("CSeq") ?? "")?.seq ?? 0) + 1;
    let retry: SipRequest | undefined;
    try {
      retry = answerChallenge(request, first, credentials, cseq);
    } catch (error) {
      // A challenge the agent cannot answer ends the exchange with the challenge itself.
      this.errors.push(error instanceof Error ? error : new Error(String(error)));
      return first;
    }
    if (!retry) return first;
    if (request.method === "REGISTER") this.#registerCSeq = Math.max(this.#registerCSeq, cseq);
    return this.#stack.sendRequest(retry, this.#server());
  }
}

/**
 * The agent is the oracle's eyes: it takes what a server sends (e.g. a 1 MiB MESSAGE dumped over
 * TCP) instead of refusing it at the transport's 65535-octet default.
 */
const AGENT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

/** Creates an agent listening on its own port; close it with `agent.close()`. */
export async function createAgent(options: AgentOptions): Promise<Agent> {
  const resolved = resolveAgentOptions(options);
  const transport = await createTransport({
    host: resolved.host,
    port: resolved.port,
    protocols: resolved.listen,
    maxMessageSize: AGENT_MAX_MESSAGE_SIZE,
  });
  const log = new MessageLog();
  const detach = tapWire(log, { address: transport.host, port: transport.port, transports: resolved.listen });
  return new Agent(resolved, transport, log, detach);
}
