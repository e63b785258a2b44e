import assert from "node:assert/strict";
import { then } from "./support/not-applicable";
import type { SiplabWorld } from "./support/world";
import { lineContact } from "./registration.steps";

function describe(world: SiplabWorld): string {
  const r = world.response();
  return `${r.status} ${r.reason}\n${r.headers
    .entries()
    .map(([n, v]) => `${n}: ${v}`)
    .join("\n")}`;
}

then("the response status is {int}", function (this: SiplabWorld, status: number) {
  assert.equal(this.response().status, status, `got:\n${describe(this)}`);
});

then("the response has a {string} header", function (this: SiplabWorld, name: string) {
  assert.ok(this.response().headers.has(name), `no ${name} header in:\n${describe(this)}`);
});

then(
  "the response has a {string} header of {string}",
  function (this: SiplabWorld, name: string, value: string) {
    assert.equal(this.response().headers.get(name)?.trim(), value, `got:\n${describe(this)}`);
  },
);

then("the response lists no contact", function (this: SiplabWorld) {
  assert.deepEqual(this.listedContacts(), [], `got:\n${describe(this)}`);
});

then("the response lists {int} contact(s)", function (this: SiplabWorld, n: number) {
  assert.equal(this.listedContacts().length, n, `got:\n${describe(this)}`);
});

function listedExpires(world: SiplabWorld, uri: string): number | undefined {
  const found = world.listedContacts().find((c) => c.uri === uri);
  assert.ok(found, `${uri} is not listed in:\n${describe(world)}`);
  return found.expires;
}

then(
  "the response lists {word}'s contact with expires {int}",
  async function (this: SiplabWorld, role: string, expires: number) {
    const agent = await this.phone(role);
    assert.equal(listedExpires(this, agent.contact), expires, `got:\n${describe(this)}`);
  },
);

then(
  "the response lists {word}'s {word} phone with an expires parameter",
  async function (this: SiplabWorld, role: string, phone: string) {
    const agent = await this.phone(role, phone);
    const expires = listedExpires(this, agent.contact);
    assert.ok(
      expires !== undefined && expires > 0,
      `no positive expires for ${agent.contact}:\n${describe(this)}`,
    );
  },
);

then(
  "the response lists line {string} with expires {int}",
  async function (this: SiplabWorld, line: string, expires: number) {
    const agents = [...this.agents.values()];
    assert.ok(agents.length > 0);
    assert.equal(
      listedExpires(this, lineContact(agents[0].contact, line)),
      expires,
      `got:\n${describe(this)}`,
    );
  },
);
