// Test fixture for the uas-sim specs: a minimal server built from sip-core alone, standing in
// for the server under test. Not exported from index.ts.
import { createSipStack, createTransport } from "../sip-core";
import type { ServerTransaction, SipRequest, TimerValues, TransportProtocol } from "../sip-core";

export interface TestUas {
  host: string;
  port: number;
  /** Every request handed to the handler, in arrival order. */
  requests: SipRequest[];
  /** The transport each request arrived on, same order as `requests`. */
  transports: TransportProtocol[];
  close(): Promise<void>;
}

/** Starts a UAS on an ephemeral loopback port; `handle` answers each new request. */
export async function startTestUas(
  handle: (tx: ServerTransaction) => void,
  options: { protocols?: TransportProtocol[]; timers?: Partial<TimerValues> } = {},
): Promise<TestUas> {
  const transport = await createTransport({ host: "127.0.0.1", port: 0, protocols: options.protocols });
  const stack = createSipStack({ transport, timers: options.timers });
  const requests: SipRequest[] = [];
  const transports: TransportProtocol[] = [];
  stack.onRequest((tx) => {
    requests.push(tx.request);
    transports.push(tx.source.transport);
    handle(tx);
  });
  return {
    host: transport.host,
    port: transport.port,
    requests,
    transports,
    async close() {
      await stack.close();
      await transport.close();
    },
  };
}
