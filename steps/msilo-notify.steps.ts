import assert from "node:assert/strict";
import { parseNameAddr, parseUri, type SipRequest } from "../sip-core";
import { createAgent } from "../uas-sim";
import { delivered } from "./support/msilo";
import { then, when } from "./support/not-applicable";
import { phoneKey, type SiplabWorld } from "./support/world";

// Steps of features/msilo/notify.feature: the "destination is offline" notice msilo sends back to
// the sender of a stored MESSAGE (msilo 5.6 §3.14-3.18, §3.25, §3.31; OpenSER 1.x `registrar`).

/**
 * `<bob>` becomes bob's user name and `<domain>` the served domain; unlike support/msilo's
 * `expand` only the profile's roles are replaced, so markup such as `<em>` stays as written.
 */
function expandRoles(world: SiplabWorld, text: string): string {
  const roles = new Set(world.target.profile.users.map((u) => u.user));
  return text.replace(/<([a-z]+)>/g, (whole, name: string) => {
    if (name === "domain") return world.target.profile.domain;
    return roles.has(name) ? world.user(name) : whole;
  });
}

interface SendOptions {
  /** true: the phone's own Contact; a string: that Contact value instead. */
  contact?: true | string;
  headers?: [string, string][];
}

async function send(
  world: SiplabWorld,
  from: string,
  uri: string,
  body: string | undefined,
  options: SendOptions = {},
): Promise<void> {
  const agent = await world.phone(from);
  const headers = [...(options.headers ?? [])];
  if (typeof options.contact === "string") headers.unshift(["Contact", options.contact]);
  world.record(await agent.request("MESSAGE", { uri, body, contact: options.contact === true, headers }));
}

function notice(world: SiplabWorld): SipRequest {
  return delivered(world);
}

function describe(req: SipRequest): string {
  const lines = req.headers.entries().map(([n, v]) => `${n}: ${v}`);
  return `MESSAGE ${req.uri}\n${lines.join("\n")}\n\n${req.body.toString("utf8")}`;
}

// --- Sending ------------------------------------------------------------------

when(
  "{word} sends a MESSAGE with her/his Contact to {word} with body {string}",
  async function (this: SiplabWorld, from: string, to: string, body: string) {
    await send(this, from, this.aor(to), body, { contact: true });
  },
);

when(
  "{word} sends a MESSAGE with her/his Contact to {word} without a body",
  async function (this: SiplabWorld, from: string, to: string) {
    await send(this, from, this.aor(to), undefined, { contact: true });
  },
);

when(
  "{word} sends a MESSAGE with the Contact {string} to {word} with body {string}",
  async function (this: SiplabWorld, from: string, contact: string, to: string, body: string) {
    await send(this, from, this.aor(to), body, { contact });
  },
);

when(
  "{word} sends a MESSAGE with her/his Contact and a(n) {string} header to {word} with body {string}",
  async function (this: SiplabWorld, from: string, header: string, to: string, body: string) {
    await send(this, from, this.aor(to), body, { contact: true, headers: [[header, "yes"]] });
  },
);

when(
  "{word} sends a MESSAGE with her/his Contact to the user {string} with body {string}",
  async function (this: SiplabWorld, from: string, user: string, body: string) {
    const uri = `sip:${expandRoles(this, user)}@${this.target.profile.domain}`;
    await send(this, from, uri, body, { contact: true });
  },
);

// A phone whose From is a fixed address (e.g. the notice address), not one of the scenario's roles.
when(
  "a phone of {string} sends a MESSAGE to {word} with body {string}",
  async function (this: SiplabWorld, address: string, to: string, body: string) {
    const aor = expandRoles(this, address);
    const agent = await createAgent({ aor, server: await this.target.ready(), userAgent: "siplab-uas-sim" });
    // Kept with the scenario's phones so the After hook closes it.
    this.agents.set(phoneKey(aor), agent);
    this.record(await agent.request("MESSAGE", { uri: this.aor(to), body }));
  },
);

// --- The notice ---------------------------------------------------------------

async function receiveNotice(world: SiplabWorld, role: string, phone: string): Promise<void> {
  const agent = world.agents.get(phoneKey(role, phone));
  assert.ok(agent, `${role} has no ${phone} phone in this scenario`);
  world.lastRequest = await agent.waitForRequest("MESSAGE", {
    timeoutMs: 5000,
    description: `the offline notification for ${role}`,
  });
}

then("{word} receives the offline notification", async function (this: SiplabWorld, role: string) {
  await receiveNotice(this, role, "default");
});

then(
  "{word}'s {word} phone receives the offline notification",
  async function (this: SiplabWorld, role: string, phone: string) {
    await receiveNotice(this, role, phone);
  },
);

then("the notification is sent to {word}'s contact", async function (this: SiplabWorld, role: string) {
  const req = notice(this);
  const contact = parseUri((await this.phone(role)).contact);
  const ruri = parseUri(req.uri);
  assert.ok(contact && ruri, `Request-URI is ${req.uri}`);
  assert.deepEqual(
    [ruri.scheme, ruri.user, ruri.host, ruri.port],
    [contact.scheme, contact.user, contact.host, contact.port],
    `Request-URI is ${req.uri}`,
  );
});

then("the notification comes from {string}", function (this: SiplabWorld, address: string) {
  const req = notice(this);
  const from = parseNameAddr(req.headers.get("From") ?? "");
  assert.equal(from?.uri, expandRoles(this, address), describe(req));
  // RFC 3261 §8.1.1.3: "The From field MUST contain a new "tag" parameter, chosen by the UAC."
  assert.ok(from?.params.tag, `From has no tag:\n${describe(req)}`);
});

then("the notification is addressed to {word}", function (this: SiplabWorld, role: string) {
  const req = notice(this);
  const to = parseNameAddr(req.headers.get("To") ?? "");
  assert.equal(to?.uri, this.aor(role), describe(req));
  // RFC 3428 §4: MESSAGE requests do not establish dialogs, so the To carries no tag.
  assert.equal(to?.params.tag, undefined, describe(req));
});

then("the notification has a Call-ID of its own", function (this: SiplabWorld) {
  const req = notice(this);
  const original = this.response().headers.get("Call-ID");
  assert.ok(req.headers.get("Call-ID"), describe(req));
  assert.notEqual(req.headers.get("Call-ID"), original, describe(req));
});

then("the notification has the body {string}", function (this: SiplabWorld, body: string) {
  const req = notice(this);
  assert.equal(req.body.toString("utf8"), expandRoles(this, body), describe(req));
});

then(
  "the notification has a(n) {word} header of {string}",
  function (this: SiplabWorld, name: string, value: string) {
    const req = notice(this);
    assert.deepEqual(
      req.headers.getAll(name).map((v) => v.trim()),
      [expandRoles(this, value)],
      describe(req),
    );
  },
);

then("the notification has no {word} header", function (this: SiplabWorld, name: string) {
  const req = notice(this);
  assert.equal(req.headers.get(name), undefined, describe(req));
});
