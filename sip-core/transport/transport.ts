import type { ParseResult, SipMessage } from "../message";

export type TransportProtocol = "udp" | "tcp";

/**
 * The other end of a datagram or connection. `connectionId` names the TCP connection a message
 * arrived on, so a response can go back on it (RFC 3261 §18.2.2).
 */
export interface Remote {
  transport: TransportProtocol;
  address: string;
  port: number;
  connectionId?: number;
}

/** Our end of a datagram or connection, as reported to the wire tap. */
export interface LocalEndpoint {
  transport: TransportProtocol;
  address: string;
  port: number;
}

/** Options of {@link createTransport}; every field but `host` has a default. */
export interface TransportOptions {
  /** Address to bind, e.g. "127.0.0.1". */
  host: string;
  /** 0 (the default) picks an ephemeral port; UDP and TCP share one port number. */
  port?: number;
  /** Largest message accepted, in octets (datagram, or header section plus body on a stream). */
  maxMessageSize?: number;
  /** A TCP connection with no traffic for this long is closed; 0 disables. */
  tcpIdleTimeoutMs?: number;
  protocols?: TransportProtocol[];
}

export type MessageHandler = (result: ParseResult, source: Remote) => void;
/** Socket-level failures are `SipError`s; a message handler that threw is passed on as thrown. */
export type TransportErrorHandler = (error: Error, remote?: Remote) => void;

/** UDP and TCP on one address and one port; see CONTRACT.md "transport/". */
export interface Transport {
  readonly host: string;
  readonly port: number;
  readonly protocols: readonly TransportProtocol[];
  /** Sets the single receiver of every datagram / framed message, parsed or not. */
  onMessage(handler: MessageHandler): void;
  /** Sets the receiver of socket-level failures (a peer reset, a failed write); optional. */
  onError(handler: TransportErrorHandler): void;
  /**
   * Sends a message. TCP: reuses `dest.connectionId` while it is open, else an open connection to
   * address:port, else connects. Rejects with a `SipError` (`SIP_ERR_TRANSPORT`, `SIP_ERR_CLOSED`).
   */
  send(data: SipMessage | Buffer, dest: Remote): Promise<void>;
  /** Sends bytes exactly as given (torture tests, hostile inputs). */
  sendRaw(data: Buffer, dest: Remote): Promise<void>;
  /** Whether the TCP connection `id` is still open. */
  isConnectionOpen(id: number): boolean;
  /** Closes the sockets and every connection; safe to call twice. */
  close(): Promise<void>;
}
