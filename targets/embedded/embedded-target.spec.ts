import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { loadProfile } from "../load-profile";
import { createTarget } from "./embedded-target";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}

/** Reference servers this test process spawned and that still run. */
function serverPids(): number[] {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l.includes("reference-server/cli.ts") && Number(l.trim().split(/\s+/)[1]) === process.pid)
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe("EmbeddedTarget crash()", () => {
  it("refuses to crash an in-process server, and a late requireCrash", async () => {
    const target = createTarget(loadProfile("embedded"));
    try {
      await assert.rejects(() => target.crash!(), /runs as its own process/);
      await target.ready();
      assert.throws(() => target.requireCrash!(), /from the start/);
    } finally {
      await target.close();
    }
  });

  it("kills the child with SIGKILL and restarts it on the same ports, database and virtual time", async () => {
    const target = createTarget(loadProfile("embedded"));
    try {
      target.requireCrash!();
      target.requireParam("msilo", "check_time", 30);
      const address = await target.ready();
      const [first] = serverPids();
      assert.ok(first, "the server runs as a child process");
      await target.passTime(7);
      const before = ((await target.rpc("siplab.clock.now")) as { now: number }).now;
      await target.query("SELECT 1");

      await target.crash!();

      const [second] = serverPids();
      assert.ok(second && second !== first, "a new process serves");
      assert.equal(alive(first), false, "the killed process is gone");
      assert.deepEqual(await target.ready(), address);
      const after = (await target.rpc("siplab.clock.now")) as { kind: string; now: number };
      assert.deepEqual(after, { kind: "virtual", now: before });
      await target.passTime(30);
      const later = ((await target.rpc("siplab.clock.now")) as { now: number }).now;
      assert.equal(later, before + 30_000);
    } finally {
      await target.close();
    }
    // close() stops the child: nothing is left behind.
    for (let i = 0; i < 20 && serverPids().length; i++) await sleep(50);
    assert.deepEqual(serverPids(), []);
  });
});
