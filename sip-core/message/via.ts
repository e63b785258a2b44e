// Via header values (RFC 3261 §20.42) and branch generation (§8.1.1.7).
import { randomBytes } from "node:crypto";
import { formatParams, isToken, parseParamsStrict, type Params } from "./params";

export interface Via {
  /** protocol-name "/" protocol-version, LWS removed, e.g. "SIP/2.0". */
  protocol: string;
  /** Upper-cased transport token: "UDP", "TCP", "TLS", "SCTP", "WS", or any extension. */
  transport: string;
  /** sent-by host as written (IPv6 references keep their brackets). */
  host: string;
  port?: number;
  params: Params;
}

/** RFC 3261 §8.1.1.7: "The branch ID inserted by an element compliant with this specification MUST
 * always begin with the characters "z9hG4bK"." */
export const MAGIC_COOKIE = "z9hG4bK";

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)$/;

/**
 * Parses one Via value: `SIP / 2.0 / UDP host[:port] *(;param)` with LWS allowed around the
 * slashes, the colon and the semicolons (RFC 4475 §3.1.1.1). Undefined when malformed.
 */
export function parseVia(value: string): Via | undefined {
  const m = /^([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/;]+)\s+([^;]*)(;[\s\S]*)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, name, version, transport, sentBy, paramText] = m;
  if (!isToken(name) || !isToken(version) || !isToken(transport)) return undefined;
  const hostport = /^(\[[^\]]*\]|[^:\s]+)(?:\s*:\s*(\d{1,5}))?$/.exec(sentBy.trim());
  if (!hostport || !HOST.test(hostport[1])) return undefined;
  const params = parseParamsStrict(paramText ?? "");
  if (!params) return undefined;
  const via: Via = {
    protocol: `${name.toUpperCase()}/${version}`,
    transport: transport.toUpperCase(),
    host: hostport[1],
    params,
  };
  if (hostport[2] !== undefined) {
    const port = Number(hostport[2]);
    if (port > 65535) return undefined;
    via.port = port;
  }
  return via;
}

/** Formats as `SIP/2.0/UDP host:port;params`. */
export function formatVia(via: Via): string {
  const port = via.port === undefined ? "" : `:${via.port}`;
  return `${via.protocol}/${via.transport} ${via.host}${port}${formatParams(via.params)}`;
}

/** A fresh RFC 3261 branch: the magic cookie plus 96 random bits. */
export function newBranch(): string {
  return MAGIC_COOKIE + randomBytes(12).toString("hex");
}
