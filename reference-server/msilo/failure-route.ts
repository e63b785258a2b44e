import type { ServerTransaction, SipResponse } from "../../sip-core";
import type { Reply } from "../core/reply";

/**
 * The msilo sample's failure_route for a forwarded MESSAGE: when the best final response is a
 * 4xx (the UA rejected MESSAGE, or tm's own 408 after fr_timer), `onFailure` decides the answer
 * (202 after storing, 503 when storing failed) or returns undefined to relay the response as is.
 * Wraps the server transaction so proxy/forward.ts stays unaware of msilo.
 */
export function withFailureRoute(
  tx: ServerTransaction,
  onFailure: (res: SipResponse) => Reply | undefined,
): ServerTransaction {
  return {
    get request() {
      return tx.request;
    },
    get source() {
      return tx.source;
    },
    get state() {
      return tx.state;
    },
    get cancelled() {
      return tx.cancelled;
    },
    respond(res: SipResponse): void {
      const decided = res.status >= 400 && res.status < 500 ? onFailure(res) : undefined;
      if (!decided) return tx.respond(res);
      tx.reply(decided.status, decided.reason, { headers: decided.headers });
    },
    reply: (status, reason, extra) => tx.reply(status, reason, extra),
  };
}
