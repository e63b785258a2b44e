import { parseMessage, serializeMessage, SipError, type ParseResult, type SipMessage } from "../message";
import { TcpEndpoint } from "./tcp";
import type {
  MessageHandler,
  Remote,
  Transport,
  TransportErrorHandler,
  TransportOptions,
  TransportProtocol,
} from "./transport";
import { UdpEndpoint, type EndpointSink } from "./udp";
import { requestTooLargeResponse } from "./too-large";
import { createWireTap } from "./wire-tap";

/** Defaults of {@link TransportOptions}, in one place. */
export const TRANSPORT_DEFAULTS = {
  port: 0,
  maxMessageSize: 65535,
  tcpIdleTimeoutMs: 30000,
  protocols: ["udp", "tcp"] as readonly TransportProtocol[],
};

/** How often an ephemeral UDP port is re-picked when TCP finds the same number taken. */
const EPHEMERAL_ATTEMPTS = 20;

/**
 * Binds UDP and TCP on one address and one port number. With port 0, UDP picks an ephemeral port
 * and TCP listens on the same number; if TCP finds it taken, both are re-picked.
 */
export async function createTransport(options: TransportOptions): Promise<Transport> {
  const config = validate(options);
  let messageHandler: MessageHandler | undefined;
  let errorHandler: TransportErrorHandler | undefined;
  const reportError: TransportErrorHandler = (error, remote) => {
    try {
      errorHandler?.(error, remote);
    } catch {
      // The error hook itself failed: nowhere left to report, and a socket callback must not throw.
    }
  };
  const deliver = (result: ParseResult, source: Remote): void => {
    if (!messageHandler) return;
    try {
      messageHandler(result, source);
    } catch (error) {
      reportError(asError(error), source);
    }
  };
  const sink: EndpointSink = {
    receive(raw, source) {
      if (isKeepAlive(raw)) return;
      if (raw.length > config.maxMessageSize) {
        const error = new SipError(
          "SIP_ERR_TOO_LARGE",
          `datagram of ${raw.length} octets exceeds the maximum`,
        );
        deliver({ ok: false, error, raw }, source);
        return;
      }
      deliver(parseMessage(raw), source);
    },
    framingError(error, raw, source) {
      deliver({ ok: false, error, raw }, source);
    },
    oversized(headerSection, size, source) {
      const answer = requestTooLargeResponse(headerSection, source);
      if (answer) sendRaw(answer, source).catch((error: unknown) => reportError(asError(error), source));
      // Reported without `partial`, so a stack above does not answer the same request with a 400.
      const error = new SipError(
        "SIP_ERR_TOO_LARGE",
        `message of ${size} octets exceeds the maximum of ${config.maxMessageSize}` +
          (answer ? "; answered 413, body skipped" : "; body skipped"),
      );
      deliver({ ok: false, error, raw: headerSection }, source);
    },
    error: reportError,
  };
  const tap = createWireTap();
  const { udp, tcp } = await bindEndpoints(config, (port) => ({ ...config, port, tap, sink }));
  const port = udp?.port ?? tcp?.port ?? 0;
  let closing: Promise<void> | undefined;

  const sendRaw = (data: Buffer, dest: Remote): Promise<void> => {
    if (closing) return Promise.reject(new SipError("SIP_ERR_CLOSED", "transport is closed"));
    const endpoint = dest.transport === "udp" ? udp : tcp;
    if (!endpoint) {
      return Promise.reject(new SipError("SIP_ERR_TRANSPORT", `transport ${dest.transport} is not enabled`));
    }
    return endpoint.send(data, dest);
  };

  return {
    host: config.host,
    port,
    protocols: config.protocols,
    onMessage(handler) {
      messageHandler = handler;
    },
    onError(handler) {
      errorHandler = handler;
    },
    send(data: SipMessage | Buffer, dest: Remote) {
      return sendRaw(Buffer.isBuffer(data) ? data : serializeMessage(data), dest);
    },
    sendRaw,
    isConnectionOpen(id) {
      return tcp?.isOpen(id) ?? false;
    },
    close() {
      closing ??= Promise.all([udp?.close(), tcp?.close()]).then(() => undefined);
      return closing;
    },
  };
}

type Config = Required<TransportOptions>;
type EndpointOptions = Config & Parameters<typeof UdpEndpoint.bind>[0];

async function bindEndpoints(
  config: Config,
  optionsFor: (port: number) => EndpointOptions,
): Promise<{ udp?: UdpEndpoint; tcp?: TcpEndpoint }> {
  const wantUdp = config.protocols.includes("udp");
  const wantTcp = config.protocols.includes("tcp");
  const listenTcp = (port: number): Promise<TcpEndpoint> =>
    TcpEndpoint.listen({ ...optionsFor(port), idleTimeoutMs: config.tcpIdleTimeoutMs });
  try {
    if (!wantUdp) return { tcp: await listenTcp(config.port) };
    for (let attempt = 1; ; attempt++) {
      const udp = await UdpEndpoint.bind(optionsFor(config.port));
      if (!wantTcp) return { udp };
      try {
        return { udp, tcp: await listenTcp(udp.port) };
      } catch (error) {
        await udp.close();
        if (config.port !== 0 || errorCode(error) !== "EADDRINUSE" || attempt >= EPHEMERAL_ATTEMPTS)
          throw error;
      }
    }
  } catch (error) {
    throw new SipError(
      "SIP_ERR_TRANSPORT",
      `cannot bind ${config.host}:${config.port}: ${asError(error).message}`,
    );
  }
}

function validate(options: TransportOptions): Config {
  const config: Config = {
    host: options.host,
    port: options.port ?? TRANSPORT_DEFAULTS.port,
    maxMessageSize: options.maxMessageSize ?? TRANSPORT_DEFAULTS.maxMessageSize,
    tcpIdleTimeoutMs: options.tcpIdleTimeoutMs ?? TRANSPORT_DEFAULTS.tcpIdleTimeoutMs,
    protocols: [...(options.protocols ?? TRANSPORT_DEFAULTS.protocols)],
  };
  const problems: string[] = [];
  if (typeof config.host !== "string" || config.host === "") problems.push('"host" must be an address');
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    problems.push(`"port" must be an integer 0..65535, got ${config.port}`);
  }
  if (!Number.isSafeInteger(config.maxMessageSize) || config.maxMessageSize < 1) {
    problems.push(`"maxMessageSize" must be a positive integer, got ${config.maxMessageSize}`);
  }
  if (!Number.isSafeInteger(config.tcpIdleTimeoutMs) || config.tcpIdleTimeoutMs < 0) {
    problems.push(`"tcpIdleTimeoutMs" must be a non-negative integer, got ${config.tcpIdleTimeoutMs}`);
  }
  const unknown = config.protocols.filter((p) => p !== "udp" && p !== "tcp");
  if (config.protocols.length === 0 || unknown.length > 0) {
    problems.push(`"protocols" must list "udp" and/or "tcp", got ${JSON.stringify(config.protocols)}`);
  }
  if (problems.length > 0) throw new TypeError(`createTransport: ${problems.join("; ")}`);
  return config;
}

/** RFC 5626 §3.5.1 keep-alives (and stray CRLFs) are not messages. */
function isKeepAlive(raw: Buffer): boolean {
  for (const octet of raw) if (octet !== 0x0d && octet !== 0x0a) return false;
  return true;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
