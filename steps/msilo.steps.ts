import assert from "node:assert/strict";
import { parseNameAddr, parseUri } from "../sip-core";
import type { AnswerRule } from "../uas-sim";
import { cellText, delivered, expand, msiloStatistics, sendMessage, siloRows } from "./support/msilo";
import { given, then, when } from "./support/not-applicable";
import { siloColumn } from "./support/silo-columns";
import { phoneKey, type SiplabWorld } from "./support/world";

given("the server stores offline messages", function (this: SiplabWorld) {
  this.target.requireFeature("msilo");
});

given(
  "{word}'s phones answer {word} with {int}",
  function (this: SiplabWorld, role: string, method: string, status: number) {
    this.answerWith(role, method, { status });
  },
);

given("{word}'s phones do not answer {word}", function (this: SiplabWorld, role: string, method: string) {
  const rule: AnswerRule = { noAnswer: true };
  this.answerWith(role, method, rule);
});

// --- Sending ------------------------------------------------------------------

when(
  "{word} sends a MESSAGE to {word} with body {string}",
  async function (this: SiplabWorld, from: string, to: string, body: string) {
    await sendMessage(this, from, this.aor(to), body);
  },
);

when(
  "{word} sends a MESSAGE to {word} with body {string} and content type {string}",
  async function (this: SiplabWorld, from: string, to: string, body: string, contentType: string) {
    await sendMessage(this, from, this.aor(to), body, { contentType });
  },
);

when(
  "{word} sends a MESSAGE to {word} with body {string} and an Expires header of {int}",
  async function (this: SiplabWorld, from: string, to: string, body: string, expires: number) {
    await sendMessage(this, from, this.aor(to), body, { headers: [["Expires", String(expires)]] });
  },
);

when(
  "{word} sends a MESSAGE to {word} without a body",
  async function (this: SiplabWorld, from: string, to: string) {
    await sendMessage(this, from, this.aor(to), undefined);
  },
);

when(
  "{word} sends a MESSAGE to the user {string} with body {string}",
  async function (this: SiplabWorld, from: string, user: string, body: string) {
    await sendMessage(this, from, `sip:${expand(this, user)}@${this.target.profile.domain}`, body);
  },
);

when(
  "{word} starts sending a MESSAGE to {word} with body {string}",
  async function (this: SiplabWorld, from: string, to: string, body: string) {
    const agent = await this.phone(from);
    const pending = agent.request("MESSAGE", { uri: this.aor(to), body });
    // Awaited by a later step; until then a rejection must not count as unhandled.
    pending.catch(() => undefined);
    this.pendingResponse = pending;
  },
);

then("the MESSAGE is answered with {int}", async function (this: SiplabWorld, status: number) {
  assert.ok(this.pendingResponse, "no MESSAGE is waiting for its answer");
  const response = this.record(await this.pendingResponse);
  assert.equal(response.status, status, `got ${response.status} ${response.reason}`);
});

// --- Delivery -----------------------------------------------------------------

then(
  "{word} receives the MESSAGE from {word} with body {string}",
  async function (this: SiplabWorld, role: string, from: string, body: string) {
    const agent = this.agents.get(phoneKey(role));
    assert.ok(agent, `${role} has no phone in this scenario`);
    const req = await agent.waitForRequest("MESSAGE", { timeoutMs: 5000 });
    const fromUri = parseNameAddr(req.headers.get("From") ?? "")?.uri;
    assert.equal(fromUri, this.aor(from), `From is ${req.headers.get("From")}`);
    assert.equal(req.body.toString("utf8"), body);
    this.lastRequest = req;
  },
);

then("the delivered MESSAGE is addressed to {word}", function (this: SiplabWorld, role: string) {
  const req = delivered(this);
  assert.equal(parseUri(req.uri)?.user, this.user(role), `Request-URI is ${req.uri}`);
  const to = parseNameAddr(req.headers.get("To") ?? "");
  assert.equal(to?.uri, this.aor(role), `To is ${req.headers.get("To")}`);
  // RFC 3428 §4: a MESSAGE is sent outside any dialog, so the To carries no tag.
  assert.equal(to?.params.tag, undefined, `To is ${req.headers.get("To")}`);
});

