import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { parseCSeq, parseNameAddr, parseUri, type SipMessage, type SipRequest } from "../sip-core";
import { NotApplicable } from "../targets/target";
import { createAgent, isLoopback, type Agent, type LogEntry } from "../uas-sim";
import { cellText, delivered, expand, sendMessage, siloRows } from "./support/msilo";
import { given, then, when } from "./support/not-applicable";
import { phoneKey, type SiplabWorld } from "./support/world";

// Steps of features/msilo/dump-details.feature and limits.feature: what m_dump sends (order, single
// copy, extra header lines, date prefix, next hop) and the max_messages limit (msilo 5.6 §3, §4.2).

/** A Gherkin table without a header row. */
interface RawTable {
  raw(): string[][];
}

/** The role under which the outbound-proxy stand-in is kept with the scenario's phones. */
const PROXY = "outbound-proxy";

function agentOf(world: SiplabWorld, role: string): Agent {
  const agent = world.agents.get(phoneKey(role));
  assert.ok(agent, `${role} has no phone in this scenario`);
  return agent;
}

function cseqMethod(message: SipMessage): string | undefined {
  return parseCSeq(message.headers.get("CSeq") ?? "")?.method;
}

function isMessageRequest(e: LogEntry): e is LogEntry & { message: SipRequest } {
  return e.direction === "receive" && e.message?.type === "request" && e.message.method === "MESSAGE";
}

