import dgram from "node:dgram";
import { isIPv6 } from "node:net";
import { SipError } from "../message";
import type { LocalEndpoint, Remote } from "./transport";
import type { WireTap } from "./wire-tap";

/** Where an endpoint hands what it receives; implemented by the composed transport. */
export interface EndpointSink {
  receive(raw: Buffer, source: Remote): void;
  /** A stream that cannot be framed; the endpoint closes that connection itself. */
  framingError(error: SipError, raw: Buffer, source: Remote): void;
  /** A streamed message over the maximum size whose header section arrived; its body is skipped. */
  oversized(headerSection: Buffer, size: number, source: Remote): void;
  error(error: Error, remote?: Remote): void;
}

export interface UdpEndpointOptions {
  host: string;
  port: number;
  tap: WireTap;
  sink: EndpointSink;
}

/** One UDP socket: every datagram is one message (RFC 3261 §18.3). */
export class UdpEndpoint {
  private closed = false;
  private readonly local: LocalEndpoint;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly options: UdpEndpointOptions,
  ) {
    this.local = { transport: "udp", address: options.host, port: socket.address().port };
    socket.on("message", (raw, rinfo) => {
      const source: Remote = { transport: "udp", address: rinfo.address, port: rinfo.port };
      options.tap.publish("receive", raw, this.local, source);
      options.sink.receive(raw, source);
    });
    socket.on("error", (error) => options.sink.error(transportError(`UDP socket error: ${error.message}`)));
  }

  /** Binds a socket; rejects with the raw bind error so the caller can see `EADDRINUSE`. */
  static bind(options: UdpEndpointOptions): Promise<UdpEndpoint> {
    const socket = dgram.createSocket({ type: isIPv6(options.host) ? "udp6" : "udp4" });
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        socket.close();
        reject(error);
      };
      socket.once("error", onError);
      socket.bind({ address: options.host, port: options.port }, () => {
        socket.off("error", onError);
        resolve(new UdpEndpoint(socket, options));
      });
    });
  }

  get port(): number {
    return this.local.port;
  }

  send(data: Buffer, dest: Remote): Promise<void> {
    if (this.closed) return Promise.reject(new SipError("SIP_ERR_CLOSED", "UDP transport is closed"));
    this.options.tap.publish("send", data, this.local, dest);
    return new Promise((resolve, reject) => {
      this.socket.send(data, dest.port, dest.address, (error) => {
        if (error)
          reject(transportError(`UDP send to ${dest.address}:${dest.port} failed: ${error.message}`));
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

export function transportError(message: string): SipError {
  return new SipError("SIP_ERR_TRANSPORT", message);
}
