import {
  createResponse,
  formatVia,
  newBranch,
  parseCSeq,
  parseVia,
  SipError,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from "../message";
import type { Remote, Transport } from "../transport";
import { TransactionError } from "./errors";
import { answerMalformed, type ParseFailure } from "./malformed";
import { NonInviteClientTransaction, type ClientTransactionContext } from "./non-invite-client-transaction";
import { createServerSide, type RequestHandler } from "./server-side";
import { TimerQueue } from "./timer-queue";
import { realScheduler, resolveTimerValues, type Scheduler, type TimerValues } from "./timers";
import { clientKey } from "./transaction-keys";

export interface SipStackOptions {
  transport: Transport;
  timers?: Partial<TimerValues>;
  scheduler?: Scheduler;
  /** Whether `close()` also closes the transport; default true. */
  closeTransport?: boolean;
  /** Same as calling `onError` right away. */
  onError?: StackErrorHandler;
}

export interface SendRequestOptions {
  /** Called for each provisional response. */
  onProvisional?(res: SipResponse): void;
  /** Send the request with its Via headers as given: the top Via must then carry a branch. */
  keepVia?: boolean;
  /** Overrides Timer F (64*T1) for this request, e.g. tm `fr_timer`; a 408 follows when it fires. */
  timeoutMs?: number;
}

export type UnparseableHandler = (result: ParseFailure, source: Remote) => void;
export type StackErrorHandler = (error: Error, remote?: Remote) => void;

/** The transaction layer over one transport; see CONTRACT.md "transaction/". */
export interface SipStack {
  readonly transport: Transport;
  readonly timers: Readonly<TimerValues>;
  localAddress(): { host: string; port: number };
  /**
   * Runs a non-INVITE client transaction (RFC 3261 §17.1.2). Resolves with the final response, a
   * synthetic 408 after Timer F or a synthetic 503 on a transport error; never rejects for a SIP
   * outcome. Rejects with a `TransactionError` (`SIP_ERR_INVALID_ARG`) for INVITE/ACK.
   */
  sendRequest(req: SipRequest, dest: Remote, opts?: SendRequestOptions): Promise<SipResponse>;
  /** Sends a message outside any transaction (an ACK for a 2xx, a hand-made response). */
  sendStateless(msg: SipMessage | Buffer, dest: Remote): Promise<void>;
  /** Sets the handler of new requests: one call per server transaction (and per unmatched ACK). */
  onRequest(handler: RequestHandler): void;
  /**
   * Sets the receiver of messages that do not parse. While set, it replaces the automatic
   * 400/505; it can still call `rejectMalformed`.
   */
  onUnparseable(handler: UnparseableHandler): void;
  /** Sets the receiver of failures: handler errors, transport errors, dropped input, Timer H. */
  onError(handler: StackErrorHandler): void;
  /** Sends the stateless 400 (505 for the version) for a malformed request; false if none is possible. */
  rejectMalformed(result: ParseFailure, source: Remote): boolean;
  /** True for the 408/503 responses the stack made up itself. */
  isSynthetic(res: SipResponse): boolean;
  /** Live transactions, for tests and diagnostics. */
  transactionCount(): { client: number; server: number };
  close(): Promise<void>;
}

export function createSipStack(options: SipStackOptions): SipStack {
  const { transport } = options;
  const timers = resolveTimerValues(options.timers);
  const scheduler = options.scheduler ?? realScheduler;
  let errorHandler: StackErrorHandler | undefined = options.onError;
  let unparseableHandler: UnparseableHandler | undefined;
  let closed = false;
  const reportError = (error: unknown, remote?: Remote): void => {
    try {
      errorHandler?.(error instanceof Error ? error : new Error(String(error)), remote);
    } catch {
      // The error hook itself failed: there is nowhere left to report to, and a socket callback
      // must not throw, so this is deliberately dropped.
    }
  };
  const queue = new TimerQueue(scheduler, reportError);
  const clients = new Map<string, NonInviteClientTransaction>();
  const synthetic = new WeakSet<SipResponse>();
  const ctx: ClientTransactionContext = {
    timers,
    queue,
    send: (raw, dest) => transport.sendRaw(raw, dest),
    terminated(key, tx) {
      if (clients.get(key) === tx) clients.delete(key);
      else server.forget(key, tx);
    },
    reportError,
    synthetic(res) {
      synthetic.add(res);
      return res;
    },
  };
  const server = createServerSide(ctx, transport);

  const rejectMalformed = (result: ParseFailure, source: Remote): boolean => {
    const answer = answerMalformed(result, source);
    if (!answer) return false;
    transport.send(answer.res, answer.dest).catch((error: unknown) => reportError(error, answer.dest));
    return true;
  };

  const receiveResponse = (res: SipResponse): void => {
    const top = res.headers.getFirst("Via");
    const branch = top === undefined ? undefined : parseVia(top)?.params.branch;
    const cseq = parseCSeq(res.headers.get("CSeq") ?? "");
    // RFC 3261 §17.1.3 matching; a response that matches nothing is dropped.
    if (!branch || !cseq) return;
    clients.get(clientKey(branch, cseq.method))?.receive(res);
  };

  transport.onError(reportError);
  transport.onMessage((result, source) => {
    if (closed) return;
    if (!result.ok) {
      if (unparseableHandler) {
        try {
          unparseableHandler(result, source);
        } catch (error) {
          reportError(error, source);
        }
      } else if (!rejectMalformed(result, source)) reportError(result.error, source);
      return;
    }
    if (result.message.type === "request") server.receive(result.message, source);
    else receiveResponse(result.message);
  });

  return {
    transport,
    timers,
    localAddress: () => ({ host: transport.host, port: transport.port }),
    sendRequest(req, dest, opts = {}) {
      if (req.method === "INVITE" || req.method === "ACK") {
        const error = new TransactionError("SIP_ERR_INVALID_ARG", `sendRequest does not run ${req.method}`);
        return Promise.reject(error);
      }
      if (opts.timeoutMs !== undefined && !(Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0)) {
        const error = new TransactionError(
          "SIP_ERR_INVALID_ARG",
          `timeoutMs must be > 0, got ${opts.timeoutMs}`,
        );
        return Promise.reject(error);
      }
      const request: SipRequest = { ...req, headers: req.headers.clone() };
      if (!opts.keepVia) {
        // RFC 3261 §18.1.1: the transport "MUST insert a value of the "sent-by" field"; RFC 3581
        // §3: "The client MUST include the "rport" parameter with no value".
        const via = formatVia({
          protocol: "SIP/2.0",
          transport: dest.transport.toUpperCase(),
          host: transport.host,
          port: transport.port,
          params: { branch: newBranch(), rport: null },
        });
        request.headers.prepend("Via", via);
      }
      const top = request.headers.getFirst("Via");
      const branch = top === undefined ? undefined : parseVia(top)?.params.branch;
      if (!branch) {
        const error = new TransactionError("SIP_ERR_INVALID_ARG", "keepVia: the top Via has no branch");
        return Promise.reject(error);
      }
      const key = clientKey(branch, parseCSeq(request.headers.get("CSeq") ?? "")?.method ?? request.method);
      if (closed) {
        return Promise.resolve(
          ctx.synthetic(createResponse(request, 503, "Service Unavailable (stack closed)")),
        );
      }
      const previous = clients.get(key);
      if (previous && previous.state !== "completed") {
        const error = new TransactionError(
          "SIP_ERR_INVALID_ARG",
          `branch ${branch} is in use by a pending request`,
        );
        return Promise.reject(error);
      }
      // A deliberate resend with keepVia replaces a transaction that only waits for Timer K.
      previous?.terminate();
      const tx = new NonInviteClientTransaction(ctx, key, request, dest, opts);
      clients.set(key, tx);
      return tx.start();
    },
    sendStateless(msg, dest) {
      if (closed) return Promise.reject(new SipError("SIP_ERR_CLOSED", "the SIP stack is closed"));
      return transport.send(msg, dest);
    },
    onRequest(handler) {
      server.setHandler(handler);
    },
    onUnparseable(handler) {
      unparseableHandler = handler;
    },
    onError(handler) {
      errorHandler = handler;
    },
    rejectMalformed,
    isSynthetic: (res) => synthetic.has(res),
    transactionCount: () => ({ client: clients.size, server: server.size() }),
    async close() {
      if (closed) return;
      closed = true;
      for (const tx of [...clients.values()]) tx.terminate("Service Unavailable (stack closed)");
      server.terminateAll();
      queue.clear();
      if (options.closeTransport ?? true) await transport.close();
    },
  };
}
