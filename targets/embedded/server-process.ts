import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** How to start the reference server as its own process (reference-server/cli.ts). */
export interface ServerProcessOptions {
  /** Repository root: the child's working directory. */
  root: string;
  host: string;
  /** 0 picks a free port; a restart passes the port the first start got. */
  sipPort: number;
  rpcPort: number;
  dbPath: string;
  /** Where the module parameters are written for `--config`. */
  configFile: string;
  modules: unknown;
  domains: string[];
  testClock: boolean;
  /** Virtual time to start from (ms since the epoch); needs `testClock`. */
  testClockStart?: number;
  /** Default 20 s: ts-node compiles the server on every start. */
  startTimeoutMs?: number;
}

export class ServerProcessError extends Error {
  readonly code = "SIPLAB_ERR_SERVER_PROCESS";
  constructor(message: string) {
    super(message);
    this.name = "ServerProcessError";
  }
}

const LISTENING = /listening on udp\+tcp (\S+):(\d+); db .*; rpc (\S+); clock (\w+)/;
const OUTPUT_LINES = 40;

/**
 * One running reference server process. Its stdin is a pipe held by this process and the server
 * runs with --exit-with-stdin, so it never outlives the harness, even one that dies abruptly.
 */
export class ServerProcess {
  readonly #child: ChildProcess;
  readonly #output: string[];
  readonly #exited: Promise<void>;

  private constructor(
    child: ChildProcess,
    output: string[],
    exited: Promise<void>,
    readonly address: { host: string; port: number },
    readonly rpcUrl: string | null,
  ) {
    this.#child = child;
    this.#output = output;
    this.#exited = exited;
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** The last lines the server printed (stdout and stderr), for error messages. */
  output(): string {
    return this.#output.join("\n");
  }

  /** Starts the server and resolves once it printed that it listens (SIP and RPC are bound). */
  static start(options: ServerProcessOptions): Promise<ServerProcess> {
    writeFileSync(options.configFile, JSON.stringify(options.modules, null, 2));
    const args = [
      "-r",
      "ts-node/register",
      join(options.root, "reference-server", "cli.ts"),
      "--listen",
      `${options.host}:${options.sipPort}`,
      "--rpc",
      `${options.host}:${options.rpcPort}`,
      "--db",
      options.dbPath,
      "--config",
      options.configFile,
      "--exit-with-stdin",
      ...options.domains.flatMap((d) => ["--domain", d]),
    ];
    if (options.testClock) args.push("--test-clock");
    if (options.testClockStart !== undefined) args.push("--test-clock-start", String(options.testClockStart));
    const child = spawn(process.execPath, args, {
      cwd: options.root,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const output: string[] = [];
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const timeoutMs = options.startTimeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new ServerProcessError(`no "listening" line within ${timeoutMs} ms:\n${output.join("\n")}`));
      }, timeoutMs);
      let started = false;
      const onLine = (line: string) => {
        output.push(line);
        if (output.length > OUTPUT_LINES) output.shift();
        const m = started ? null : LISTENING.exec(line);
        if (!m) return;
        started = true;
        clearTimeout(timer);
        const rpcUrl = m[3] === "off" ? null : m[3];
        resolve(new ServerProcess(child, output, exited, { host: m[1], port: Number(m[2]) }, rpcUrl));
      };
      readLines(child, onLine);
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(new ServerProcessError(`cannot spawn the server: ${err.message}`));
      });
      child.once("exit", (code, signal) => {
        if (started) return;
        clearTimeout(timer);
        reject(
          new ServerProcessError(`server exited (${signal ?? code}) before listening:\n${output.join("\n")}`),
        );
      });
    });
  }

  /** SIGKILL, no chance to clean up: resolves once the process is gone and its ports are free. */
  async kill(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill("SIGKILL");
    await this.#exited;
    this.#child.stdin?.destroy();
  }

  /** SIGTERM (the server closes cleanly), SIGKILL after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill("SIGTERM");
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), graceMs);
    await this.#exited;
    clearTimeout(timer);
    this.#child.stdin?.destroy();
  }
}

function readLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) onLine(line);
    });
  }
}
