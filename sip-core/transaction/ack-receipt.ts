import { createResponse, type ResponseExtra, type SipRequest, type SipResponse } from "../message";
import type { Remote } from "../transport";
import { TransactionError } from "./errors";
import type { ServerTransaction, ServerTransactionState } from "./server-transaction";

/**
 * How an ACK that belongs to no server transaction (the ACK for a 2xx, RFC 3261 §17.1.1.3) reaches
 * the transaction user: it has the shape of a server transaction, but an ACK is never answered.
 */
export class AckReceipt implements ServerTransaction {
  readonly state: ServerTransactionState = "terminated";
  readonly cancelled = false;

  constructor(
    readonly request: SipRequest,
    readonly source: Remote,
    private readonly reportError: (error: unknown, remote?: Remote) => void,
  ) {}

  respond(res: SipResponse): void {
    this.refuse(res.status);
  }

  reply(status: number, reason?: string, extra?: ResponseExtra): SipResponse {
    this.refuse(status);
    return createResponse(this.request, status, reason, extra);
  }

  private refuse(status: number): void {
    this.reportError(
      new TransactionError("SIP_ERR_INVALID_STATE", `dropped ${status} response: an ACK is never answered`),
      this.source,
    );
  }
}
