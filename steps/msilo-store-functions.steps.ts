import assert from "node:assert/strict";
import { parseNameAddr, type SipRequest } from "../sip-core";
import { cellText, delivered, expand, siloRows } from "./support/msilo";
import { given, then, when } from "./support/not-applicable";
import { isSiloColumnParam, quoteColumn } from "./support/silo-columns";
import { phoneKey, type SiplabWorld } from "./support/world";

type Table = { hashes(): Array<Record<string, string>> };

/** Sends a MESSAGE whose Request-URI and To URI are chosen separately, and records the answer. */
async function sendAddressed(
  world: SiplabWorld,
  from: string,
  uri: string,
  to: string,
  body: string,
  headers: [string, string][] = [],
): Promise<void> {
  const agent = await world.phone(from);
  world.record(await agent.request("MESSAGE", { uri, to, body, headers }));
}

function domainUri(world: SiplabWorld): string {
  return `sip:${world.target.profile.domain}`;
}

/** The one silo row of `role`, by the owner columns the target uses. */
async function onlyRow(world: SiplabWorld, role: string) {
  const rows = await siloRows(world, world.user(role));
  assert.equal(rows.length, 1, `expected one silo row for ${role}, got ${JSON.stringify(rows, null, 1)}`);
  return rows[0];
}

function cell(row: Record<string, unknown>, column: string): unknown {
  quoteColumn(column);
  assert.ok(
    Object.hasOwn(row, column),
    `the silo table has no column ${column}: ${Object.keys(row).join(", ")}`,
  );
  return row[column];
}

/** The Call-ID of the MESSAGE `role`'s phone sent last. */
function sentMessageCallId(world: SiplabWorld, role: string): string {
  const agent = world.agents.get(phoneKey(role));
  assert.ok(agent, `${role} has no phone in this scenario`);
  const sent = [...agent.log.entries]
    .reverse()
    .find((e) => e.direction === "send" && e.message?.type === "request" && e.message.method === "MESSAGE");
  const callId = sent?.message?.headers.get("Call-ID");
  assert.ok(callId, `${role} sent no MESSAGE`);
  return callId;
}

// --- Configuration --------------------------------------------------------------------------

given("the silo table's columns are renamed:", function (this: SiplabWorld, table: Table) {
  for (const { parameter, column } of table.hashes()) {
    assert.ok(isSiloColumnParam(parameter), `${parameter} is not an msilo sc_* parameter`);
    quoteColumn(column);
    this.target.requireParam("msilo", parameter, column);
    this.siloColumns.set(parameter, column);
  }
});

// --- Sending ------------------------------------------------------------------------------------

when(
  "{word} sends a MESSAGE to {word} with body {string} and the headers:",
  async function (this: SiplabWorld, from: string, to: string, body: string, table: Table) {
    const headers = table.hashes().map((h): [string, string] => [h.name, expand(this, h.value)]);
    await sendAddressed(this, from, this.aor(to), this.aor(to), body, headers);
  },
);

when(
  "{word} sends a MESSAGE to {word} addressed To {word} with body {string}",
  async function (this: SiplabWorld, from: string, to: string, toHeader: string, body: string) {
    await sendAddressed(this, from, this.aor(to), this.aor(toHeader), body);
  },
);

when(
  "{word} sends a MESSAGE to the domain addressed To {word} with body {string}",
  async function (this: SiplabWorld, from: string, toHeader: string, body: string) {
    await sendAddressed(this, from, domainUri(this), this.aor(toHeader), body);
  },
);

when(
  "{word} sends a MESSAGE to {word} addressed To the domain with body {string}",
  async function (this: SiplabWorld, from: string, to: string, body: string) {
    await sendAddressed(this, from, this.aor(to), domainUri(this), body);
  },
);

// RFC 3261 §10.2: From names who is responsible for the registration, To the AoR it is for.
when(
  "{word} registers a binding for {word} at his/her own phone",
  async function (this: SiplabWorld, role: string, aorRole: string) {
    const agent = await this.phone(role);
    this.record(await agent.request("REGISTER", { uri: domainUri(this), to: this.aor(aorRole) }));
  },
);

