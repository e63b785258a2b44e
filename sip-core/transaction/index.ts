export {
  createSipStack,
  type SendRequestOptions,
  type SipStack,
  type SipStackOptions,
  type StackErrorHandler,
  type UnparseableHandler,
} from "./transaction-layer";
export type { RequestHandler } from "./server-side";
export type { ServerTransaction, ServerTransactionState } from "./server-transaction";
export type { ClientTransactionState } from "./non-invite-client-transaction";
export type { ParseFailure } from "./malformed";
export { TransactionError, type TransactionErrorCode } from "./errors";
export {
  DEFAULT_TIMER_VALUES,
  realScheduler,
  resolveTimerValues,
  timerE,
  timerF,
  timerG,
  timerH,
  timerI,
  timerJ,
  timerK,
  timerL,
  type Scheduler,
  type TimerHandle,
  type TimerValues,
} from "./timers";
export { FakeScheduler } from "./fake-scheduler";
