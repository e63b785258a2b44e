// npm run walkthrough:msilo [-- --port 5290 --keep]
// msilo with a plain SIP client: `npm start` with scripts/msilo-walkthrough/msilo.json (real time),
// driven by SIPp (Debian sip-tester), checked in the silo table. Prints one line per step; exits 1
// on the first failure, 2 when sipp is missing. Uses 127.0.0.1 ports PORT..PORT+3 (PORT+1 is RPC).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";

const HERE = __dirname;
const ROOT = join(HERE, "..", "..");
const CONFIG = join(HERE, "msilo.json");
const HOST = "127.0.0.1";

const { values } = parseArgs({ options: { port: { type: "string" }, keep: { type: "boolean" } } });
const port = Number(values.port ?? "5290");
const checkTime = Number(
  (JSON.parse(readFileSync(CONFIG, "utf8")) as { msilo?: { check_time?: number } }).msilo?.check_time ?? 60,
);

class StepFailed extends Error {}

interface Ran {
  code: number | null;
  output: string;
}

/** Runs a command to its end, collecting stdout and stderr together. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function sipp(work: string, scenario: string, args: string[]): Promise<Ran> {
  const full = ["-sf", join(HERE, scenario), ...args, "-m", "1", "-i", HOST, "-nostdin"];
  full.push("-timeout", "20s", "-timeout_error");
  console.log(`       $ sipp ${full.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(" ")}`);
  return run("sipp", full, work, 30_000);
}

/** SIPp exits 0 only when its one call succeeded. */
function expectSipp(ran: Ran, what: string): void {
  if (ran.code === 0) return;
  const tail = ran.output.trim().split("\n").slice(-15).join("\n");
  throw new StepFailed(`${what}: sipp exited with ${ran.code}\n${tail}`);
}

function siloRows(db: string, user: string): Array<Record<string, unknown>> {
  const conn = new BetterSqlite3(db, { readonly: true, fileMustExist: true });
  try {
    conn.pragma("busy_timeout = 5000");
    return conn
      .prepare("SELECT id, src_addr, dst_addr, body FROM silo WHERE username = ? ORDER BY id")
      .all(user) as Array<Record<string, unknown>>;
  } finally {
    conn.close();
  }
}

function describeRow(row: Record<string, unknown>): string {
  const body = Buffer.isBuffer(row.body) ? row.body.toString("utf8") : String(row.body);
  return `row id ${String(row.id)}: ${String(row.src_addr)} -> ${String(row.dst_addr)}, body "${body}"`;
}

function ok(step: string, text: string): void {
  console.log(`[msilo] ${step.padEnd(4)} ok  ${text}`);
}

/** Starts `npm start` in its own process group, so the whole group can be stopped at the end. */
async function startServer(db: string, log: string[]): Promise<() => Promise<void>> {
  const args = ["start", "--", "--listen", `${HOST}:${port}`, "--db", db, "--config", CONFIG];
  console.log(`       $ npm ${args.join(" ")}`);
  const child = spawn("npm", args, { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr.on("data", (d: Buffer) => log.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, sleep(5000)]);
  };
  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 60_000);
    child.stdout.on("data", (d: Buffer) => {
      log.push(d.toString());
      if (d.toString().includes("listening")) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once("exit", () => resolve(false));
  });
  if (!listening) {
    await stop();
    throw new StepFailed(`the server did not start:\n${log.join("").trim()}`);
  }
  return stop;
}

/** Sends a MESSAGE to `user` while offline: 202 and one silo row holding the body. */
async function store(work: string, db: string, step: string, user: string, body: string): Promise<void> {
  expectSipp(
    await sipp(work, "send-message.xml", ["-s", user, "-key", "body", body, `${HOST}:${port}`]),
    step,
  );
  const rows = siloRows(db, user);
  if (rows.length !== 1)
    throw new StepFailed(`${step}: expected 1 silo row for ${user}, found ${rows.length}`);
  ok(step, `MESSAGE alice -> ${user} (offline): 202 Accepted; silo ${describeRow(rows[0])}`);
}

/** `user` REGISTERs; its phone gets the stored MESSAGE and answers `status`. */
async function deliver(
  work: string,
  step: string,
  user: string,
  phonePort: number,
  status: "200" | "480",
  body: string,
): Promise<void> {
  const trace = join(work, `${user}-phone.log`);
  const phoneArgs = ["-p", String(phonePort), "-trace_msg", "-message_file", trace];
  const phone = sipp(work, `phone-${status}.xml`, phoneArgs);
  await sleep(300); // the phone must listen before the REGISTER makes msilo send to it
  const registerArgs = ["-s", user, "-key", "phone_port", String(phonePort), `${HOST}:${port}`];
  expectSipp(await sipp(work, "register.xml", registerArgs), `${step}: REGISTER of ${user}`);
  expectSipp(await phone, `${step}: ${user}'s phone waiting for the MESSAGE`);
  const seen = existsSync(trace) ? readFileSync(trace, "utf8") : "";
  if (!/MESSAGE sip:/.test(seen) || !seen.includes(body)) {
    throw new StepFailed(`${step}: ${user}'s phone did not get a MESSAGE with the body "${body}":\n${seen}`);
  }
  ok(
    step,
    `${user} REGISTERs: 200 OK; the stored MESSAGE is delivered to ${user}'s phone, which answers ${status}`,
  );
}

async function walkthrough(work: string, db: string): Promise<void> {
  const housekeeping = (checkTime * 2 + 2) * 1000;
  await store(work, db, "1", "bob", "Hello bob, you were offline");
  await deliver(work, "2", "bob", port + 2, "200", "Hello bob, you were offline");
  const started = Date.now();
  while (siloRows(db, "bob").length > 0) {
    if (Date.now() - started > housekeeping) {
      throw new StepFailed(`3: bob's silo row is still there ${housekeeping / 1000} s after the 200`);
    }
    await sleep(200);
  }
  const took = ((Date.now() - started) / 1000).toFixed(1);
  ok("3", `bob's silo row is gone ${took} s after the 200 (check_time ${checkTime} s)`);
  await store(work, db, "4a", "carol", "Hello carol");
  await deliver(work, "4b", "carol", port + 3, "480", "Hello carol");
  await sleep(housekeeping);
  const rows = siloRows(db, "carol");
  if (rows.length !== 1)
    throw new StepFailed(`4c: expected carol's row to be kept after the 480, found ${rows.length}`);
  ok(
    "4c",
    `after the 480 and ${housekeeping / 1000} s of housekeeping carol's row is kept (${describeRow(rows[0])})`,
  );
}

async function main(): Promise<number> {
  if (spawnSync("sipp", ["-v"], { encoding: "utf8" }).error) {
    console.error("[msilo] sipp is not installed: install SIPp (Debian/Ubuntu: apt-get install sip-tester)");
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), "siplab-msilo-walkthrough-"));
  const db = join(work, "siplab.sqlite");
  const log: string[] = [];
  let stop: (() => Promise<void>) | undefined;
  try {
    stop = await startServer(db, log);
    await walkthrough(work, db);
    console.log("[msilo] all steps passed");
    return 0;
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    console.error(`[msilo] FAIL ${error.message}`);
    console.error(`[msilo] server output:\n${log.join("").trim()}`);
    values.keep = true;
    return 1;
  } finally {
    await stop?.();
    if (values.keep) console.log(`[msilo] files kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[msilo] FAIL ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
