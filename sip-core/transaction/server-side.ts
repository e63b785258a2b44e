import { createResponse, parseCSeq, type SipRequest, type SipResponse } from "../message";
import type { Remote, Transport } from "../transport";
import { AckReceipt } from "./ack-receipt";
import { TransactionError } from "./errors";
import { InviteServerTransaction } from "./invite-server-transaction";
import { badRequestReason } from "./malformed";
import { NonInviteServerTransaction } from "./non-invite-server-transaction";
import { responseDestination, stampTopVia } from "./response-routing";
import type { BaseServerTransaction, ServerTransaction, TransactionContext } from "./server-transaction";
import { newTag } from "./to-tag";
import { serverKey } from "./transaction-keys";

/** Receives each new request; may be async. What it throws or rejects with is caught (500). */
export type RequestHandler = (tx: ServerTransaction) => void | Promise<void>;

/**
 * RFC 3261 §8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum, contain the
 * following header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via". Max-Forwards only
 * matters to proxies, so a UAS does not insist on it.
 */
const REQUIRED_HEADERS = ["Via", "From", "To", "Call-ID", "CSeq"] as const;

/** The server half of the stack: matching (RFC 3261 §17.2.3), dispatch to the TU, CANCEL. */
export interface ServerSide {
  receive(req: SipRequest, source: Remote): void;
  setHandler(handler: RequestHandler): void;
  forget(key: string, tx: object): void;
  size(): number;
  terminateAll(): void;
}

export function createServerSide(ctx: TransactionContext, transport: Transport): ServerSide {
  const transactions = new Map<string, BaseServerTransaction>();
  let handler: RequestHandler | undefined;

  const sendStateless = (res: SipResponse, dest: Remote): void => {
    transport.send(res, dest).catch((error: unknown) => ctx.reportError(error, dest));
  };

  const handlerFailed = (tx: ServerTransaction, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    ctx.reportError(
      new TransactionError("SIP_ERR_HANDLER", `request handler failed on ${tx.request.method}: ${message}`, {
        cause: error,
      }),
      tx.source,
    );
    const base = tx as Partial<BaseServerTransaction>;
    if (base.finalSent === false && tx.state !== "terminated") tx.reply(500, "Server Internal Error");
  };

  const dispatch = (tx: ServerTransaction): void => {
    if (!handler) {
      if (tx.request.method !== "ACK") tx.reply(501, "Not Implemented");
      return;
    }
    try {
      const pending = handler(tx);
      if (pending) pending.catch((error: unknown) => handlerFailed(tx, error));
    } catch (error) {
      handlerFailed(tx, error);
    }
  };

  const cancel = (cancelTx: NonInviteServerTransaction, invite: BaseServerTransaction | undefined): void => {
    // RFC 3261 §9.2: "If the UAS did not find a matching transaction for the CANCEL according to the
    // procedure above, it SHOULD respond to the CANCEL with a 481 (Call Leg/Transaction Does Not
    // Exist)." Otherwise the CANCEL gets a 200 and, with no final response yet, "the UAS MUST
    // respond to the INVITE with a 487".
    if (!(invite instanceof InviteServerTransaction)) {
      cancelTx.reply(481, "Call/Transaction Does Not Exist");
      return;
    }
    const pending = invite.state === "proceeding";
    // "The To tag of the response to the CANCEL and the To tag in the response to the original
    // request SHOULD be the same."
    invite.toTag ??= newTag();
    cancelTx.toTag = invite.toTag;
    if (pending) invite.cancelled = true;
    cancelTx.reply(200);
    if (pending) invite.reply(487, "Request Terminated");
  };

  return {
    receive(req, source) {
      const top = stampTopVia(req.headers, source);
      if (!top) {
        const error = new TransactionError(
          "SIP_ERR_UNROUTABLE",
          `${req.method} without a usable top Via dropped`,
        );
        ctx.reportError(error, source);
        return;
      }
      const dest = responseDestination(top.via, source);
      const problem = top.wellFormed ? headerProblem(req) : "malformed Via";
      if (problem) {
        if (req.method !== "ACK") sendStateless(createResponse(req, 400, badRequestReason(problem)), dest);
        return;
      }
      const key = serverKey(req, top.via);
      const existing = transactions.get(key);
      if (existing) {
        if (!existing.receive(req)) dispatch(new AckReceipt(req, source, ctx.reportError));
        return;
      }
      if (req.method === "ACK") {
        dispatch(new AckReceipt(req, source, ctx.reportError));
        return;
      }
      const tx =
        req.method === "INVITE"
          ? new InviteServerTransaction(ctx, key, req, source, dest)
          : new NonInviteServerTransaction(ctx, key, req, source, dest);
      transactions.set(key, tx);
      if (req.method === "CANCEL") {
        cancel(tx as NonInviteServerTransaction, transactions.get(serverKey(req, top.via, "INVITE")));
        return;
      }
      dispatch(tx);
      tx.start();
    },
    setHandler(next) {
      handler = next;
    },
    forget(key, tx) {
      if (transactions.get(key) === tx) transactions.delete(key);
    },
    size: () => transactions.size,
    terminateAll() {
      for (const tx of [...transactions.values()]) tx.terminate();
      transactions.clear();
    },
  };
}

/** Why a parsed request cannot be processed, or undefined. */
function headerProblem(req: SipRequest): string | undefined {
  const missing = REQUIRED_HEADERS.filter((name) => !req.headers.has(name));
  if (missing.length > 0) return `missing ${missing.join(", ")}`;
  const cseq = parseCSeq(req.headers.get("CSeq") ?? "");
  if (!cseq) return "malformed CSeq";
  // RFC 3261 §8.1.1.5: "The method MUST match that of the request."
  if (cseq.method !== req.method) return "CSeq method does not match the request method";
  return undefined;
}
