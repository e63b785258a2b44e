import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { parseMessage, SIP_WIRE_CHANNEL } from "../sip-core";
import type { Remote, SipMessage, WireEvent } from "../sip-core";
import type { TransportName } from "./agent-options";

/** One message an agent sent or received, as it was on the wire. */
export interface LogEntry {
  /** Position in the agent's log, from 0. */
  readonly index: number;
  readonly direction: "send" | "receive";
  readonly raw: Buffer;
  /** Absent when the bytes did not parse; `parseError` then says why. */
  readonly message?: SipMessage;
  readonly parseError?: string;
  readonly remote: Remote;
  readonly local: { transport: TransportName; address: string; port: number };
  readonly transport: TransportName;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
}

type Listener = (entry: LogEntry) => void;

/** Every message of one agent, in order. Waiters and reports read it; nothing here judges it. */
export class MessageLog {
  readonly #entries: LogEntry[] = [];
  readonly #listeners = new Set<Listener>();

  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  /** Received messages only, in order. */
  received(): LogEntry[] {
    return this.#entries.filter((e) => e.direction === "receive");
  }

  record(event: WireEvent): LogEntry {
    const parsed = parseMessage(event.raw);
    const entry: LogEntry = {
      index: this.#entries.length,
      direction: event.direction,
      raw: event.raw,
      message: parsed.ok ? parsed.message : undefined,
      parseError: parsed.ok ? undefined : parsed.error.message,
      remote: event.remote,
      local: event.local,
      transport: event.local.transport,
      timestamp: event.timestamp,
    };
    this.#entries.push(entry);
    for (const listener of [...this.#listeners]) listener(entry);
    return entry;
  }

  /** Calls `listener` for every entry recorded from now on; returns the unsubscribe function. */
  onEntry(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** One line per message, e.g. `<- 401 Unauthorized (CSeq 1 REGISTER) udp 127.0.0.1:5060`. */
export function summarizeEntry(entry: LogEntry): string {
  const arrow = entry.direction === "send" ? "->" : "<-";
  const peer = `${entry.transport} ${entry.remote.address}:${entry.remote.port}`;
  const msg = entry.message;
  if (!msg) return `${arrow} unparseable ${entry.raw.length} bytes (${entry.parseError ?? "?"}) ${peer}`;
  const cseq = msg.headers.get("CSeq");
  const first = msg.type === "request" ? `${msg.method} ${msg.uri}` : `${msg.status} ${msg.reason}`;
  return `${arrow} ${first}${cseq ? ` (CSeq ${cseq})` : ""} ${peer}`;
}

/** Which of the process's wire events belong to one agent: its address, port and protocols. */
export interface WireFilter {
  address: string;
  port: number;
  transports: readonly TransportName[];
}

/**
 * Records into `log` every wire event of the sockets described by `filter`. The sip-core wire tap
 * is process-wide, so each agent keeps only its own local endpoint; the returned function detaches.
 */
export function tapWire(log: MessageLog, filter: WireFilter): () => void {
  const onEvent = (payload: unknown): void => {
    const event = payload as WireEvent;
    const local = event.local;
    if (local.port !== filter.port || !filter.transports.includes(local.transport)) return;
    if (local.address !== filter.address) return;
    log.record(event);
  };
  subscribe(SIP_WIRE_CHANNEL, onEvent);
  return () => {
    unsubscribe(SIP_WIRE_CHANNEL, onEvent);
  };
}
