/** Stable codes for what the simulator reports as an error (never a SIP status: those are data). */
export type SimErrorCode =
  | "SIP_ERR_TIMEOUT" // a wait saw no matching message in time
  | "SIP_ERR_UNEXPECTED" // expectNone saw a message it was told must not arrive
  | "SIM_ERR_OPTIONS" // invalid agent options
  | "SIM_ERR_CLOSED"; // the agent was closed

export class SimError extends Error {
  constructor(
    readonly code: SimErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SimError";
  }
}

/**
 * A wait that ended without its message. `received` lists every message the agent did receive
 * (one line each), which is what the person reading a failed scenario needs.
 */
export class WaitTimeoutError extends SimError {
  constructor(
    readonly waitingFor: string,
    readonly timeoutMs: number,
    readonly received: string[],
  ) {
    super("SIP_ERR_TIMEOUT", describeTimeout(waitingFor, timeoutMs, received));
    this.name = "WaitTimeoutError";
  }
}

function describeTimeout(waitingFor: string, timeoutMs: number, received: string[]): string {
  const list = received.length === 0 ? " nothing" : `\n  ${received.join("\n  ")}`;
  return `no ${waitingFor} within ${timeoutMs} ms; received:${list}`;
}
