import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Agent } from "./agent";
import { closeAll, createAgents, mapBounded } from "./agent-pool";
import { startTestUas } from "./test-uas";

describe("mapBounded", () => {
  it("keeps at most `concurrency` tasks in flight and results in index order", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded(20, 3, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return i * 2;
    });
    assert.equal(peak, 3);
    await assert.rejects(
      mapBounded(10, 2, async (i) => {
        if (i === 1) throw new Error("task 1 failed");
        await new Promise((resolve) => setTimeout(resolve, 5));
        return i;
      }),
      /task 1 failed/,
    );
    assert.deepEqual(
      results,
      Array.from({ length: 20 }, (_, i) => i * 2),
    );
  });
});

describe("createAgents", () => {
  it("runs 1,000 agents in one process, each getting its OPTIONS answered", { timeout: 30_000 }, async () => {
    const uas = await startTestUas((tx) => tx.reply(200));
    const started = Date.now();
    const agents = await createAgents(1000, (i) => ({
      aor: `sip:user${i}@example.test`,
      server: { host: uas.host, port: uas.port },
      listen: ["udp"], // one socket per agent keeps 1,000 agents well inside the fd limit
    }));
    try {
      assert.equal(new Set(agents.map((a) => a.port)).size, 1000);
      const responses = await mapBounded(agents.length, 200, (i) => agents[i].options());
      assert.deepEqual(
        responses.map((r) => r.status),
        Array.from({ length: 1000 }, () => 200),
      );
      assert.equal(new Set(uas.requests.map((r) => r.headers.get("Call-ID"))).size, 1000);
      // Each agent recorded only its own exchange, despite sharing the process-wide wire tap.
      for (const agent of agents) {
        const received = agent.log.received();
        assert.ok(received.length >= 1 && received.every((e) => e.local.port === agent.port));
      }
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    } finally {
      await closeAll(agents);
      await uas.close();
    }
  });

  it("closes the agents already created when one fails", async () => {
    const created: Agent[] = [];
    await assert.rejects(
      createAgents(
        8,
        (i) => ({
          aor: i === 3 ? "not-a-uri" : `sip:u${i}@example.test`,
          server: { host: "127.0.0.1", port: 9 },
          listen: ["udp"],
        }),
        { concurrency: 4, onCreated: (agent) => created.push(agent) },
      ),
      { code: "SIM_ERR_OPTIONS" },
    );
    // Tasks in flight when #3 failed were waited for; no new one started after it.
    assert.ok(created.length >= 3 && created.length <= 6, `created ${created.length}`);
    for (const agent of created) await assert.rejects(agent.options(), { code: "SIM_ERR_CLOSED" });
  });
});
