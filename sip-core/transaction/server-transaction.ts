import {
  createResponse,
  serializeMessage,
  type ResponseExtra,
  type SipRequest,
  type SipResponse,
} from "../message";
import type { Remote } from "../transport";
import { TransactionError } from "./errors";
import type { TimerQueue } from "./timer-queue";
import type { TimerValues } from "./timers";
import { tagOf } from "./to-tag";

/** RFC 3261 §17.2 states (plus RFC 6026 "accepted" for INVITE). */
export type ServerTransactionState =
  "trying" | "proceeding" | "completed" | "confirmed" | "accepted" | "terminated";

/** What the transaction user gets for each new request. */
export interface ServerTransaction {
  readonly request: SipRequest;
  /** Where the request came from (TCP: with its `connectionId`). */
  readonly source: Remote;
  readonly state: ServerTransactionState;
  /** True once a CANCEL stopped this INVITE (the stack has answered it 487). */
  readonly cancelled: boolean;
  /** Sends a response through the transaction (RFC 3261 §18.2.2 routing). */
  respond(res: SipResponse): void;
  /** Builds a response with `createResponse`, keeping one To tag per transaction, and sends it. */
  reply(status: number, reason?: string, extra?: ResponseExtra): SipResponse;
}

/** What a transaction needs from the layer that owns it. */
export interface TransactionContext {
  readonly timers: TimerValues;
  readonly queue: TimerQueue;
  send(raw: Buffer, dest: Remote): Promise<void>;
  /** Removes a terminated transaction from the matching table. */
  terminated(key: string, tx: object): void;
  reportError(error: unknown, remote?: Remote): void;
}

/** Response bookkeeping shared by the INVITE and non-INVITE server transactions. */
export abstract class BaseServerTransaction implements ServerTransaction {
  abstract readonly state: ServerTransactionState;
  /** The To tag of this transaction's responses, fixed by the first one that has a tag. */
  toTag: string | undefined;
  cancelled = false;
  protected lastRaw: Buffer | undefined;
  protected lastStatus = 0;

  constructor(
    protected readonly ctx: TransactionContext,
    readonly key: string,
    readonly request: SipRequest,
    readonly source: Remote,
    /** Where responses go, from the stamped top Via. */
    readonly destination: Remote,
  ) {}

  /** True once a final (>= 200) response went out. */
  get finalSent(): boolean {
    return this.lastStatus >= 200;
  }

  get reliable(): boolean {
    return this.destination.transport === "tcp";
  }

  reply(status: number, reason?: string, extra?: ResponseExtra): SipResponse {
    const res = createResponse(this.request, status, reason, { ...extra, toTag: extra?.toTag ?? this.toTag });
    this.respond(res);
    return res;
  }

  abstract respond(res: SipResponse): void;

  /** Arms the timers that run while the TU works on the request; called after dispatch. */
  abstract start(): void;

  /** Handles a request that matched this transaction; false when the TU must see it (RFC 6026 ACK). */
  abstract receive(req: SipRequest): boolean;

  /** Stops timers and leaves the matching table; the layer calls it on close too. */
  abstract terminate(): void;

  protected transmit(res: SipResponse): void {
    if (res.status > 100 && this.toTag === undefined) this.toTag = tagOf(res.headers.get("To"));
    this.lastRaw = serializeMessage(res);
    this.lastStatus = res.status;
    this.resend();
  }

  protected resend(): void {
    if (!this.lastRaw) return;
    // RFC 3261 §17.2.4: a transport failure "SHOULD" terminate the transaction and inform the TU.
    this.ctx.send(this.lastRaw, this.destination).catch((error: unknown) => {
      this.ctx.reportError(error, this.destination);
      this.terminate();
    });
  }

  protected misuse(what: string): void {
    this.ctx.reportError(
      new TransactionError(
        "SIP_ERR_INVALID_STATE",
        `${this.request.method} server transaction in state ${this.state}: ${what}`,
      ),
      this.source,
    );
  }
}
