import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { baseConfig, setParam, type ServerConfig } from "../../reference-server/config/config";
import { openDatabase } from "../../reference-server/db/database";
import { createServer, type RunningServer } from "../../reference-server/server";
import { REPO_ROOT } from "../load-profile";
import { rpcCall } from "../rpc-client";
import { querySqlite } from "../sqlite-query";
import type { DbRow, Target, TargetProfile } from "../target";
import { ServerProcess, ServerProcessError } from "./server-process";

/**
 * The reference server for one scenario: ephemeral ports, its own temporary SQLite file and the
 * virtual clock. It runs in this process (fast), or as a child process when the scenario kills it
 * (`requireCrash`). This adapter is the only harness code that imports reference-server/; steps
 * reach it through the Target interface like any other server.
 */
export class EmbeddedTarget implements Target {
  private readonly dir = mkdtempSync(join(tmpdir(), "siplab-"));
  private readonly config: ServerConfig;
  private server: RunningServer | undefined;
  private asProcess = false;
  private process: ServerProcess | undefined;
  private starting: Promise<unknown> | undefined;

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

  private get started(): boolean {
    return this.server !== undefined || this.process !== undefined || this.starting !== undefined;
  }

  requireParam(module: string, name: string, value: number | string): void {
    if (this.started)
      throw new Error(`${module}.${name} must be set before the server starts (use it in a Given step)`);
    setParam(this.config.modules, module, name, value);
  }

  requireAuth(enabled: boolean): void {
    this.requireParam("auth", "enabled", enabled ? 1 : 0);
  }

  requireFeature(): void {}

  requireCrash(): void {
    if (this.started) throw new Error("the server must run as its own process from the start (a Given step)");
    this.asProcess = true;
  }

  async ready() {
    if (!this.started) {
      if (this.config.modules.auth.enabled) this.provisionSubscribers();
      this.starting = this.asProcess
        ? this.spawn(0, 0, Date.now()).then((p) => (this.process = p))
        : createServer(this.config).then((s) => (this.server = s));
    }
    await this.starting;
    return this.server?.address ?? this.process!.address;
  }

  private provisionSubscribers(): void {
    const db: BetterSqlite3.Database = openDatabase(this.config.dbPath);
    const insert = db.prepare("INSERT INTO subscriber (username, domain, password) VALUES (?, ?, ?)");
    for (const u of this.profile.users) insert.run(u.user, this.profile.domain, u.password);
    db.close();
  }

  private spawn(sipPort: number, rpcPort: number, clockStart: number): Promise<ServerProcess> {
    return ServerProcess.start({
      root: REPO_ROOT,
      host: this.config.host,
      sipPort,
      rpcPort,
      dbPath: this.config.dbPath,
      configFile: join(this.dir, "modules.json"),
      modules: this.config.modules,
      domains: this.config.domains,
      testClock: this.config.testClock,
      testClockStart: this.config.testClock ? clockStart : undefined,
    });
  }

  /**
   * SIGKILL, then the same command on the same database, ports and virtual time. The clock is
   * read just before the kill: virtual time only moves by RPC, so nothing is lost in between.
   */
  async crash(): Promise<void> {
    if (!this.asProcess) {
      throw new Error('crash() needs "Given the server runs as its own process" before the server starts');
    }
    await this.ready();
    const old = this.process!;
    const clock = this.config.testClock ? await this.clockNow() : Date.now();
    await old.kill();
    const rpcPort = old.rpcUrl ? Number(new URL(old.rpcUrl).port) : 0;
    this.process = await this.respawn(old.address.port, rpcPort, clock);
    // The restarted server answers, and its virtual time resumed where the killed one stopped.
    const resumed = this.config.testClock ? await this.clockNow() : clock;
    if (resumed !== clock) throw new Error(`virtual clock restarted at ${resumed}, expected ${clock}`);
  }

  /** The ports were just freed by the kill; a port grabbed in between gets a few short retries. */
  private async respawn(sipPort: number, rpcPort: number, clock: number): Promise<ServerProcess> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.spawn(sipPort, rpcPort, clock);
      } catch (err) {
        if (attempt >= 3 || !(err instanceof ServerProcessError) || !/EADDRINUSE/.test(err.message))
          throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async clockNow(): Promise<number> {
    const result = (await this.rpc("siplab.clock.now")) as { now: number };
    return result.now;
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
    const url = this.server ? this.server.rpcUrl : this.process!.rpcUrl;
    return rpcCall(url!, method, params);
  }

  userName(role: string): string {
    return role;
  }

  password(role: string): string {
    return this.profile.users.find((u) => u.user === role)?.password ?? "";
  }

  async close(): Promise<void> {
    // A failed start was already reported by ready(); closing must still release what exists.
    await this.starting?.catch(() => undefined);
    await this.server?.close();
    await this.process?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function createTarget(profile: TargetProfile): Target {
  return new EmbeddedTarget(profile);
}
