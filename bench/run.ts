// npm run bench [-- --scenario register|message --rates 500,1000,2000 --seconds 5]
// Throughput of the reference server measured with SIPp (Debian sip-tester): for each rate, SIPp sends
// rate*seconds requests. register: REGISTERs for fresh AoRs, counted only with 0 failed calls AND every
// 200-answered binding in `location`. message: MESSAGEs to offline users, counted only with 0 failed
// calls (anything but 202, e.g. a 503 refusal, fails the call) AND every 202-answered message in `silo`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";

const { values } = parseArgs({
  options: {
    rates: { type: "string" },
    seconds: { type: "string" },
    port: { type: "string" },
    scenario: { type: "string" },
  },
});
const SCENARIOS = {
  register: { file: "register.xml", table: "location", what: "REGISTER", stored: "binding" },
  message: { file: "message.xml", table: "silo", what: "MESSAGE store", stored: "message" },
} as const;
const scenarioName = values.scenario ?? "register";
if (!(scenarioName in SCENARIOS)) {
  console.error(`bench: --scenario must be ${Object.keys(SCENARIOS).join(" or ")}, got "${scenarioName}"`);
  process.exit(2);
}
const scenario = SCENARIOS[scenarioName as keyof typeof SCENARIOS];
const rates = (values.rates ?? "500,1000,2000,3000,4000,6000").split(",").map(Number);
const seconds = Number(values.seconds ?? "5");
const port = Number(values.port ?? "5190");
const root = join(__dirname, "..");

function sippAvailable(): boolean {
  return spawnSync("sipp", ["-v"], { encoding: "utf8" }).error === undefined;
}

async function startServer(db: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "-r",
      "ts-node/register",
      "reference-server/cli.ts",
      "--listen",
      `127.0.0.1:${port}`,
      "--db",
      db,
      "--no-rpc",
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" } },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return child;
}

function runSipp(
  rate: number,
  calls: number,
  localPort: number,
): { ok: number; failed: number; wallMs: number } {
  const started = Date.now();
  const r = spawnSync(
    "sipp",
    [
      "-sf",
      join(__dirname, "sipp", scenario.file),
      "-r",
      String(rate),
      "-m",
      String(calls),
      "-l",
      String(rate * 2),
      "-i",
      "127.0.0.1",
      "-p",
      String(localPort),
      "-nostdin",
      "-timeout",
      `${seconds * 4 + 20}s`,
      `127.0.0.1:${port}`,
    ],
    { encoding: "utf8", cwd: tmpdir() },
  );
  const last = (label: string) => {
    const m = new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(r.stdout ?? "");
    return m ? Number(m[1]) : NaN;
  };
  return { ok: last("Successful call"), failed: last("Failed call"), wallMs: Date.now() - started };
}

async function main(): Promise<void> {
  if (!sippAvailable()) {
    console.error("bench: sipp not found; install Debian's sip-tester (apt-get install -y sip-tester)");
    process.exit(2);
  }
  console.log(`${scenario.what} throughput, ${seconds} s per rate, server on 127.0.0.1:${port}`);
  let best = 0;
  let total = 0;
  const dir = mkdtempSync(join(tmpdir(), "siplab-bench-"));
  const db = join(dir, "bench.sqlite");
  const server = await startServer(db);
  try {
    for (const [i, rate] of rates.entries()) {
      const r = runSipp(rate, rate * seconds, port + 10 + i);
      total += Number.isFinite(r.ok) ? r.ok : 0;
      const rows = (
        new BetterSqlite3(db, { readonly: true })
          .prepare(`SELECT count(*) AS n FROM ${scenario.table}`)
          .get() as {
          n: number;
        }
      ).n;
      const clean = r.failed === 0 && rows === total;
      // SIPp's requested rate is not what happened: keep the rate actually achieved.
      if (clean) best = Math.max(best, Math.round(r.ok / (r.wallMs / 1000)));
      console.log(
        `rate ${rate}/s: ${r.ok} ok, ${r.failed} failed, ${(r.ok / (r.wallMs / 1000)).toFixed(0)}/s achieved; ${scenario.table} rows ${rows} (expected ${total}) ${clean ? "OK" : "NOT CLEAN"}`,
      );
      if (!clean) break;
    }
  } finally {
    server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `highest achieved rate with 0 failures and every ${scenario.stored} stored: ${best} ${scenario.what}/s`,
  );
}

void main();