/** MESSAGEs an agent received, one per transaction (UDP retransmissions dropped), in arrival order. */
function receivedMessages(agent: Agent): SipRequest[] {
  const seen = new Set<string>();
  const out: SipRequest[] = [];
  for (const entry of agent.log.entries) {
    if (!isMessageRequest(entry)) continue;
    const m = entry.message;
    const key = `${m.headers.get("Call-ID")} ${m.headers.get("CSeq")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

/** Polls `probe` until it returns a value; fails with `what` after `timeoutMs`. */
async function until<T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`${what()} (waited ${timeoutMs} ms)`);
    await sleep(50);
  }
}

function fromUri(req: SipRequest): string | undefined {
  return parseNameAddr(req.headers.get("From") ?? "")?.uri;
}

function summary(req: SipRequest): string {
  return [`MESSAGE ${req.uri}`, ...req.headers.entries().map(([n, v]) => `${n}: ${v}`)].join("\n");
}

function listed(messages: SipRequest[]): string {
  return messages.map((m) => `From ${m.headers.get("From")}: "${m.body.toString("utf8")}"`).join("\n");
}

/** Waits until `agent` holds `n` MESSAGEs from `from`'s AoR; returns them in arrival order. */
function messagesFrom(world: SiplabWorld, agent: Agent, from: string, n: number): Promise<SipRequest[]> {
  const pick = () => receivedMessages(agent).filter((m) => fromUri(m) === world.aor(from));
  return until(
    () => (pick().length >= n ? pick() : undefined),
    5000,
    () => `expected ${n} MESSAGEs from ${from}, got:\n${listed(pick())}`,
  );
}

// --- Answering and sending ------------------------------------------------------------------

given(
  "{word}'s phones answer {word} with {int} after {int} ms",
  function (this: SiplabWorld, role: string, method: string, status: number, delayMs: number) {
    this.answerWith(role, method, { status, delayMs });
  },
);

when(
  "{word} sends a MESSAGE to {word} with body {string} and the header fields:",
  async function (this: SiplabWorld, from: string, to: string, body: string, table: RawTable) {
    const headers = table.raw().map(([name, value]): [string, string] => [name, expand(this, value)]);
    await sendMessage(this, from, this.aor(to), body, { headers });
  },
);

when(
  "{word} sends a MESSAGE to {word} with body {string} and a(n) {string} header of {int} characters",
  async function (this: SiplabWorld, from: string, to: string, body: string, name: string, n: number) {
    await sendMessage(this, from, this.aor(to), body, { headers: [[name, "x".repeat(n)]] });
  },
);

given(
  "the routing script copies the {string} header into the extra_hdrs_avp AVP",
  function (this: SiplabWorld, header: string) {
    // The stand-in for `$avp(...) = $hdr(<header>) + "\r\n"` before m_store (kamailio.cfg does it).
    this.target.requireParam("siplab_routing", "extra_hdrs_header", header);
  },
);

// --- The silo table -------------------------------------------------------------------------

then(
  "{word}'s silo row holds the extra header lines:",
  async function (this: SiplabWorld, role: string, table: RawTable) {
    const rows = await siloRows(this, this.user(role));
    assert.equal(rows.length, 1, `expected one silo row for ${role}, got ${rows.length}`);
    const expected = table
      .raw()
      .map(([line]) => `${expand(this, line)}\r\n`)
      .join("");
    assert.equal(cellText(rows[0].extra_hdrs), expected);
  },
);

then(
  "{word}'s silo rows hold these bodies, oldest first:",
  async function (this: SiplabWorld, role: string, table: RawTable) {
    const rows = await siloRows(this, this.user(role));
    assert.deepEqual(
      rows.map((r) => cellText(r.body)),
      table.raw().map(([body]) => body),
    );
  },
);

// --- What the user's phone saw --------------------------------------------------------------

then(
  "{word} receives {int} MESSAGEs from {word}",
  async function (this: SiplabWorld, role: string, n: number, from: string) {
    const got = await messagesFrom(this, agentOf(this, role), from, n);
    assert.equal(got.length, n, `expected ${n} MESSAGEs from ${from}, got:\n${listed(got)}`);
  },
);

then(
  "after {int} ms {word} has received {int} copy/copies of the MESSAGE {string}",
  async function (this: SiplabWorld, ms: number, role: string, n: number, body: string) {
    await sleep(ms);
    const all = receivedMessages(agentOf(this, role));
    const copies = all.filter((m) => m.body.toString("utf8") === body);
    assert.equal(copies.length, n, `MESSAGEs received (one per Call-ID):\n${listed(all)}`);
  },
);

when("{word} has answered the MESSAGE", async function (this: SiplabWorld, role: string) {
  const agent = agentOf(this, role);
  await until(
    () =>
      agent.log.entries.find(
        (e) =>
          e.direction === "send" &&
          e.message?.type === "response" &&
          e.message.status >= 200 &&
          cseqMethod(e.message) === "MESSAGE",
      ),
    5000,
    () => `${role} sent no final response to a MESSAGE`,
  );
});

then(
  "{word} got the answer to his/her REGISTER before the first MESSAGE",
  function (this: SiplabWorld, role: string) {
    const entries = agentOf(this, role).log.entries;
    const answer = entries.findIndex(
      (e) =>
        e.direction === "receive" &&
        e.message?.type === "response" &&
        e.message.status >= 200 &&
        cseqMethod(e.message) === "REGISTER",
    );
    const message = entries.findIndex(isMessageRequest);
    assert.ok(answer >= 0, `${role} got no final response to the REGISTER`);
    assert.ok(message >= 0, `${role} got no MESSAGE`);
    assert.ok(answer < message, `the MESSAGE (log entry ${message}) came before the answer (${answer})`);
  },
);

then("{word}'s REGISTER was answered exactly once", async function (this: SiplabWorld, role: string) {
  // Room for a late second answer to arrive before counting.
  await sleep(1000);
  const entries = agentOf(this, role).log.entries;
  const ofRegister = (e: LogEntry) => e.message !== undefined && cseqMethod(e.message) === "REGISTER";
  const sent = entries.filter(
    (e) => e.direction === "send" && e.message?.type === "request" && ofRegister(e),
  );
  const answers = entries.filter(
    (e) => e.direction === "receive" && e.message?.type === "response" && ofRegister(e),
  );
  const statuses = answers.map((e) => (e.message?.type === "response" ? e.message.status : 0));
  // A retransmitted REGISTER is answered again with the same response: copies, not a second answer.
  assert.ok(answers.length >= 1, `${role}'s REGISTER got no answer`);
  assert.ok(answers.length <= sent.length, `${answers.length} answers to ${sent.length} REGISTER sends`);
  assert.equal(new Set(statuses).size, 1, `answers to the REGISTER: ${statuses.join(", ")}`);
});

// --- The dumped MESSAGE ---------------------------------------------------------------------

then(
  "the delivered MESSAGE carries these header lines, in this order:",
  function (this: SiplabWorld, table: RawTable) {
    const req = delivered(this);
    const fields = req.headers.entries();
    let after = -1;
    for (const [line] of table.raw()) {
      const text = expand(this, line);
      const colon = text.indexOf(":");
      const name = text.slice(0, colon).trim().toLowerCase();
      const value = text.slice(colon + 1).trim();
      const at = fields.findIndex(([n, v], i) => i > after && n.toLowerCase() === name && v.trim() === value);
      assert.ok(at >= 0, `no "${text}" after the lines before it in:\n${summary(req)}`);
      after = at;
    }
  },
);

