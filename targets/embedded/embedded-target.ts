import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { baseConfig, setParam, type ServerConfig } from "../../reference-server/config/config";
import { openDatabase } from "../../reference-server/db/database";
import { createServer, type RunningServer } from "../../reference-server/server";
import { rpcCall } from "../rpc-client";
import { querySqlite } from "../sqlite-query";
import type { DbRow, Target, TargetProfile } from "../target";

/**
 * The reference server, started in this process for one scenario: ephemeral ports, its own
 * temporary SQLite file and the virtual clock. This adapter is the only harness code that imports
 * reference-server/; steps reach it through the Target interface like any other server.
 */
export class EmbeddedTarget implements Target {
  private readonly dir = mkdtempSync(join(tmpdir(), "siplab-"));
  private readonly config: ServerConfig;
  private server: RunningServer | undefined;

  constructor(readonly profile: TargetProfile) {
    this.config = baseConfig({
      host: profile.sip.host,
      port: 0,
      dbPath: join(this.dir, "siplab.sqlite"),
      domains: [profile.domain],
      testClock: profile.clock === "virtual",
      rpc: { host: profile.sip.host, port: 0 },
    });
    for (const [module, params] of Object.entries(profile.params)) {
      for (const [name, value] of Object.entries(params)) setParam(this.config.modules, module, name, value);
    }
  }

  requireParam(module: string, name: string, value: number | string): void {
    if (this.server)
      throw new Error(`${module}.${name} must be set before the server starts (use it in a Given step)`);
    setParam(this.config.modules, module, name, value);
  }

  requireAuth(enabled: boolean): void {
    this.requireParam("auth", "enabled", enabled ? 1 : 0);
  }

  requireFeature(): void {}

  async ready() {
    if (!this.server) {
      if (this.config.modules.auth.enabled) this.provisionSubscribers();
      this.server = await createServer(this.config);
    }
    return this.server.address;
  }

  private provisionSubscribers(): void {
    const db: BetterSqlite3.Database = openDatabase(this.config.dbPath);
    const insert = db.prepare("INSERT INTO subscriber (username, domain, password) VALUES (?, ?, ?)");
    for (const u of this.profile.users) insert.run(u.user, this.profile.domain, u.password);
    db.close();
  }

  async passTime(seconds: number): Promise<void> {
    await this.ready();
    await this.rpc("siplab.clock.advance", [seconds]);
  }

  async query(sql: string, params: unknown[] = []): Promise<DbRow[]> {
    await this.ready();
    return querySqlite(this.config.dbPath, sql, params);
  }

  async rpc(method: string, params?: unknown): Promise<unknown> {
    await this.ready();
    return rpcCall(this.server!.rpcUrl!, method, params);
  }

  userName(role: string): string {
    return role;
  }

  password(role: string): string {
    return this.profile.users.find((u) => u.user === role)?.password ?? "";
  }

  async close(): Promise<void> {
    await this.server?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function createTarget(profile: TargetProfile): Target {
  return new EmbeddedTarget(profile);
}
