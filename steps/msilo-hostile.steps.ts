import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { parseNameAddr, type SipRequest } from "../sip-core";
import { NotApplicable } from "../targets/target";
import { createAgent } from "../uas-sim";
import { expand, siloRows } from "./support/msilo";
import { given, then, when } from "./support/not-applicable";
import { phoneKey, type SiplabWorld } from "./support/world";

// Hostile input for msilo (features/msilo/hostile-input.feature): identifiers and bodies that
// break naive SQL or C-string handling, and bodies larger than a transport takes by default.

const HOSTILE_TEXT = Buffer.concat([
  Buffer.from(`it's "quoted" \\ '; DROP TABLE silo; -- `, "utf8"),
  Buffer.from([0x00]),
  Buffer.from("after a NUL\r\n\r\nafter an empty line ", "utf8"),
  Buffer.from([0x00, 0x00]),
  Buffer.from("héllo ✓ 😀 %00 \\0 end", "utf8"),
]);

/** Named bodies a scenario can send and compare; each is rebuilt identically on every use. */
const SAMPLES: Record<string, () => Buffer> = {
  "hostile text": () => HOSTILE_TEXT,
  "every octet value": () =>
    Buffer.concat([HOSTILE_TEXT, Buffer.from(Array.from({ length: 256 }, (_, i) => i))]),
};

function sample(name: string): Buffer {
  const make = SAMPLES[name];
  assert.ok(make, `no sample body "${name}"; known: ${Object.keys(SAMPLES).join(", ")}`);
  return make();
}

/**
 * `size` octets that cover every octet value and contain "\r\n\r\n" and NULs, so a framing or
 * C-string mistake shows; deterministic, so a later step can rebuild and compare it.
 */
function bigBody(size: number): Buffer {
  const body = Buffer.alloc(size);
  let block = Buffer.alloc(0);
  for (let offset = 0, n = 0; offset < size; offset += block.length, n++) {
    block = createHash("sha256").update(`siplab big body ${n}`).digest();
    block.copy(body, offset);
    if (n % 64 === 0) body.write("\r\n\r\n\0", offset, "latin1");
  }
  return body;
}

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

/** Equal octet for octet, or a failure that says how the two differ without printing a megabyte. */
function assertSameOctets(actual: unknown, expected: Buffer, what: string): void {
  const got = Buffer.isBuffer(actual) ? actual : Buffer.from(String(actual ?? ""), "utf8");
  if (got.equals(expected)) return;
  let at = 0;
  while (at < got.length && at < expected.length && got[at] === expected[at]) at++;
  assert.fail(
    `${what}: ${got.length} octets (sha256 ${sha256(got)}), expected ${expected.length} ` +
      `(sha256 ${sha256(expected)}); first difference at octet ${at}: ` +
      `got ${JSON.stringify(got.subarray(at, at + 16).toString("latin1"))}, ` +
      `expected ${JSON.stringify(expected.subarray(at, at + 16).toString("latin1"))}`,
  );
}

async function oneSiloRow(world: SiplabWorld, user: string): Promise<Record<string, unknown>> {
  const rows = await siloRows(world, user);
  assert.equal(rows.length, 1, `expected one silo row for ${user}, got ${rows.length}`);
  return rows[0];
}

async function receiveMessage(
  world: SiplabWorld,
  role: string,
  phone: string,
  from: string,
): Promise<SipRequest> {
  const agent = world.agents.get(phoneKey(role, phone));
  assert.ok(agent, `${role} has no ${phone} phone in this scenario`);
  const req = await agent.waitForRequest("MESSAGE", { timeoutMs: 10000 });
  const fromUri = parseNameAddr(req.headers.get("From") ?? "")?.uri;
  assert.equal(fromUri, world.aor(from), `From is ${req.headers.get("From")}`);
  world.lastRequest = req;
  return req;
}

// --- Identities ------------------------------------------------------------------

given("{word}'s display name is {string}", async function (this: SiplabWorld, role: string, name: string) {
  assert.ok(!this.agents.has(phoneKey(role)), `${role}'s phone exists already: name it first`);
  const server = await this.target.ready();
  const password = this.target.password(role);
  const agent = await createAgent({
    aor: this.aor(role),
    server,
    displayName: name,
    credentials: this.target.profile.auth || password ? { username: this.user(role), password } : undefined,
    userAgent: "siplab-uas-sim",
  });
  this.agents.set(phoneKey(role), agent);
});

