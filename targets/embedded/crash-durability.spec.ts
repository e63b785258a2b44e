import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { baseConfig, setParam } from "../../reference-server/config/config";
import { createAgent, type Agent } from "../../uas-sim";
import type { SipRequest, SipResponse } from "../../sip-core";
import { REPO_ROOT } from "../load-profile";
import { querySqlite } from "../sqlite-query";
import { ServerProcess } from "./server-process";

// "At any moment": the reference server runs as its own process and is killed with SIGKILL in the
// middle of a burst of MESSAGEs to offline users, then restarted on the same database. Every
// MESSAGE that was answered 202 must have its silo row (the 202 leaves only after the insert);
// no MESSAGE answered 503 may have one.

const DOMAIN = "example.test";
const BURST = 160;
const SENDERS = 4;
// Short retransmission timers: requests the killed server never answered are retransmitted to
// the restarted one (and answered) within a few hundred milliseconds, or give up after 64*T1.
const AGENT_TIMERS = { T1: 60, T2: 250, T4: 500 };

const dir = mkdtempSync(join(tmpdir(), "siplab-crash-"));
const dbPath = join(dir, "siplab.sqlite");
let server: ServerProcess | undefined;
const agents: Agent[] = [];

function modules() {
  const config = baseConfig();
  // Real time, one housekeeping run a second: deletions of delivered rows race with the kill.
  setParam(config.modules, "msilo", "check_time", 1);
  setParam(config.modules, "msilo", "add_date", 0);
  return config.modules;
}

async function startServer(port = 0, rpcPort = 0): Promise<ServerProcess> {
  return ServerProcess.start({
    root: REPO_ROOT,
    host: "127.0.0.1",
    sipPort: port,
    rpcPort,
    dbPath,
    configFile: join(dir, "modules.json"),
    modules: modules(),
    domains: [DOMAIN],
    testClock: false,
  });
}

/** SIGKILL now, then the same server on the same ports and database. */
async function crashAndRestart(): Promise<void> {
  const old = server!;
  await old.kill();
  server = await startServer(old.address.port, Number(new URL(old.rpcUrl!).port));
}

async function agent(user: string): Promise<Agent> {
  const a = await createAgent({
    aor: `sip:${user}@${DOMAIN}`,
    server: server!.address,
    listen: ["udp"],
    timers: AGENT_TIMERS,
  });
  agents.push(a);
  return a;
}

function rowsWhere(sql: string, params: unknown[]): Array<Record<string, unknown>> {
  return querySqlite(dbPath, `SELECT username, body FROM silo WHERE ${sql}`, params);
}

interface Sent {
  user: string;
  body: string | undefined;
  response?: SipResponse;
}

/**
 * One burst: BURST MESSAGEs from SENDERS agents at once, one in ten without a body (503). The
 * server is killed once `killAfter` of them have their final response, then restarted; resolves
 * when every transaction has ended (answered by either server, or timed out).
 */
async function burst(round: number, killAfter: number) {
  const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => agent(`s${round}x${i}`)));
  const messages: Sent[] = Array.from({ length: BURST }, (_, i) =>
    i % 10 === 9
      ? { user: `r${round}-refused-${i}`, body: undefined }
      : { user: `r${round}-u${i % 8}`, body: `round ${round} message ${i}` },
  );
  let answered = 0;
  let atKill: { answered: number; accepted: number } | undefined;
  let killing: Promise<void> | undefined;
  const done = messages.map(async (m, i) => {
    const uri = `sip:${m.user}@${DOMAIN}`;
    m.response = await senders[i % SENDERS].request("MESSAGE", { uri, body: m.body });
    answered++;
    if (answered >= killAfter && !killing) {
      atKill = { answered, accepted: messages.filter((x) => x.response?.status === 202).length };
      killing = crashAndRestart();
    }
  });
  await Promise.all(done);
  await killing;
  return { messages, atKill: atKill! };
}

