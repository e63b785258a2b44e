// Builders shared by the transaction unit tests (not exported from the index).
import { createRequest, createResponse, type SipRequest, type SipResponse } from "../message";
import { createMemoryTransport, type MemoryTransport, type Remote, type SentRecord } from "../transport";
import { FakeScheduler } from "./fake-scheduler";
import { createSipStack, type SipStack } from "./transaction-layer";
import type { TimerValues } from "./timers";

export const PEER: Remote = { transport: "udp", address: "127.0.0.1", port: 5070 };
export const TCP_PEER: Remote = { transport: "tcp", address: "127.0.0.1", port: 40000, connectionId: 7 };

export interface Harness {
  stack: SipStack;
  transport: MemoryTransport;
  clock: FakeScheduler;
  errors: Error[];
  /** Virtual time of each send, parallel to `transport.sent`. */
  sendTimes: number[];
}

export function harness(timers?: Partial<TimerValues>): Harness {
  const transport = createMemoryTransport({ host: "127.0.0.1", port: 5060 });
  const clock = new FakeScheduler();
  const errors: Error[] = [];
  const stack = createSipStack({ transport, scheduler: clock, timers, onError: (e) => errors.push(e) });
  const sendTimes: number[] = [];
  const sendRaw = transport.sendRaw;
  transport.sendRaw = (raw, dest) => {
    sendTimes.push(clock.now());
    return sendRaw(raw, dest);
  };
  return { stack, transport, clock, errors, sendTimes };
}

/** An incoming request as a peer would send it: Via sent-by 127.0.0.1:5070 unless `via` says otherwise. */
export function request(
  method: string,
  opts: { branch?: string; via?: string; callId?: string; cseq?: number; toTag?: string } = {},
): SipRequest {
  const via = opts.via ?? `SIP/2.0/UDP 127.0.0.1:5070;branch=${opts.branch ?? "z9hG4bK-test-1"}`;
  const to = opts.toTag ? `<sip:b@example.com>;tag=${opts.toTag}` : "<sip:b@example.com>";
  return createRequest({
    method,
    uri: "sip:b@example.com",
    headers: [
      ["Via", via],
      ["Max-Forwards", "70"],
      ["From", "<sip:a@example.com>;tag=from-1"],
      ["To", to],
      ["Call-ID", opts.callId ?? "call-1@test"],
      ["CSeq", `${opts.cseq ?? 1} ${method}`],
    ],
  });
}

/** An outgoing request for `sendRequest` (the stack adds the Via). */
export function outgoing(method = "OPTIONS"): SipRequest {
  const req = request(method);
  req.headers.delete("Via");
  return req;
}

/** A response to what the stack sent (same Via, so it matches the client transaction). */
export function answer(sent: SentRecord, status: number): SipResponse {
  const req = sent.message;
  if (!req || req.type !== "request") throw new Error("not a request");
  return createResponse(req, status);
}

export function statusesSent(transport: MemoryTransport): number[] {
  return transport.sent.flatMap((s) => (s.message?.type === "response" ? [s.message.status] : []));
}