/** Registers `role`'s phone under the user name `user` (expanded) instead of its own. */
async function registerAs(world: SiplabWorld, role: string, user: string): Promise<number> {
  assert.ok(!world.agents.has(phoneKey(role)), `${role}'s phone exists already under another name`);
  world.userOverrides.set(role, expand(world, user));
  return world.record(await (await world.phone(role)).register()).status;
}

when("{word} registers as the user {string}", async function (this: SiplabWorld, role: string, user: string) {
  const status = await registerAs(this, role, user);
  assert.equal(status, 200, `REGISTER as ${this.user(role)}: ${status} ${this.response().reason}`);
});

when(
  "{word} registers as the user {string}, which a registrar may refuse",
  async function (this: SiplabWorld, role: string, user: string) {
    const status = await registerAs(this, role, user);
    if (status >= 400 && status < 500) {
      throw new NotApplicable(
        `${this.target.profile.name} refuses to register ${this.user(role)}: ${status} ${this.response().reason}`,
      );
    }
    assert.equal(status, 200, `REGISTER as ${this.user(role)}: ${status} ${this.response().reason}`);
  },
);

// --- Sending ----------------------------------------------------------------------

when(
  "{word} sends a MESSAGE to {word} with the To display name {string} and body {string}",
  async function (this: SiplabWorld, from: string, to: string, name: string, body: string) {
    const quoted = `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
    const agent = await this.phone(from);
    this.record(
      await agent.request("MESSAGE", { uri: this.aor(to), to: `${quoted} <${this.aor(to)}>`, body }),
    );
  },
);

when(
  "{word} sends {word} a MESSAGE of type {string} whose body is the {string} sample",
  async function (this: SiplabWorld, from: string, to: string, contentType: string, name: string) {
    const agent = await this.phone(from);
    this.record(await agent.request("MESSAGE", { uri: this.aor(to), body: sample(name), contentType }));
  },
);

when(
  "{word} sends {word} a MESSAGE over TCP with a body of {int} octets",
  async function (this: SiplabWorld, from: string, to: string, size: number) {
    const agent = await this.phone(from, "tcp", "tcp");
    const body = bigBody(size);
    this.record(
      await agent.request("MESSAGE", { uri: this.aor(to), body, contentType: "application/octet-stream" }),
    );
  },
);

// --- The silo table ---------------------------------------------------------------

then(
  "the silo row of the user {string} has {word} {string}",
  async function (this: SiplabWorld, user: string, column: string, expected: string) {
    const row = await oneSiloRow(this, expand(this, user));
    assert.ok(column in row, `silo has no column ${column}`);
    assertSameOctets(row[column], Buffer.from(expand(this, expected), "utf8"), `silo ${column}`);
  },
);

then(
  "{word}'s silo row holds the {string} sample octet for octet",
  async function (this: SiplabWorld, role: string, name: string) {
    assertSameOctets((await oneSiloRow(this, this.user(role))).body, sample(name), "silo body");
  },
);

then(
  "{word}'s silo row holds the {int}-octet body",
  async function (this: SiplabWorld, role: string, size: number) {
    assertSameOctets((await oneSiloRow(this, this.user(role))).body, bigBody(size), "silo body");
  },
);

// --- Delivery ---------------------------------------------------------------------

then(
  "{word} receives the {string} sample from {word} octet for octet",
  async function (this: SiplabWorld, role: string, name: string, from: string) {
    const req = await receiveMessage(this, role, "default", from);
    assertSameOctets(req.body, sample(name), "delivered body");
  },
);

then(
  "{word}'s {word} phone receives the {int}-octet body from {word}",
  async function (this: SiplabWorld, role: string, phone: string, size: number, from: string) {
    const req = await receiveMessage(this, role, phone, from);
    assertSameOctets(req.body, bigBody(size), "delivered body");
  },
);

// --- Size limits ------------------------------------------------------------------

/**
 * The scenario relies on the target's own limit being below `size`. The embedded server runs its
 * documented default (core.max_message_size 65535); an external target must declare its limit.
 */
given("the server's maximum message size is below {int} octets", function (this: SiplabWorld, size: number) {
  if (this.target.profile.kind === "embedded") return;
  const declared = this.target.profile.params.core?.max_message_size;
  if (declared === undefined) {
    throw new NotApplicable(`${this.target.profile.name} does not declare core.max_message_size`);
  }
  if (!(Number(declared) < size)) {
    throw new NotApplicable(`${this.target.profile.name} takes messages of ${declared} octets`);
  }
});

then("the response status is not a success", function (this: SiplabWorld) {
  const { status, reason } = this.response();
  assert.ok(status >= 300, `the MESSAGE was accepted: ${status} ${reason}`);
});
