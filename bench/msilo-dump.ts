// npm run bench:dump: how long one REGISTER takes to deliver N stored MESSAGEs (default 1,000),
// every one answered 200 by the UA, and how many rows remain after the next check_time run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent } from "../uas-sim";
import { baseConfig, setParam } from "../reference-server/config/config";
import type { VirtualClock } from "../reference-server/core/clock";
import { createServer } from "../reference-server/server";
import { querySqlite } from "../targets/sqlite-query";

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? "1000");
  const dir = mkdtempSync(join(tmpdir(), "siplab-dump-"));
  const config = baseConfig({
    port: 0,
    dbPath: join(dir, "d.sqlite"),
    domains: ["example.test"],
    rpc: null,
    testClock: true,
  });
  setParam(config.modules, "msilo", "check_time", 1);
  const server = await createServer(config);
  const alice = await createAgent({ aor: "sip:alice@example.test", server: server.address, listen: ["udp"] });
  const bob = await createAgent({ aor: "sip:bob@example.test", server: server.address, listen: ["udp"] });
  try {
    for (let i = 0; i < n; i += 50) {
      const batch = Array.from({ length: Math.min(50, n - i) }, (_, k) =>
        alice.message("sip:bob@example.test", `m${i + k}`),
      );
      const codes = (await Promise.all(batch)).map((r) => r.status);
      if (codes.some((c) => c !== 202)) throw new Error(`store refused: ${codes.join(",")}`);
    }
    const started = performance.now();
    await bob.register({ expires: 600 });
    for (let i = 0; i < n; i++) await bob.waitForRequest("MESSAGE", { timeoutMs: 30_000 });
    const ms = performance.now() - started;
    // Datagrams beyond one per MESSAGE are retransmissions: the sign of a burst the UA's socket dropped.
    const datagrams = bob.log.entries.filter(
      (e) => e.direction === "receive" && e.message?.type === "request",
    );
    await new Promise((r) => setTimeout(r, 200)); // let the last 200s reach the server
    await (server.clock as VirtualClock).advance(2);
    const left = querySqlite(config.dbPath, "SELECT count(*) AS n FROM silo")[0].n;
    console.log(
      `${n} stored messages delivered by one REGISTER in ${ms.toFixed(0)} ms ` +
        `(${datagrams.length - n} retransmitted); rows left after check_time: ${left}`,
    );
  } finally {
    await Promise.all([alice.close(), bob.close()]);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
