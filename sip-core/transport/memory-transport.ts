import { parseMessage, serializeMessage, SipError, type SipMessage } from "../message";
import type {
  MessageHandler,
  Remote,
  Transport,
  TransportErrorHandler,
  TransportProtocol,
} from "./transport";

/** One `send` recorded by a {@link MemoryTransport}. */
export interface SentRecord {
  raw: Buffer;
  /** `raw` parsed back, when it parses. */
  message?: SipMessage;
  dest: Remote;
}

/**
 * A socket-less {@link Transport} for unit tests: records what is sent and lets a test inject
 * bytes as if they had arrived. Everything goes through the real parser and serializer.
 */
export interface MemoryTransport extends Transport {
  readonly sent: SentRecord[];
  /** TCP connection ids `isConnectionOpen` reports as open. */
  readonly openConnections: Set<number>;
  /** Delivers `data` (serialized first when a message) to the message handler, synchronously. */
  inject(data: Buffer | SipMessage, source: Remote): void;
  /** While set, every send rejects with this error. */
  failSendsWith: SipError | undefined;
}

export function createMemoryTransport(
  options: { host?: string; port?: number; protocols?: TransportProtocol[] } = {},
): MemoryTransport {
  let messageHandler: MessageHandler | undefined;
  let errorHandler: TransportErrorHandler | undefined;
  let closed = false;
  const transport: MemoryTransport = {
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 5060,
    protocols: options.protocols ?? ["udp", "tcp"],
    sent: [],
    openConnections: new Set(),
    failSendsWith: undefined,
    onMessage(handler) {
      messageHandler = handler;
    },
    onError(handler) {
      errorHandler = handler;
    },
    send(data, dest) {
      return transport.sendRaw(Buffer.isBuffer(data) ? data : serializeMessage(data), dest);
    },
    sendRaw(raw, dest) {
      if (closed) return Promise.reject(new SipError("SIP_ERR_CLOSED", "memory transport is closed"));
      if (transport.failSendsWith) return Promise.reject(transport.failSendsWith);
      const parsed = parseMessage(raw);
      transport.sent.push({ raw, message: parsed.ok ? parsed.message : undefined, dest: { ...dest } });
      return Promise.resolve();
    },
    isConnectionOpen(id) {
      return transport.openConnections.has(id);
    },
    inject(data, source) {
      const raw = Buffer.isBuffer(data) ? data : serializeMessage(data);
      try {
        messageHandler?.(parseMessage(raw), source);
      } catch (error) {
        errorHandler?.(error instanceof Error ? error : new Error(String(error)), source);
      }
    },
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
  return transport;
}
