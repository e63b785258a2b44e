import { test } from "node:test";
import type { ModuleParams } from "../config/schema";
import { msiloLab, type MsiloLab } from "./test-lab";
import assert from "node:assert/strict";
import { type Agent } from "../../uas-sim";

type Lab = MsiloLab;

function lab(msilo: Partial<ModuleParams["msilo"]> = {}): Promise<Lab> {
  return msiloLab({
    tweak(m) {
      Object.assign(m.msilo, { check_time: 5, clean_period: 2, ...msilo });
      Object.assign(m.tm, { fr_timer: 500 });
    },
  });
}

/** Distinct MESSAGE requests an agent received (UDP retransmissions counted once). */
function receivedMessages(agent: Agent): string[] {
  const ids = new Set<string>();
  for (const e of agent.log.received()) {
    const m = e.message;
    if (m?.type === "request" && m.method === "MESSAGE") ids.add(m.headers.get("Call-ID") ?? "");
  }
  return [...ids];
}

const settle = () => new Promise((r) => setTimeout(r, 150));

test("offline MESSAGE is stored (202), dumped on REGISTER and deleted after 2xx at check_time", async () => {
  const l = await lab();
  try {
    const res = await l.alice.message("sip:bob@example.test", "Hello Bob 1", {
      headers: [["X-Custom", "keepme"]],
    });
    assert.equal(res.status, 202);
    const [row] = l.rows();
    assert.equal(row.username, "bob");
    assert.equal(row.domain, "example.test");
    assert.equal(row.src_addr, "sip:alice@example.test");
    assert.equal(row.dst_addr, "sip:bob@example.test");
    assert.equal(row.exp_time as number, (row.inc_time as number) + 259200);
    assert.equal(row.extra_hdrs, "X-Custom: keepme\r\n");
    assert.equal(row.status, 0);

    assert.equal((await l.bob.register({ expires: 600 })).status, 200);
    const got = await l.bob.waitForRequest("MESSAGE", { timeoutMs: 3000 });
    assert.match(
      got.body.toString(),
      /^\[Offline message - \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\] Hello Bob 1$/,
    );
    assert.equal(got.headers.get("Content-Type"), "text/plain");
    assert.equal(got.headers.get("X-Custom"), "keepme");
    assert.ok(got.headers.get("Date")?.endsWith("GMT"));
    assert.match(got.headers.get("From") ?? "", /<sip:alice@example.test>;tag=/);
    assert.equal(got.headers.get("Contact"), undefined);
    await settle();
    assert.equal(l.rows().length, 1, "kept until the next housekeeping run");
    await l.advance(5);
    assert.equal(l.rows().length, 0);
  } finally {
    await l.close();
  }
});

test("a 480 to the dumped copy keeps the row; the next REGISTER sends it again", async () => {
  const l = await lab();
  try {
    assert.equal((await l.alice.message("sip:bob@example.test", "retry me")).status, 202);
    l.bob.answer("MESSAGE", [{ status: 480 }, { status: 200 }]);
    await l.bob.register({ expires: 600 });
    await l.bob.waitForRequest("MESSAGE", { timeoutMs: 3000 });
    await settle();
    await l.advance(5);
    assert.equal(l.rows().length, 1);
    await l.bob.register({ expires: 600 });
    await settle();
    assert.equal(receivedMessages(l.bob).length, 2);
    await l.advance(5);
    assert.equal(l.rows().length, 0);
  } finally {
    await l.close();
  }
});

test("a registered UA answering 415 gets the MESSAGE stored by the failure route (202)", async () => {
  const l = await lab();
  try {
    l.bob.answer("MESSAGE", { status: 415 });
    await l.bob.register({ expires: 600, allow: ["INVITE", "ACK"] });
    // Allow without MESSAGE: nothing is dumped on that REGISTER (MSILO-B-dump-eligibility).
    assert.equal((await l.alice.message("sip:bob@example.test", "fail over")).status, 202);
    assert.equal(l.rows().length, 1);
    assert.equal(l.rows()[0].username, "bob");
  } finally {
    await l.close();
  }
});

test("a UA that never answers: the tm timeout (408) stores the message", async () => {
  const l = await lab();
  try {
    l.bob.answer("MESSAGE", { noAnswer: true });
    await l.bob.register({ expires: 600, allow: ["INVITE"] });
    assert.equal((await l.alice.message("sip:bob@example.test", "silence")).status, 202);
    assert.equal(l.rows().length, 1);
  } finally {
    await l.close();
  }
});

test("expired rows are deleted every clean_period runs and never dumped", async () => {
  const l = await lab();
  try {
    assert.equal(
      (await l.alice.message("sip:bob@example.test", "short", { headers: [["Expires", "3"]] })).status,
      202,
    );
    const [row] = l.rows();
    assert.equal((row.exp_time as number) - (row.inc_time as number), 3);
    await l.advance(10);
    assert.equal(l.rows().length, 0);
    await l.bob.register({ expires: 600 });
    await settle();
    assert.equal(receivedMessages(l.bob).length, 0);
  } finally {
    await l.close();
  }
});

test("hostile values are stored literally; a MESSAGE without body is refused (503)", async () => {
  const l = await lab();
  try {
    const evil = "'; DROP TABLE silo; --";
    const res = await l.alice.message("sip:o'brien@example.test", evil, {
      headers: [["X-Evil", `"); DELETE FROM silo; --`]],
    });
    assert.equal(res.status, 202);
    const [row] = l.rows();
    assert.equal(row.username, "o'brien");
    assert.equal(Buffer.from(row.body as Buffer).toString(), evil);
    assert.equal(row.extra_hdrs, `X-Evil: "); DELETE FROM silo; --\r\n`);
    assert.equal((await l.alice.request("MESSAGE", { uri: "sip:bob@example.test" })).status, 503);
    assert.equal(l.rows().length, 1);
  } finally {
    await l.close();
  }
});

test("with from_address and offline_message the sender is notified once, and never about a notification", async () => {
  const l = await lab({
    from_address: "sip:registrar@example.test",
    offline_message: "*** User $rU is offline!",
    content_type_hdr: "Content-Type: text/plain\r\n",
  });
  try {
    await l.alice.register({ expires: 600 });
    assert.equal((await l.alice.message("sip:bob@example.test", "hi")).status, 202);
    const note = await l.alice.waitForRequest("MESSAGE", { timeoutMs: 3000 });
    assert.equal(note.body.toString(), "*** User bob is offline!");
    assert.match(note.headers.get("From") ?? "", /<sip:registrar@example.test>;tag=/);
    assert.equal(note.headers.get("To"), "<sip:alice@example.test>");
    assert.equal((await l.bob.message("sip:registrar@example.test", "to the notifier")).status, 480);
    assert.equal(l.rows().length, 1);
  } finally {
    await l.close();
  }
});
