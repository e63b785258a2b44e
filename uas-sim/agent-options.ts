import { isIP } from "node:net";
import type { TimerValues } from "../sip-core";
import { SimError } from "./errors";

export type TransportName = "udp" | "tcp";

/** Options of one simulated user agent; only `aor` and `server` are required. */
export interface AgentOptions {
  /** Address of record, e.g. `sip:alice@example.test`. */
  aor: string;
  /** Where every request goes (registrar / proxy under test); loopback only. */
  server: { host: string; port: number };
  /** Transport used for outgoing requests and advertised in Contact. Default `udp`. */
  transport?: TransportName;
  /** Protocols the agent listens on (one port number for both). Default: udp and tcp. */
  listen?: TransportName[];
  /** Local address. Default `127.0.0.1`. */
  host?: string;
  /** Local port, 0 = ephemeral. Default 0. */
  port?: number;
  credentials?: { username: string; password: string };
  displayName?: string;
  /** User-Agent header value; none is sent when absent. */
  userAgent?: string;
  /** Allow header of the agent's REGISTER requests; none is sent when absent. */
  allow?: string[];
  timers?: Partial<TimerValues>;
}

/** Options with every default applied. */
export interface ResolvedAgentOptions {
  aor: string;
  user: string;
  domain: string;
  server: { host: string; port: number };
  transport: TransportName;
  listen: TransportName[];
  host: string;
  port: number;
  credentials?: { username: string; password: string };
  displayName?: string;
  userAgent?: string;
  allow?: string[];
  timers: Partial<TimerValues>;
}

const KNOWN: (keyof AgentOptions)[] = [
  "aor",
  "server",
  "transport",
  "listen",
  "host",
  "port",
  "credentials",
  "displayName",
  "userAgent",
  "allow",
  "timers",
];
const TRANSPORTS: TransportName[] = ["udp", "tcp"];

function fail(message: string): never {
  throw new SimError("SIM_ERR_OPTIONS", message);
}

/** The traffic this harness generates must stay on this machine. */
export function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function suggest(name: string): string {
  const best = KNOWN.map((k) => ({ k, d: editDistance(name.toLowerCase(), k.toLowerCase()) })).sort(
    (x, y) => x.d - y.d,
  )[0];
  return best.d <= 3 ? `, did you mean "${best.k}"?` : ` (known: ${KNOWN.join(", ")})`;
}

function checkPort(port: unknown, what: string, allowZero: boolean): void {
  const min = allowZero ? 0 : 1;
  if (typeof port !== "number" || !Number.isInteger(port) || port < min || port > 65535) {
    fail(`${what} must be an integer between ${min} and 65535, got ${JSON.stringify(port)}`);
  }
}

/** Splits `sip:alice@example.test` into user and domain; the AOR needs both. */
function splitAor(aor: unknown): { user: string; domain: string } {
  const match = typeof aor === "string" ? /^sips?:([^@;:>\s]+)@([^;>\s]+)$/i.exec(aor) : null;
  if (!match) fail(`aor must look like "sip:user@domain", got ${JSON.stringify(aor)}`);
  return { user: match[1], domain: match[2] };
}

/** Validates eagerly, with messages that say what to change, and applies the defaults. */
export function resolveAgentOptions(options: AgentOptions): ResolvedAgentOptions {
  for (const name of Object.keys(options)) {
    if (!KNOWN.includes(name as keyof AgentOptions)) fail(`unknown agent option "${name}"${suggest(name)}`);
  }
  const { user, domain } = splitAor(options.aor);
  const server = options.server;
  if (typeof server !== "object" || server === null || typeof server.host !== "string") {
    fail('server must be { host: "127.0.0.1", port: 5060 }');
  }
  if (!isLoopback(server.host)) fail(`server.host must be a loopback address, got "${server.host}"`);
  checkPort(server.port, "server.port", false);
  const transport = options.transport ?? "udp";
  if (!TRANSPORTS.includes(transport)) fail(`transport must be "udp" or "tcp", got "${String(transport)}"`);
  const listen = options.listen ?? TRANSPORTS;
  if (listen.length === 0 || listen.some((t) => !TRANSPORTS.includes(t))) {
    fail(`listen must list "udp" and/or "tcp", got ${JSON.stringify(listen)}`);
  }
  if (!listen.includes(transport)) {
    fail(`transport "${transport}" must be one of listen (${listen.join(", ")}): replies come back to it`);
  }
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) fail(`host must be a loopback address, got "${host}"`);
  const port = options.port ?? 0;
  checkPort(port, "port", true);
  const credentials = options.credentials;
  if (credentials && (typeof credentials.username !== "string" || typeof credentials.password !== "string")) {
    fail("credentials must be { username: string, password: string }");
  }
  return {
    aor: options.aor,
    user,
    domain,
    // "localhost" may resolve to ::1 for one socket and 127.0.0.1 for another.
    server: { host: server.host === "localhost" ? "127.0.0.1" : server.host, port: server.port },
    transport,
    listen: [...new Set(listen)],
    host: host === "localhost" ? "127.0.0.1" : host,
    port,
    credentials,
    displayName: options.displayName,
    userAgent: options.userAgent,
    allow: options.allow,
    timers: options.timers ?? {},
  };
}
