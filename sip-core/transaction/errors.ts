/** Stable codes of {@link TransactionError}. */
export type TransactionErrorCode =
  /** The transaction user sent a response the state machine cannot take (e.g. after the final). */
  | "SIP_ERR_INVALID_STATE"
  /** A request handler threw or rejected; `cause` holds what it threw. */
  | "SIP_ERR_HANDLER"
  /** A non-INVITE request stayed unanswered for 64*T1: the client has given up, so the transaction ends. */
  | "SIP_ERR_NO_RESPONSE"
  /** Timer H fired: no ACK arrived for a non-2xx final response to an INVITE. */
  | "SIP_ERR_NO_ACK"
  /** A request or response that cannot be answered or matched (no usable top Via, no branch). */
  | "SIP_ERR_UNROUTABLE"
  /** An API was called with arguments it does not support. */
  | "SIP_ERR_INVALID_ARG";

/** Errors raised by the transaction layer, reported through `SipStack.onError`. */
export class TransactionError extends Error {
  constructor(
    readonly code: TransactionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TransactionError";
  }
}
