import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type RpcHandler = (params: unknown) => unknown;

export class RpcError extends Error {
  constructor(
    readonly rpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 1024 * 1024;

/**
 * JSON-RPC 2.0 over HTTP POST, in the style of Kamailio's jsonrpcs module (`POST /RPC`), so one
 * client works against both targets. Bound to loopback by the caller.
 */
export class JsonRpcServer {
  private readonly methods = new Map<string, RpcHandler>();
  private server: Server | undefined;

  register(name: string, handler: RpcHandler): void {
    this.methods.set(name, handler);
  }

  listMethods(): string[] {
    return [...this.methods.keys()].sort();
  }

  async listen(host: string, port: number): Promise<{ host: string; port: number; url: string }> {
    const server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body);
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    return { host, port: addr.port, url: `http://${host}:${addr.port}/RPC` };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: string }> {
    if (req.method !== "POST")
      return { status: 405, body: JSON.stringify(errorObject(null, -32600, "use POST")) };
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      return { status: 413, body: JSON.stringify(errorObject(null, -32600, (err as Error).message)) };
    }
    let call: { id?: unknown; method?: unknown; params?: unknown };
    try {
      call = JSON.parse(text) as typeof call;
    } catch {
      return { status: 200, body: JSON.stringify(errorObject(null, -32700, "Parse error")) };
    }
    const id = call.id ?? null;
    const handler = typeof call.method === "string" ? this.methods.get(call.method) : undefined;
    if (!handler) {
      const known = this.listMethods().join(", ");
      return {
        status: 200,
        body: JSON.stringify(errorObject(id, -32601, `Method not found (known: ${known})`)),
      };
    }
    try {
      const result = await handler(call.params ?? []);
      return { status: 200, body: JSON.stringify({ jsonrpc: "2.0", result, id }) };
    } catch (err) {
      const code = err instanceof RpcError ? err.rpcCode : -32000;
      return { status: 200, body: JSON.stringify(errorObject(id, code, (err as Error).message)) };
    }
  }
}

function errorObject(id: unknown, code: number, message: string) {
  return { jsonrpc: "2.0", error: { code, message }, id };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Positional (`[x]`) or named (`{ name: x }`) parameter, as jsonrpcs accepts both. */
export function param(params: unknown, index: number, name: string): unknown {
  if (Array.isArray(params)) return params[index];
  if (params && typeof params === "object") return (params as Record<string, unknown>)[name];
  return undefined;
}
