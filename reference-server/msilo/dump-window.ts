/**
 * How many dumped MESSAGEs may wait for their final response at once. One REGISTER can release
 * thousands of stored messages; sent in one burst over UDP they overflow the phone's receive
 * buffer (about 160 datagrams with Linux defaults), and the lost ones only arrive with Timer E
 * retransmissions 0.5, 1, 2, 4 s later (RFC 3261 §17.1.2.2). A window keeps the pipe full
 * without that loss. RFC 8085 §3.1 (UDP usage): an application "SHOULD control the rate at which
 * it sends"; msilo has no rate parameter, so the window is the server's own choice.
 */
export const DUMP_WINDOW = 32;

/**
 * Runs `send` for every item, starting them in order and keeping at most `window` unfinished.
 * A rejected `send` is the caller's to handle (the promise of this function then rejects once the
 * others are done).
 */
export async function sendWindowed<T>(
  items: readonly T[],
  window: number,
  send: (item: T) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError(`window must be a positive integer, got ${window}`);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await send(items[next++]);
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(window, items.length) }, lane));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
