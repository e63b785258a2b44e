import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { REPO_ROOT, repoPath } from "./load-profile";
import { rpcCall } from "./rpc-client";
import { querySqlite } from "./sqlite-query";
import { NotApplicable, type DbRow, type Target, type TargetProfile } from "./target";

/**
 * A server someone else runs (Kamailio from targets/kamailio, or yours). It is shared by every
 * scenario, so role names get a per-scenario suffix and nothing is reconfigured: a scenario that
 * needs other parameter values than the profile declares is not applicable here.
 */
export class ExternalTarget implements Target {
  private readonly suffix = randomBytes(3).toString("hex");

  constructor(readonly profile: TargetProfile) {}

  /** What the scenario declared, last declaration winning (a scenario may override its Background). */
  private readonly required = new Map<string, { module: string; name: string; value: number | string }>();

  requireParam(module: string, name: string, value: number | string): void {
    this.required.set(`${module}.${name}`, { module, name, value });
  }

  private checkRequirements(): void {
    for (const { module, name, value } of this.required.values()) {
      const have = this.profile.params[module]?.[name];
      if (have === undefined) {
        throw new NotApplicable(`${this.profile.name} does not declare ${module}.${name} in its profile`);
      }
      if (String(have) !== String(value)) {
        throw new NotApplicable(
          `${this.profile.name} runs with ${module}.${name}=${have}; this scenario needs ${value}`,
        );
      }
    }
  }

  requireAuth(enabled: boolean): void {
    if (this.profile.auth !== enabled) {
      throw new NotApplicable(
        `${this.profile.name} runs with authentication ${this.profile.auth ? "on" : "off"}`,
      );
    }
  }

  requireFeature(feature: string): void {
    if (!this.profile.features.includes(feature))
      throw new NotApplicable(`${this.profile.name} does not declare "${feature}"`);
  }

  async ready() {
    this.checkRequirements();
    return { host: this.profile.sip.host, port: this.profile.sip.port };
  }

  async passTime(seconds: number): Promise<void> {
    await this.ready();
    await sleep(seconds * 1000);
  }

  async query(sql: string, params: unknown[] = []): Promise<DbRow[]> {
    if (!this.profile.db)
      throw new NotApplicable(`${this.profile.name} declares no SQLite database to inspect`);
    return querySqlite(repoPath(this.profile.db.path), sql, params);
  }

  async rpc(method: string, params?: unknown): Promise<unknown> {
    await this.ready();
    if (!this.profile.rpc) throw new NotApplicable(`${this.profile.name} declares no JSON-RPC endpoint`);
    return rpcCall(this.profile.rpc.url, method, params);
  }

  /** Profile users (needed for authentication) keep their names; other roles are made unique. */
  userName(role: string): string {
    if (this.profile.auth && this.profile.users.some((u) => u.user === role)) return role;
    return `${role}-${this.suffix}`;
  }

  password(role: string): string {
    return this.profile.users.find((u) => u.user === role)?.password ?? "";
  }

  requireCrash(): void {
    if (!this.profile.crash) {
      throw new NotApplicable(
        `${this.profile.name} declares no "crash" command to kill and restart the server`,
      );
    }
  }

  /** Runs the profile's crash command (SIGKILL + restart on the same database); fails on a non-zero exit. */
  async crash(): Promise<void> {
    this.requireCrash();
    const command = this.profile.crash!;
    const child = spawn("bash", ["-c", command], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`${command} exited with ${code}:\n${output.slice(-2000)}`);
  }

  async close(): Promise<void> {}
}
