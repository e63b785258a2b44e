import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { parseNameAddr } from "../sip-core";
import { NotApplicable } from "../targets/target";
import { given, then, when } from "./support/not-applicable";
import { phoneKey, type SiplabWorld } from "./support/world";

// Steps of the @crash scenarios: the server process is killed with SIGKILL and restarted.

given("the server runs as its own process", function (this: SiplabWorld) {
  if (!this.target.requireCrash) {
    throw new NotApplicable(`${this.target.profile.name} cannot kill and restart its server`);
  }
  this.target.requireCrash();
});

when("the server is killed with SIGKILL and restarted", async function (this: SiplabWorld) {
  if (!this.target.crash) {
    throw new NotApplicable(`${this.target.profile.name} cannot kill and restart its server`);
  }
  await this.target.crash();
  this.restartedAt = Date.now();
});

then(
  "{word}'s phone has answered the MESSAGE with {int}",
  async function (this: SiplabWorld, role: string, status: number) {
    const agent = this.agents.get(phoneKey(role));
    assert.ok(agent, `${role} has no phone in this scenario`);
    const sent = agent.log.entries.find(
      (e) =>
        e.direction === "send" &&
        e.message?.type === "response" &&
        e.message.status === status &&
        /\bMESSAGE\s*$/i.test(e.message.headers.get("CSeq") ?? ""),
    );
    assert.ok(sent, `${role}'s phone sent no ${status} to a MESSAGE`);
    // The answer crosses loopback in well under a millisecond; leave the server time to take it in
    // so the kill that follows comes after the 2xx, not before it.
    await sleep(300);
  },
);

then(
  "{word} receives the MESSAGE from {word} with body {string} again",
  async function (this: SiplabWorld, role: string, from: string, body: string) {
    assert.ok(this.restartedAt, "the server was not restarted in this scenario");
    const since = this.restartedAt;
    const agent = this.agents.get(phoneKey(role));
    assert.ok(agent, `${role} has no phone in this scenario`);
    // Copies (and retransmissions) the killed server sent arrived before the restart: skip them.
    const req = await agent.waitForRequest(
      (r, entry) => r.method === "MESSAGE" && entry.timestamp >= since && r.body.toString("utf8") === body,
      { timeoutMs: 5000, description: `a MESSAGE with body "${body}" sent after the restart` },
    );
    assert.equal(parseNameAddr(req.headers.get("From") ?? "")?.uri, this.aor(from));
    this.lastRequest = req;
  },
);
