import assert from "node:assert/strict";
import { then, when } from "./support/not-applicable";
import { phoneKey, type SiplabWorld } from "./support/world";

when("{word} sends a MESSAGE to {word}", async function (this: SiplabWorld, from: string, to: string) {
  const agent = await this.phone(from);
  this.record(await agent.message(this.aor(to), `hello ${to}, this is ${from}`));
});

when("{word} sends an OPTIONS to {word}", async function (this: SiplabWorld, from: string, to: string) {
  const agent = await this.phone(from);
  this.record(await agent.options(this.aor(to)));
});

when("{word} sends an OPTIONS to the server", async function (this: SiplabWorld, from: string) {
  const agent = await this.phone(from);
  this.record(await agent.options(`sip:${this.target.profile.domain}`));
});

async function receives(world: SiplabWorld, role: string, phone: string, method: string, from: string) {
  const agent = world.agents.get(phoneKey(role, phone));
  assert.ok(agent, `${role} has no ${phone} phone in this scenario`);
  const req = await agent.waitForRequest(method, { timeoutMs: 5000 });
  assert.ok(
    (req.headers.get("From") ?? "").includes(world.user(from)),
    `the ${method} should come from ${from}, From is ${req.headers.get("From")}`,
  );
}

then(
  "{word} receives the {word} from {word}",
  async function (this: SiplabWorld, role: string, method: string, from: string) {
    await receives(this, role, "default", method, from);
  },
);

then(
  "{word}'s {word} phone receives the {word} from {word}",
  async function (this: SiplabWorld, role: string, phone: string, method: string, from: string) {
    await receives(this, role, phone, method, from);
  },
);

then(
  "{word} receives no {word} within {int} ms",
  async function (this: SiplabWorld, role: string, method: string, ms: number) {
    const agent = this.agents.get(phoneKey(role));
    assert.ok(agent, `${role} has no phone in this scenario`);
    await agent.expectNone({ request: method }, { forMs: ms });
  },
);

then(
  "exactly one of {word}'s phones {string} and {string} receives the {word}",
  async function (this: SiplabWorld, role: string, a: string, b: string, method: string) {
    const got = await Promise.all(
      [a, b].map(async (phone) => {
        const agent = this.agents.get(phoneKey(role, phone));
        assert.ok(agent, `${role} has no ${phone} phone`);
        return agent
          .waitForRequest(method, { timeoutMs: 1500 })
          .then(() => phone)
          .catch(() => undefined);
      }),
    );
    assert.equal(
      got.filter(Boolean).length,
      1,
      `phones that received the ${method}: ${got.filter(Boolean).join(", ") || "none"}`,
    );
  },
);

then(
  "{word}'s {word} phone got it over {word}",
  function (this: SiplabWorld, role: string, phone: string, transport: string) {
    const agent = this.agents.get(phoneKey(role, phone));
    assert.ok(agent, `${role} has no ${phone} phone`);
    const last = [...agent.log.entries]
      .reverse()
      .find((e) => e.direction === "receive" && e.message?.type === "request");
    assert.ok(last, "no request received");
    assert.equal(last.transport, transport.toLowerCase());
  },
);
