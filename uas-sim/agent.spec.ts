import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createAgent } from "./agent";
import type { Agent } from "./agent";
import type { AgentOptions } from "./agent-options";
import { summarizeEntry } from "./message-log";
import { startTestUas } from "./test-uas";
import type { TestUas } from "./test-uas";

const FAST = { T1: 10, T2: 40, T4: 50 };
const open: { close(): Promise<void> }[] = [];
after(async () => {
  for (const thing of open.reverse()) await thing.close();
});

async function agent(options: Partial<AgentOptions> & { server: AgentOptions["server"] }): Promise<Agent> {
  const created = await createAgent({ aor: "sip:alice@example.test", ...options });
  open.push(created);
  return created;
}

async function registrar(): Promise<TestUas> {
  const uas = await startTestUas((tx) => {
    const contacts = tx.request.headers.getAll("Contact");
    tx.reply(200, undefined, { headers: contacts.map((c): [string, string] => ["Contact", c]) });
  });
  open.push(uas);
  return uas;
}

/** Two agents where `bob` sends straight to `alice` (alice plays the server). */
async function pair(aliceOptions: Partial<AgentOptions> = {}): Promise<{ alice: Agent; bob: Agent }> {
  const alice = await agent({ server: { host: "127.0.0.1", port: 9 }, ...aliceOptions });
  const bob = await agent({
    aor: "sip:bob@example.test",
    server: { host: "127.0.0.1", port: alice.port },
    timers: FAST,
  });
  return { alice, bob };
}

const lines = (a: Agent): string[] => a.log.entries.map((e) => summarizeEntry(e).split(" (")[0]);

describe("Agent registration", () => {
  it("registers with a stable Call-ID, From tag and increasing CSeq", async () => {
    const uas = await registrar();
    const alice = await agent({ server: uas, userAgent: "uas-sim-test", allow: ["MESSAGE"] });
    assert.equal(alice.contact, `sip:alice@127.0.0.1:${alice.port}`);
    assert.equal((await alice.register({ expires: 60 })).status, 200);
    assert.equal((await alice.register({ contactExpires: 30 })).status, 200);
    assert.equal((await alice.unregister()).status, 200);
    assert.equal((await alice.unregister({ all: true })).status, 200);
    const [r1, r2, r3, r4] = uas.requests;
    for (const r of uas.requests) {
      assert.equal(r.headers.get("Call-ID"), alice.registerCallId);
      assert.equal(r.headers.get("From"), r1.headers.get("From"));
      assert.equal(r.headers.get("User-Agent"), "uas-sim-test");
      assert.equal(r.headers.get("Allow"), "MESSAGE");
    }
    assert.deepEqual(
      uas.requests.map((r) => r.headers.get("CSeq")),
      ["1 REGISTER", "2 REGISTER", "3 REGISTER", "4 REGISTER"],
    );
    assert.equal(r1.headers.get("Expires"), "60");
    assert.equal(r1.headers.get("Contact"), `<${alice.contact}>`);
    assert.equal(r2.headers.get("Contact"), `<${alice.contact}>;expires=30`);
    assert.equal(r3.headers.get("Contact"), `<${alice.contact}>;expires=0`);
    assert.equal(r4.headers.get("Contact"), "*");
    assert.equal(r4.headers.get("Expires"), "0");
  });

  it("keeps CSeq increasing after an explicit lower CSeq and honours callId", async () => {
    const uas = await registrar();
    const alice = await agent({ server: uas });
    await alice.register({ cseq: 10 });
    await alice.register({ cseq: 5, callId: "other@127.0.0.1" });
    await alice.register();
    assert.deepEqual(
      uas.requests.map((r) => `${r.headers.get("CSeq")} ${r.headers.get("Call-ID")}`),
      [
        `10 REGISTER ${alice.registerCallId}`,
        "5 REGISTER other@127.0.0.1",
        `11 REGISTER ${alice.registerCallId}`,
      ],
    );
  });

  it("registers over TCP with a ;transport=tcp Contact", async () => {
    const uas = await registrar();
    const alice = await agent({ server: uas, transport: "tcp", listen: ["tcp"] });
    assert.equal(alice.contact, `sip:alice@127.0.0.1:${alice.port};transport=tcp`);
    const response = await alice.register({ expires: 60 });
    assert.equal(response.status, 200);
    assert.deepEqual(uas.transports, ["tcp"]);
    assert.deepEqual(
      alice.log.entries.map((e) => [e.direction, e.transport]),
      [
        ["send", "tcp"],
        ["receive", "tcp"],
      ],
    );
  });

  it("records each message once, in order, with its raw bytes", async () => {
    const uas = await registrar();
    const alice = await agent({ server: uas });
    const response = await alice.options(undefined, { headers: [["X-Probe", "1"]] });
    assert.equal(response.status, 200);
    assert.deepEqual(lines(alice), ["-> OPTIONS sip:example.test", "<- 200 OK"]);
    const [sent, received] = alice.log.entries;
    assert.equal(sent.message?.headers.get("X-Probe"), "1");
    assert.match(sent.raw.toString(), /^OPTIONS sip:example.test SIP\/2.0\r\nVia: SIP\/2.0\/UDP 127.0.0.1:/);
    assert.deepEqual(sent.remote, { transport: "udp", address: "127.0.0.1", port: uas.port });
    assert.deepEqual(received.local, { transport: "udp", address: "127.0.0.1", port: alice.port });
    assert.ok(received.timestamp >= sent.timestamp);
  });
});

