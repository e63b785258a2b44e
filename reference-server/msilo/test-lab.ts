import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { createAgent, type Agent } from "../../uas-sim";
import { baseConfig } from "../config/config";
import { defaultParams, type ModuleParams } from "../config/schema";
import type { VirtualClock } from "../core/clock";
import { createServer, type RunningServer } from "../server";

/**
 * A reference server on loopback with a virtual clock and a fresh SQLite file, plus alice's and
 * bob's phones: the fixture of the msilo specs (test code only; nothing in the server imports it).
 */
export interface MsiloLab {
  server: RunningServer;
  alice: Agent;
  bob: Agent;
  /** Another phone, closed with the lab. */
  agent(aor: string): Promise<Agent>;
  rows(): Array<Record<string, unknown>>;
  advance(seconds: number): Promise<unknown>;
  /** msilo counters through the stats.get_statistics RPC (needs `rpc: true`). */
  stats(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface MsiloLabOptions {
  /** Sets the module parameters of this lab on top of the defaults. */
  tweak?: (modules: ModuleParams) => void;
  rpc?: boolean;
  /** Transports the phones listen on (default both). */
  listen?: Array<"udp" | "tcp">;
}

export async function msiloLab(options: MsiloLabOptions = {}): Promise<MsiloLab> {
  const dir = mkdtempSync(join(tmpdir(), "siplab-msilo-lab-"));
  const modules = defaultParams();
  options.tweak?.(modules);
  const dbPath = join(dir, "s.sqlite");
  const rpc = options.rpc ? { host: "127.0.0.1", port: 0 } : null;
  const server = await createServer(
    baseConfig({ port: 0, dbPath, domains: ["example.test"], rpc, testClock: true, modules }),
  ).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const agents: Agent[] = [];
  const agent = async (aor: string) => {
    const a = await createAgent({ aor, server: server.address, listen: options.listen });
    agents.push(a);
    return a;
  };
  const alice = await agent("sip:alice@example.test");
  const bob = await agent("sip:bob@example.test");
  const reader = new BetterSqlite3(dbPath, { readonly: true });
  return {
    server,
    alice,
    bob,
    agent,
    rows: () => reader.prepare("SELECT * FROM silo ORDER BY id").all() as Array<Record<string, unknown>>,
    advance: (s) => (server.clock as VirtualClock).advance(s),
    async stats() {
      if (!server.rpcUrl) throw new Error("msiloLab: stats() needs { rpc: true }");
      const res = await fetch(server.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "stats.get_statistics", params: ["msilo:"] }),
      });
      const lines = ((await res.json()) as { result: string[] }).result;
      return Object.fromEntries(
        lines.map((l) => /^msilo:(\w+) = (\d+)$/.exec(l)!.slice(1)).map(([k, v]) => [k, +v]),
      );
    },
    async close() {
      reader.close();
      await Promise.all(agents.map((a) => a.close()));
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
