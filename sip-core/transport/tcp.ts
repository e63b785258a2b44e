import net from "node:net";
import { SipError } from "../message";
import { StreamFramer, type OversizedMessage } from "./framing";
import type { LocalEndpoint, Remote } from "./transport";
import { transportError, type EndpointSink } from "./udp";
import type { WireTap } from "./wire-tap";

export interface TcpEndpointOptions {
  host: string;
  port: number;
  maxMessageSize: number;
  idleTimeoutMs: number;
  tap: WireTap;
  sink: EndpointSink;
}

interface Connection {
  readonly id: number;
  readonly socket: net.Socket;
  readonly remote: Remote;
  readonly key: string;
}

/** A listening socket plus every connection, accepted or opened; each connection frames its own stream. */
export class TcpEndpoint {
  private closed = false;
  private nextId = 1;
  private readonly local: LocalEndpoint;
  private readonly byId = new Map<number, Connection>();
  /** The newest open connection per "address:port", for reuse (RFC 3261 §18.1.1, §18.2.2). */
  private readonly byKey = new Map<string, Connection>();
  private readonly connecting = new Map<string, Promise<Connection>>();

  private constructor(
    private readonly server: net.Server,
    private readonly options: TcpEndpointOptions,
  ) {
    this.local = {
      transport: "tcp",
      address: options.host,
      port: (server.address() as net.AddressInfo).port,
    };
    server.on("connection", (socket) => this.adopt(socket));
    server.on("error", (error) => options.sink.error(transportError(`TCP server error: ${error.message}`)));
  }

  /** Listens; rejects with the raw listen error so the caller can see `EADDRINUSE`. */
  static listen(options: TcpEndpointOptions): Promise<TcpEndpoint> {
    const server = net.createServer({ noDelay: true });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: options.host, port: options.port }, () => {
        server.off("error", reject);
        resolve(new TcpEndpoint(server, options));
      });
    });
  }

  get port(): number {
    return this.local.port;
  }

  isOpen(id: number): boolean {
    const connection = this.byId.get(id);
    return connection !== undefined && isWritable(connection.socket);
  }

  async send(data: Buffer, dest: Remote): Promise<void> {
    if (this.closed) throw new SipError("SIP_ERR_CLOSED", "TCP transport is closed");
    const connection = await this.connectionFor(dest);
    this.options.tap.publish("send", data, this.local, connection.remote);
    await new Promise<void>((resolve, reject) => {
      connection.socket.write(data, (error) => {
        if (error) reject(transportError(`TCP write to ${connection.key} failed: ${error.message}`));
        else resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.byId.values()) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connectionFor(dest: Remote): Promise<Connection> {
    const byId = dest.connectionId === undefined ? undefined : this.byId.get(dest.connectionId);
    if (byId && isWritable(byId.socket)) return Promise.resolve(byId);
    const key = `${dest.address}:${dest.port}`;
    const byKey = this.byKey.get(key);
    if (byKey && isWritable(byKey.socket)) return Promise.resolve(byKey);
    let pending = this.connecting.get(key);
    if (!pending) {
      pending = this.connect(dest).finally(() => this.connecting.delete(key));
      this.connecting.set(key, pending);
    }
    return pending;
  }

  private connect(dest: Remote): Promise<Connection> {
    const localAddress = isWildcard(this.options.host) ? undefined : this.options.host;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: dest.address, port: dest.port, localAddress, noDelay: true });
      const onError = (error: Error): void => {
        socket.destroy();
        reject(transportError(`TCP connect to ${dest.address}:${dest.port} failed: ${error.message}`));
      };
      socket.once("error", onError);
      socket.once("connect", () => {
        socket.off("error", onError);
        if (this.closed) {
          socket.destroy();
          reject(new SipError("SIP_ERR_CLOSED", "TCP transport is closed"));
          return;
        }
        resolve(this.adopt(socket));
      });
    });
  }

  private adopt(socket: net.Socket): Connection {
    const id = this.nextId++;
    const address = socket.remoteAddress ?? "";
    const port = socket.remotePort ?? 0;
    const remote: Remote = { transport: "tcp", address, port, connectionId: id };
    const connection: Connection = { id, socket, remote, key: `${address}:${port}` };
    this.byId.set(id, connection);
    this.byKey.set(connection.key, connection);
    const framer = new StreamFramer(this.options.maxMessageSize);
    const { sink, tap } = this.options;
    socket.on("data", (chunk) => {
      const { frames, oversized = [], error } = framer.push(chunk);
      let next = 0;
      frames.forEach((frame, index) => {
        for (; next < oversized.length && oversized[next].index <= index; next++) {
          this.tooLarge(oversized[next], remote);
        }
        tap.publish("receive", frame, this.local, remote);
        sink.receive(frame, remote);
      });
      for (; next < oversized.length; next++) this.tooLarge(oversized[next], remote);
      if (error) {
        // A framing error is unrecoverable for this stream (RFC 4475 §3.1.2.3): drop this connection only.
        tap.publish("receive", error.raw, this.local, remote);
        socket.destroy();
        sink.framingError(error.error, error.raw, remote);
      }
    });
    if (this.options.idleTimeoutMs > 0) {
      socket.setTimeout(this.options.idleTimeoutMs, () => socket.destroy());
    }
    socket.on("error", (error) =>
      sink.error(transportError(`TCP ${connection.key}: ${error.message}`), remote),
    );
    socket.on("close", () => {
      this.byId.delete(id);
      if (this.byKey.get(connection.key) === connection) this.byKey.delete(connection.key);
    });
    return connection;
  }

  /**
   * The tap sees the header section only: the body is skipped unread, which keeps the connection
   * open and framed. Closing instead would make the kernel answer the unread body with a reset,
   * which can destroy the 413 before the sender reads it (the lingering-close problem of
   * RFC 9112 §9.6); RFC 3261 §21.4.11 only says the server "MAY close the connection".
   */
  private tooLarge(message: OversizedMessage, remote: Remote): void {
    this.options.tap.publish("receive", message.headerSection, this.local, remote);
    this.options.sink.oversized(message.headerSection, message.size, remote);
  }
}

function isWritable(socket: net.Socket): boolean {
  return !socket.destroyed && socket.writable;
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::";
}