describe("nothing lost: SIGKILL of the reference server process", () => {
  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await Promise.allSettled(agents.map((a) => a.close()));
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the row of every MESSAGE answered 202 when killed mid-burst (4 kill points)", async (t) => {
    let refused = 0;
    for (let round = 1; round <= 4; round++) {
      // A different moment each round, always mid-burst: between 15% and 85% of the answers.
      const killAfter = Math.floor(BURST * (0.15 + 0.7 * Math.random()));
      const { messages, atKill } = await burst(round, killAfter);
      const accepted = messages.filter((m) => m.response?.status === 202);
      const rejected = messages.filter((m) => m.response?.status === 503);
      const stored = rowsWhere("username LIKE ?", [`r${round}-%`]);
      const storedBodies = new Set(stored.map((r) => Buffer.from(r.body as Buffer).toString("utf8")));
      const missing = accepted.filter((m) => !storedBodies.has(m.body!));
      const refusedRows = rowsWhere("username LIKE ?", [`r${round}-refused-%`]);
      t.diagnostic(
        `round ${round}: sent ${BURST}; killed after ${atKill.answered} answers (${atKill.accepted} of them 202); ` +
          `finally 202: ${accepted.length}, 503: ${rejected.length}, ` +
          `other: ${BURST - accepted.length - rejected.length}; rows: ${stored.length} ` +
          `(${stored.length - accepted.length} beyond the 202s: stored, answer lost in the kill)`,
      );
      assert.ok(atKill.answered < BURST, "the kill came before the burst ended");
      assert.ok(atKill.accepted > 0, "some MESSAGEs were accepted before the kill");
      assert.deepEqual(
        missing.map((m) => m.body),
        [],
        "every MESSAGE answered 202 has its silo row after the restart",
      );
      assert.deepEqual(refusedRows, [], "no MESSAGE answered 503 has a row");
      refused += rejected.length;
    }
    assert.ok(refused > 0, "the bursts included MESSAGEs the server refused with 503");
  });

  it("loses no row whose dumped copy had no 2xx when killed while copies are in flight", async (t) => {
    const owner = "inflight";
    const sender = await agent("inflight-sender");
    const count = 40;
    for (let i = 0; i < count; i++) {
      const res = await sender.request("MESSAGE", { uri: `sip:${owner}@${DOMAIN}`, body: `copy ${i}` });
      assert.equal(res.status, 202);
    }
    assert.equal(rowsWhere("username = ?", [owner]).length, count);

    // Even copies are accepted, one in four rejected, the rest never answered (in flight at the kill).
    const phone = await agent(owner);
    const answered2xx = new Set<string>();
    const seen = new Set<string>();
    phone.answer("MESSAGE", (req: SipRequest) => {
      const body = req.body.toString("utf8");
      seen.add(body);
      const n = Number(body.split(" ")[1]);
      if (n % 2 === 0) {
        answered2xx.add(body);
        return { status: 200 };
      }
      return n % 4 === 1 ? { status: 480 } : { noAnswer: true };
    });
    assert.equal((await phone.register()).status, 200);
    const deadline = Date.now() + 5000;
    while (seen.size < count / 2) {
      assert.ok(Date.now() < deadline, `only ${seen.size} of ${count} copies arrived within 5 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    // Somewhere in the next check_time second: before, during or after a housekeeping run.
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 1200)));
    await crashAndRestart();

    const left = new Set(
      rowsWhere("username = ?", [owner]).map((r) => Buffer.from(r.body as Buffer).toString("utf8")),
    );
    const lost = [...Array(count).keys()]
      .map((i) => `copy ${i}`)
      .filter((b) => !left.has(b) && !answered2xx.has(b));
    t.diagnostic(
      `in flight: ${count} stored, ${seen.size} copies reached the phone before the kill, ` +
        `${answered2xx.size} answered 200; rows after restart: ${left.size} (${count - left.size} deleted)`,
    );
    assert.deepEqual(lost, [], "only rows whose copy got a 2xx may be gone");
    assert.ok(left.size >= count - answered2xx.size);
  });
});