then("the delivered MESSAGE has no {string} header", function (this: SiplabWorld, name: string) {
  const req = delivered(this);
  assert.equal(req.headers.get(name), undefined, summary(req));
});

then("the delivered MESSAGE has the Request-URI {string}", function (this: SiplabWorld, uri: string) {
  assert.equal(delivered(this).uri, expand(this, uri));
});

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

then(
  "the date in the prefix is the arrival time the delivered MESSAGE's Date header gives",
  function (this: SiplabWorld) {
    const req = delivered(this);
    const body = req.body.toString("utf8");
    // ctime() form, server local time (this machine's): `Mon Nov 23 08:05:04 2026`.
    const m =
      /^\[Offline message - [A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})\] /.exec(
        body,
      );
    assert.ok(m, `body "${body}" has no offline-message date prefix`);
    const [, mon, day, h, min, s, year] = m;
    const prefixed = new Date(+year, MONTHS.indexOf(mon), +day, +h, +min, +s).getTime();
    // RFC 3261 §20.17: the Date header is in RFC 1123 form, GMT.
    const date = Date.parse(req.headers.get("Date") ?? "");
    assert.ok(!Number.isNaN(date), `Date header "${req.headers.get("Date")}" does not parse`);
    assert.equal(new Date(prefixed).toISOString(), new Date(date).toISOString());
  },
);

// --- The outbound proxy ---------------------------------------------------------------------

/**
 * A phone that answers 200 to whatever msilo sends it. On a target whose profile names an
 * outbound_proxy, the phone listens there (it must be a loopback address that is not the server
 * itself); otherwise it takes a free port and the scenario declares that address as outbound_proxy.
 */
given("a phone stands in as the msilo outbound proxy", async function (this: SiplabWorld) {
  const profile = this.target.profile;
  const declared = profile.params.msilo?.outbound_proxy;
  let port = 0;
  if (declared !== undefined && declared !== "") {
    const uri = parseUri(String(declared));
    const host = uri?.host ?? "";
    port = uri?.port ?? 5060;
    if (!isLoopback(host) || (port === profile.sip.port && isLoopback(profile.sip.host))) {
      throw new NotApplicable(
        `${profile.name} sends msilo's requests to ${String(declared)}, which is the server itself or not ` +
          "on this machine: no phone can stand in as that proxy",
      );
    }
  }
  const agent = await createAgent({
    aor: `sip:${PROXY}@${profile.domain}`,
    // The stand-in only answers; its `server` (the discard port) is never sent to.
    server: { host: "127.0.0.1", port: 9 },
    port,
    userAgent: "siplab-uas-sim",
  });
  this.agents.set(phoneKey(PROXY), agent);
  this.target.requireParam(
    "msilo",
    "outbound_proxy",
    declared ? String(declared) : `sip:127.0.0.1:${agent.port}`,
  );
});

then(
  "the outbound proxy receives MESSAGEs from {word} with these bodies, in this order:",
  async function (this: SiplabWorld, from: string, table: RawTable) {
    const bodies = table.raw().map(([b]) => b);
    const got = await messagesFrom(this, agentOf(this, PROXY), from, bodies.length);
    assert.deepEqual(
      got.map((m) => m.body.toString("utf8")),
      bodies,
    );
  },
);

then(
  "the outbound proxy receives the MESSAGE from {word} with body {string}",
  async function (this: SiplabWorld, from: string, body: string) {
    const [req] = await messagesFrom(this, agentOf(this, PROXY), from, 1);
    assert.equal(req.body.toString("utf8"), body);
    this.lastRequest = req;
  },
);

then(
  "the outbound proxy receives the offline notification from {string} for {word}",
  async function (this: SiplabWorld, address: string, role: string) {
    const agent = agentOf(this, PROXY);
    const req = await until(
      () => receivedMessages(agent).find((m) => fromUri(m) === address),
      5000,
      () => `no MESSAGE from ${address} at the outbound proxy:\n${listed(receivedMessages(agent))}`,
    );
    this.lastRequest = req;
    assert.equal(parseNameAddr(req.headers.get("To") ?? "")?.uri, this.aor(role), summary(req));
    assert.equal(req.uri, this.aor(role), summary(req));
  },
);
