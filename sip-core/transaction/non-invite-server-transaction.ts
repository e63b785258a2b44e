import type { SipRequest, SipResponse } from "../message";
import { TransactionError } from "./errors";
import { BaseServerTransaction, type ServerTransactionState } from "./server-transaction";
import type { TimerEntry } from "./timer-queue";
import { timerF, timerJ } from "./timers";

/** RFC 3261 §17.2.2 (Figure 8): Trying -> Proceeding -> Completed -> Terminated. */
export class NonInviteServerTransaction extends BaseServerTransaction {
  state: ServerTransactionState = "trying";
  private timerJEntry: TimerEntry | undefined;
  private abandonEntry: TimerEntry | undefined;

  /**
   * Not an RFC timer: a TU that never answers must not leak the transaction. After 64*T1 the client
   * has given up (its Timer F), so nothing is lost by ending it.
   */
  start(): void {
    if (this.state !== "trying" && this.state !== "proceeding") return;
    this.abandonEntry = this.ctx.queue.start(timerF(this.ctx.timers), () => {
      if (this.state !== "trying" && this.state !== "proceeding") return;
      this.terminate();
      const what = `${this.request.method} left without a final response for 64*T1`;
      this.ctx.reportError(new TransactionError("SIP_ERR_NO_RESPONSE", what), this.source);
    });
  }

  respond(res: SipResponse): void {
    if (this.state !== "trying" && this.state !== "proceeding") {
      this.misuse(`dropped ${res.status} response after the final response`);
      return;
    }
    if (res.status < 200) {
      // RFC 3261 §17.2.2: "Any provisional responses passed down from the TU MUST be sent ... the
      // server transaction MUST enter the "Proceeding" state."
      this.state = "proceeding";
      this.transmit(res);
      return;
    }
    // RFC 3261 §17.2.2: "If the TU passes a final response (status codes 200-699) to the server while
    // in the "Proceeding" state, the transaction MUST enter the "Completed" state, and the response
    // MUST be passed to the transport layer for transmission."
    this.state = "completed";
    this.ctx.queue.cancel(this.abandonEntry);
    this.transmit(res);
    // RFC 3261 §17.2.2: "When the server transaction enters the "Completed" state, it MUST set Timer J
    // to fire in 64*T1 seconds for unreliable transports, and zero seconds for reliable transports."
    const wait = timerJ(this.ctx.timers, this.reliable);
    if (wait === 0) this.terminate();
    else this.timerJEntry = this.ctx.queue.start(wait, () => this.terminate());
  }

  receive(_req: SipRequest): boolean {
    // RFC 3261 §17.2.2: in Trying, "any further request retransmissions are discarded"; in
    // Proceeding and Completed the last response "MUST be passed to the transport layer for
    // retransmission".
    if (this.state === "proceeding" || this.state === "completed") this.resend();
    return true;
  }

  terminate(): void {
    if (this.state === "terminated") return;
    this.state = "terminated";
    this.ctx.queue.cancel(this.timerJEntry);
    this.ctx.queue.cancel(this.abandonEntry);
    this.ctx.terminated(this.key, this);
  }
}