then("the delivered MESSAGE has a From tag", function (this: SiplabWorld) {
  const from = parseNameAddr(delivered(this).headers.get("From") ?? "");
  assert.ok(from?.params.tag, `From is ${delivered(this).headers.get("From")}`);
});

then(
  "the delivered MESSAGE has the Content-Type {string}",
  function (this: SiplabWorld, contentType: string) {
    assert.equal(delivered(this).headers.get("Content-Type")?.trim(), contentType);
  },
);

then("the delivered MESSAGE has a Date header", function (this: SiplabWorld) {
  const date = delivered(this).headers.get("Date") ?? "";
  // RFC 3261 §20.17: SIP-date is the RFC 1123 form and always GMT.
  assert.match(date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/, `Date is "${date}"`);
});

then("the delivered MESSAGE has no Contact header", function (this: SiplabWorld) {
  assert.equal(delivered(this).headers.get("Contact"), undefined);
});

// --- The silo table -------------------------------------------------------------

then(
  "the silo table has {int} row(s) for {word}",
  async function (this: SiplabWorld, n: number, role: string) {
    const rows = await siloRows(this, this.user(role));
    assert.equal(rows.length, n, `silo rows: ${JSON.stringify(rows, null, 1)}`);
  },
);

then(
  "the silo table has {int} row(s) for the user {string}",
  async function (this: SiplabWorld, n: number, user: string) {
    const rows = await siloRows(this, expand(this, user));
    assert.equal(rows.length, n, `silo rows: ${JSON.stringify(rows, null, 1)}`);
  },
);

then(
  "{word}'s silo row has {word} {string}",
  async function (this: SiplabWorld, role: string, column: string, expected: string) {
    const rows = await siloRows(this, this.user(role));
    assert.equal(rows.length, 1, `expected one silo row for ${role}, got ${rows.length}`);
    assert.ok(column in rows[0], `silo has no column ${column}`);
    // body is a BLOB: compared as UTF-8 text.
    assert.equal(cellText(rows[0][column]), expand(this, expected));
  },
);

then(
  "{word}'s silo row lives {int} seconds",
  async function (this: SiplabWorld, role: string, seconds: number) {
    const rows = await siloRows(this, this.user(role));
    assert.equal(rows.length, 1, `expected one silo row for ${role}, got ${rows.length}`);
    assert.equal(Number(rows[0].exp_time) - Number(rows[0].inc_time), seconds);
  },
);

then("the silo table is intact", async function (this: SiplabWorld) {
  const columns = await this.target.query("SELECT name FROM pragma_table_info('silo')");
  const names = columns.map((c) => String(c.name));
  // The columns under the names this target runs with (sc_* parameters), so a renamed layout counts.
  const params = ["sc_mid", "sc_from", "sc_to", "sc_uri_user", "sc_uri_host", "sc_body", "sc_ctype"] as const;
  for (const name of params.map((p) => siloColumn(this, p)))
    assert.ok(names.includes(name), `silo lost its column ${name}: ${names.join(", ")}`);
});

// --- Statistics ------------------------------------------------------------------

given("the msilo statistics are noted", async function (this: SiplabWorld) {
  this.notedStatistics = await msiloStatistics(this);
});

then(
  "the msilo statistic {string} grew by {int}",
  async function (this: SiplabWorld, name: string, delta: number) {
    assert.ok(this.notedStatistics, 'note the statistics first ("Given the msilo statistics are noted")');
    const before = this.notedStatistics.get(name);
    const now = await msiloStatistics(this);
    assert.ok(
      before !== undefined && now.has(name),
      `no statistic msilo:${name} in ${[...now.keys()].join(", ")}`,
    );
    assert.equal(now.get(name)! - before, delta, `msilo:${name} went from ${before} to ${now.get(name)}`);
  },
);