// --- Delivery -----------------------------------------------------------------------------------

then(
  "{word} receives the MESSAGEs from {word} with the bodies {string} and {string}",
  async function (this: SiplabWorld, role: string, from: string, first: string, second: string) {
    const agent = this.agents.get(phoneKey(role));
    assert.ok(agent, `${role} has no phone in this scenario`);
    const got: SipRequest[] = [];
    for (let i = 0; i < 2; i++) got.push(await agent.waitForRequest("MESSAGE", { timeoutMs: 5000 }));
    for (const req of got) {
      assert.equal(parseNameAddr(req.headers.get("From") ?? "")?.uri, this.aor(from));
    }
    const bodies = got.map((r) => r.body.toString("utf8")).sort();
    assert.deepEqual(bodies, [first, second].sort());
    this.lastRequest = got[1];
  },
);

then("the delivered MESSAGE has the To URI {string}", function (this: SiplabWorld, uri: string) {
  const to = parseNameAddr(delivered(this).headers.get("To") ?? "");
  assert.equal(to?.uri, expand(this, uri), `To is ${delivered(this).headers.get("To")}`);
  // RFC 3428 §4: the dumped MESSAGE is sent outside any dialog, so its To has no tag.
  assert.equal(to?.params.tag, undefined);
});

then(
  "the delivered MESSAGE has the header {string} with the value {string}",
  function (this: SiplabWorld, name: string, value: string) {
    assert.equal(delivered(this).headers.get(name)?.trim(), value);
  },
);

then("the delivered MESSAGE has the Call-ID of {word}'s MESSAGE", function (this: SiplabWorld, role: string) {
  assert.equal(delivered(this).headers.get("Call-ID"), sentMessageCallId(this, role));
});

// --- The silo table, by the column names the scenario gave ------------------------------------------

then(
  "{word}'s silo row has the column {string} set to {string}",
  async function (this: SiplabWorld, role: string, column: string, expected: string) {
    const row = await onlyRow(this, role);
    // A Gherkin string cannot hold a line break: \r\n in the expectation stands for CRLF.
    const want = expand(this, expected).replaceAll("\\r\\n", "\r\n");
    assert.equal(cellText(cell(row, column)), want);
  },
);

then(
  "{word}'s silo row has the column {string} {int} seconds after the column {string}",
  async function (this: SiplabWorld, role: string, later: string, seconds: number, earlier: string) {
    const row = await onlyRow(this, role);
    assert.equal(Number(cell(row, later)) - Number(cell(row, earlier)), seconds);
  },
);

then(
  "{word}'s silo row has the arrival time in the column {string}",
  async function (this: SiplabWorld, role: string, column: string) {
    const row = await onlyRow(this, role);
    const stored = Number(cell(row, column));
    const sentAt = Math.floor(Date.now() / 1000);
    // Epoch seconds of the server's clock when the MESSAGE came; the scenario took a few seconds at most.
    assert.ok(Math.abs(stored - sentAt) <= 5, `${column} is ${stored}, now is ${sentAt}`);
  },
);

then(
  "{word}'s silo rows have increasing values in the column {string}",
  async function (this: SiplabWorld, role: string, column: string) {
    const rows = await siloRows(this, this.user(role));
    assert.ok(rows.length >= 2, `expected several silo rows for ${role}, got ${rows.length}`);
    const ids = rows.map((r) => Number(cell(r, column)));
    for (let i = 1; i < ids.length; i++)
      assert.ok(ids[i] > ids[i - 1], `${column} values: ${ids.join(", ")}`);
  },
);

then(
  "{word}'s silo row has the Call-ID of {word}'s MESSAGE in the column {string}",
  async function (this: SiplabWorld, role: string, sender: string, column: string) {
    const row = await onlyRow(this, role);
    assert.equal(cellText(cell(row, column)), sentMessageCallId(this, sender));
  },
);
