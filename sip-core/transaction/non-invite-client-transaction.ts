import { createResponse, serializeMessage, type SipRequest, type SipResponse } from "../message";
import type { Remote } from "../transport";
import type { TransactionContext } from "./server-transaction";
import type { TimerEntry } from "./timer-queue";
import { nextRetransmitInterval, timerE, timerF, timerK } from "./timers";

/** RFC 3261 §17.1.2 states (Figure 6). */
export type ClientTransactionState = "trying" | "proceeding" | "completed" | "terminated";

export interface ClientTransactionOptions {
  /** Called for each 1xx; what it throws is reported, not propagated. */
  onProvisional?(res: SipResponse): void;
  /** Replaces Timer F's 64*T1. */
  timeoutMs?: number;
}

/** What the client transaction needs beyond the server-side context. */
export interface ClientTransactionContext extends TransactionContext {
  /** Marks a response the stack made up itself (408 on Timer F, 503 on a transport error). */
  synthetic(res: SipResponse): SipResponse;
}

/**
 * RFC 3261 §17.1.2 (Figure 6): Trying -> Proceeding -> Completed -> Terminated. The promise
 * resolves with the final response, or a synthetic 408 (Timer F) or 503 (transport error).
 */
export class NonInviteClientTransaction {
  state: ClientTransactionState = "trying";
  readonly response: Promise<SipResponse>;
  private resolve!: (res: SipResponse) => void;
  private readonly raw: Buffer;
  private timerEEntry: TimerEntry | undefined;
  private timerEInterval = 0;
  private timerFEntry: TimerEntry | undefined;
  private timerKEntry: TimerEntry | undefined;

  constructor(
    private readonly ctx: ClientTransactionContext,
    readonly key: string,
    readonly request: SipRequest,
    readonly destination: Remote,
    private readonly options: ClientTransactionOptions = {},
  ) {
    this.response = new Promise((resolve) => (this.resolve = resolve));
    // Serialized once: retransmissions are byte-identical.
    this.raw = serializeMessage(request);
  }

  get reliable(): boolean {
    return this.destination.transport === "tcp";
  }

  start(): Promise<SipResponse> {
    const { queue, timers } = this.ctx;
    this.transmit();
    // RFC 3261 §17.1.2.2: "If an unreliable transport is in use, the client transaction MUST set
    // timer E to fire in T1 seconds." and "the client transaction MUST set timer F to fire in 64*T1".
    if (!this.reliable) {
      this.timerEInterval = timerE(timers);
      this.timerEEntry = queue.start(this.timerEInterval, () => this.onTimerE());
    }
    this.timerFEntry = queue.start(this.options.timeoutMs ?? timerF(timers), () => this.onTimerF());
    return this.response;
  }

  receive(res: SipResponse): void {
    if (this.state === "completed" || this.state === "terminated") return; // retransmitted final: absorbed
    if (res.status < 200) {
      this.state = "proceeding";
      try {
        this.options.onProvisional?.(res);
      } catch (error) {
        this.ctx.reportError(error, this.destination);
      }
      return;
    }
    // RFC 3261 §17.1.2.2: on a final response "the client transaction MUST transition to the
    // "Completed" state" and "MUST set Timer K to fire in T4 seconds for unreliable transports,
    // and zero seconds for reliable transports".
    this.state = "completed";
    this.stopRetransmitting();
    this.resolve(res);
    const wait = timerK(this.ctx.timers, this.reliable);
    if (wait === 0) this.terminate();
    else this.timerKEntry = this.ctx.queue.start(wait, () => this.terminate());
  }

  /** Ends the transaction now; a pending promise resolves with a synthetic 503. */
  terminate(reason = "Service Unavailable"): void {
    if (this.state === "terminated") return;
    const pending = this.state === "trying" || this.state === "proceeding";
    this.state = "terminated";
    this.stopRetransmitting();
    this.ctx.queue.cancel(this.timerKEntry);
    this.ctx.terminated(this.key, this);
    if (pending) this.resolve(this.ctx.synthetic(createResponse(this.request, 503, reason)));
  }

  private transmit(): void {
    this.ctx.send(this.raw, this.destination).catch((error: unknown) => {
      // RFC 3261 §8.1.3.1: a transport error "SHOULD be treated as if a 503 (Service Unavailable)
      // status code had been received".
      if (this.state !== "trying" && this.state !== "proceeding") return;
      this.ctx.reportError(error, this.destination);
      this.terminate();
    });
  }

  private onTimerE(): void {
    if (this.state !== "trying" && this.state !== "proceeding") return;
    this.transmit();
    // RFC 3261 §17.1.2.2: in Trying the interval doubles up to T2; "If Timer E fires while in the
    // Proceeding state, the request MUST be passed to the transport layer for retransmission, and
    // Timer E MUST be reset with a value of T2 seconds."
    const { timers } = this.ctx;
    this.timerEInterval =
      this.state === "proceeding" ? timers.T2 : nextRetransmitInterval(timers, this.timerEInterval);
    this.timerEEntry = this.ctx.queue.start(this.timerEInterval, () => this.onTimerE());
  }

  private onTimerF(): void {
    if (this.state !== "trying" && this.state !== "proceeding") return;
    // RFC 3261 §17.1.2.2: "If Timer F fires while the client transaction is still in the "Trying"
    // state, the client transaction SHOULD inform the TU about the timeout, and then it SHOULD enter
    // the "Terminated" state." RFC 3261 §8.1.3.1 treats it as a 408 (Request Timeout).
    this.state = "terminated";
    this.stopRetransmitting();
    this.ctx.terminated(this.key, this);
    this.resolve(this.ctx.synthetic(createResponse(this.request, 408)));
  }

  private stopRetransmitting(): void {
    this.ctx.queue.cancel(this.timerEEntry);
    this.ctx.queue.cancel(this.timerFEntry);
    this.timerEEntry = undefined;
    this.timerFEntry = undefined;
  }
}