describe("Agent answering", () => {
  it("answers MESSAGE and OPTIONS 200 and other methods 405 with Allow by default", async () => {
    const { alice, bob } = await pair();
    assert.equal((await bob.message(alice.contact, "hi")).status, 200);
    assert.equal((await bob.options(alice.contact)).status, 200);
    const info = await bob.request("INFO", { uri: alice.contact });
    assert.equal(info.status, 405);
    assert.equal(info.headers.get("Allow"), "MESSAGE, OPTIONS, NOTIFY");
    const message = await alice.waitForRequest("MESSAGE");
    assert.equal(message.body.toString(), "hi");
    assert.equal(message.headers.get("Content-Type"), "text/plain");
  });

  it("consumes a list of rules in order: first 480, then 200", async () => {
    const { alice, bob } = await pair();
    alice.answer("MESSAGE", [{ status: 480, reason: "Gone Fishing" }, { status: 200 }]);
    const first = await bob.message(alice.contact, "1");
    assert.deepEqual([first.status, first.reason], [480, "Gone Fishing"]);
    assert.equal((await bob.message(alice.contact, "2")).status, 200);
    assert.equal((await bob.message(alice.contact, "3")).status, 200);
  });

  it("stays silent on noAnswer so the sender gets a synthetic 408", async () => {
    const { alice, bob } = await pair();
    alice.answer("MESSAGE", { noAnswer: true });
    const response = await bob.message(alice.contact, "anyone?");
    assert.equal(response.status, 408);
    const received = alice.log.received().filter((e) => e.message?.type === "request");
    assert.ok(received.length > 1, "retransmissions reach alice and are recorded");
    assert.equal(alice.log.entries.filter((e) => e.direction === "send").length, 0);
  });

  it("delays an answer and adds headers and a body", async () => {
    const { alice, bob } = await pair();
    alice.answer("OPTIONS", {
      status: 200,
      delayMs: 120,
      headers: [["Accept", "application/sdp"]],
      body: "v=0\r\n",
      contentType: "application/sdp",
    });
    const started = Date.now();
    const response = await bob.options(alice.contact);
    assert.ok(Date.now() - started >= 100, "answered after the delay");
    assert.equal(response.headers.get("Accept"), "application/sdp");
    assert.equal(response.headers.get("Content-Type"), "application/sdp");
    assert.equal(response.body.toString(), "v=0\r\n");
  });
});

describe("Agent raw sending and waits", () => {
  it("sends raw bytes unchanged and reports the answer through the log", async () => {
    const { alice, bob } = await pair();
    const bytes = Buffer.from(
      `OPTIONS sip:alice@example.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${bob.port};branch=z9hG4bK-raw1\r\n` +
        `Max-Forwards: 70\r\nTo: <sip:alice@example.test>\r\nFrom: <sip:bob@example.test>;tag=r1\r\n` +
        "Call-ID: raw-1@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
    );
    await bob.sendRaw(bytes);
    const response = await bob.waitForResponse(200);
    assert.equal(response.headers.get("Call-ID"), "raw-1@127.0.0.1");
    assert.deepEqual(bob.log.entries[0].raw, bytes);
    const received = await alice.waitForRequest((r) => r.headers.get("Call-ID") === "raw-1@127.0.0.1");
    assert.equal(received.method, "OPTIONS");
    assert.deepEqual(alice.log.entries[0].raw, bytes);
  });

  it("refuses raw TCP from a UDP-only agent", async () => {
    const { bob } = await pair();
    const udpOnly = await agent({ server: { host: "127.0.0.1", port: bob.port }, listen: ["udp"] });
    await assert.rejects(udpOnly.sendRaw(Buffer.from("x"), "tcp"), { code: "SIM_ERR_OPTIONS" });
  });

  it("waits for messages in any order and lists what arrived on timeout", async () => {
    const { alice, bob } = await pair();
    const both = alice.expectAll([{ request: "NOTIFY" }, { request: "MESSAGE" }], { timeoutMs: 2000 });
    await Promise.all([
      bob.message(alice.contact, "m"),
      bob.request("NOTIFY", { uri: alice.contact, headers: [["Event", "presence"]] }),
    ]);
    const [notify, message] = await both;
    assert.equal(notify.message?.type === "request" && notify.message.method, "NOTIFY");
    assert.equal(message.message?.type === "request" && message.message.method, "MESSAGE");
    await assert.rejects(
      alice.waitForRequest("SUBSCRIBE", { timeoutMs: 50 }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "SIP_ERR_TIMEOUT");
        assert.match(error.message, /no SUBSCRIBE request within 50 ms; received:\n {2}<- (MESSAGE|NOTIFY) /);
        return true;
      },
    );
    await alice.expectNone({ request: "MESSAGE" }, { forMs: 50 });
  });

  it("rejects requests and pending waits once closed", async () => {
    const { alice } = await pair();
    const pending = alice.waitForRequest("MESSAGE", { timeoutMs: 5000 });
    await alice.close();
    await assert.rejects(pending, { code: "SIM_ERR_CLOSED" });
    await assert.rejects(alice.register(), { code: "SIM_ERR_CLOSED" });
    await alice.close();
  });

  it("rejects invalid options before opening sockets", async () => {
    await assert.rejects(
      createAgent({ aor: "sip:alice@example.test", server: { host: "127.0.0.1", port: 5060 }, port: 70000 }),
      { code: "SIM_ERR_OPTIONS" },
    );
  });
});
