import type { SipRequest, SipResponse } from "../message";
import { TransactionError } from "./errors";
import { BaseServerTransaction, type ServerTransactionState } from "./server-transaction";
import type { TimerEntry } from "./timer-queue";
import { nextRetransmitInterval, timerG, timerH, timerI, timerL, TRYING_DELAY_MS } from "./timers";

/**
 * RFC 3261 §17.2.1 (Figure 7) with the RFC 6026 "Accepted" state:
 * Proceeding -> Completed -> Confirmed -> Terminated for 300-699, Proceeding -> Accepted ->
 * Terminated for 2xx.
 */
export class InviteServerTransaction extends BaseServerTransaction {
  state: ServerTransactionState = "proceeding";
  private tryingEntry: TimerEntry | undefined;
  private timerGEntry: TimerEntry | undefined;
  private timerGInterval = 0;
  private timerHEntry: TimerEntry | undefined;
  private timerIEntry: TimerEntry | undefined;
  private timerLEntry: TimerEntry | undefined;

  /** Arms the automatic 100 (Trying); the layer calls it once the TU has seen the request. */
  start(): void {
    if (this.lastStatus !== 0 || this.state !== "proceeding") return;
    // RFC 3261 §17.2.1: "the server transaction MUST generate a 100 (Trying) response unless it
    // knows that the TU will generate a provisional or final response within 200 ms".
    this.tryingEntry = this.ctx.queue.start(TRYING_DELAY_MS, () => {
      if (this.state === "proceeding" && this.lastStatus === 0) this.reply(100);
    });
  }

  respond(res: SipResponse): void {
    this.ctx.queue.cancel(this.tryingEntry);
    if (this.state === "accepted" && res.status >= 200 && res.status < 300) {
      // RFC 6026 §8.5: in Accepted, 2xx retransmissions from the TU are passed to the transport.
      this.transmit(res);
      return;
    }
    if (this.state !== "proceeding") {
      this.misuse(`dropped ${res.status} response after the final response`);
      return;
    }
    this.transmit(res);
    if (res.status < 200) return;
    const { timers, queue } = this.ctx;
    if (res.status < 300) {
      // RFC 6026 §8.5: on a 2xx the transaction "MUST transition to the "Accepted" state" and start
      // Timer L, so that INVITE retransmissions are absorbed rather than seen as new requests.
      this.state = "accepted";
      this.timerLEntry = queue.start(timerL(timers), () => this.terminate());
      return;
    }
    // RFC 3261 §17.2.1: "the state machine MUST enter the "Completed" state, and if unreliable
    // transport is being used, it MUST set timer G to fire in T1 seconds" and "timer H MUST be set
    // to fire in 64*T1 seconds for all transports".
    this.state = "completed";
    if (!this.reliable) {
      this.timerGInterval = timerG(timers);
      this.timerGEntry = queue.start(this.timerGInterval, () => this.onTimerG());
    }
    this.timerHEntry = queue.start(timerH(timers), () => this.onTimerH());
  }

  receive(req: SipRequest): boolean {
    if (req.method === "ACK") return this.receiveAck();
    // RFC 3261 §17.2.1: in Proceeding, a retransmitted INVITE gets "the most recent provisional
    // response"; in Completed, "the response MUST be passed to the transport layer".
    if (this.state === "proceeding" || this.state === "completed") this.resend();
    return true; // Accepted / Confirmed absorb retransmissions
  }

  terminate(): void {
    if (this.state === "terminated") return;
    this.state = "terminated";
    const { queue } = this.ctx;
    for (const entry of [
      this.tryingEntry,
      this.timerGEntry,
      this.timerHEntry,
      this.timerIEntry,
      this.timerLEntry,
    ]) {
      queue.cancel(entry);
    }
    this.ctx.terminated(this.key, this);
  }

  private receiveAck(): boolean {
    // RFC 6026 §8.7: an ACK matching a transaction in Accepted is passed to the TU.
    if (this.state === "accepted") return false;
    if (this.state !== "completed") return true; // Confirmed absorbs; Proceeding has nothing to ACK
    // RFC 3261 §17.2.1: "If an ACK is received while the server transaction is in the "Completed"
    // state, the server transaction MUST transition to the "Confirmed" state. As Timer G is ignored
    // in this state, any retransmissions of the response will cease."
    this.state = "confirmed";
    const { queue, timers } = this.ctx;
    queue.cancel(this.timerGEntry);
    queue.cancel(this.timerHEntry);
    // Timer I: "set to fire in T4 seconds for unreliable transports, and zero seconds for reliable".
    const wait = timerI(timers, this.reliable);
    if (wait === 0) this.terminate();
    else this.timerIEntry = queue.start(wait, () => this.terminate());
    return true;
  }

  private onTimerG(): void {
    if (this.state !== "completed") return;
    // RFC 3261 §17.2.1: "If timer G fires, the response is passed to the transport layer once more
    // for retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds."
    this.resend();
    this.timerGInterval = nextRetransmitInterval(this.ctx.timers, this.timerGInterval);
    this.timerGEntry = this.ctx.queue.start(this.timerGInterval, () => this.onTimerG());
  }

  private onTimerH(): void {
    if (this.state !== "completed") return;
    // RFC 3261 §17.2.1: "If timer H fires while in the "Completed" state, it implies that the ACK was
    // never received. In this case, the server transaction MUST transition to the "Terminated"
    // state, and MUST indicate to the TU that a transaction failure has occurred."
    this.terminate();
    this.ctx.reportError(
      new TransactionError("SIP_ERR_NO_ACK", `Timer H: no ACK for the ${this.lastStatus} response to INVITE`),
      this.source,
    );
  }
}
