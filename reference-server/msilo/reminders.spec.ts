import { test } from "node:test";
import { msiloLab, type MsiloLab } from "./test-lab";
import assert from "node:assert/strict";
import { type ModuleParams } from "../config/schema";
import { ctime, reminderRequest } from "./generated-message";
import type { SiloRow } from "./silo-table";

const HEADER = "X-Reminder-Time";

type Lab = MsiloLab;

function lab(msilo: Partial<ModuleParams["msilo"]> = {}): Promise<Lab> {
  return msiloLab({
    rpc: true,
    tweak(m) {
      Object.assign(m.msilo, {
        check_time: 1,
        clean_period: 10,
        send_time: 2,
        reminder: "sip:reminder@example.test",
        snd_time_avp: "$avp(snd_time)",
        ...msilo,
      });
      Object.assign(m.siplab_routing, { snd_time_header: HEADER });
      Object.assign(m.tm, { fr_timer: 500 });
    },
  });
}

/** The server's local time `seconds` from its virtual now, as YYYYMMDDHHMMSS. */
function dueIn(l: Lab, seconds: number): { text: string; epoch: number } {
  const epoch = Math.floor(l.server.clock.now() / 1000) + seconds;
  const d = new Date(epoch * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const text =
    `${d.getFullYear()}${p2(d.getMonth() + 1)}${p2(d.getDate())}` +
    `${p2(d.getHours())}${p2(d.getMinutes())}${p2(d.getSeconds())}`;
  return { text, epoch };
}

const settle = () => new Promise((r) => setTimeout(r, 150));

test("a reminder is stored with snd_time, skipped by m_dump, sent when due and deleted after 2xx", async () => {
  const l = await lab();
  try {
    const due = dueIn(l, 5);
    const res = await l.alice.message("sip:bob@example.test", "stand up", { headers: [[HEADER, due.text]] });
    assert.equal(res.status, 202);
    assert.equal(l.rows()[0].snd_time, due.epoch);

    await l.bob.register({ expires: 600 });
    await assert.rejects(l.bob.waitForRequest("MESSAGE", { timeoutMs: 300 }), { code: "SIP_ERR_TIMEOUT" });

    await l.advance(4); // runs at 2 and 4 s: not due yet
    await settle();
    await assert.rejects(l.bob.waitForRequest("MESSAGE", { timeoutMs: 100 }), { code: "SIP_ERR_TIMEOUT" });
    await l.advance(2); // run at 6 s
    const got = await l.bob.waitForRequest("MESSAGE", { timeoutMs: 2000 });
    assert.equal(got.body.toString(), `[Reminder message - ${ctime(due.epoch)}] stand up`);
    assert.match(got.headers.get("From") ?? "", /^<sip:reminder@example.test>;tag=\w+$/);
    assert.equal(got.headers.get("To"), "<sip:bob@example.test>");
    assert.equal(got.headers.get("Date"), undefined);
    assert.equal(got.headers.get("Content-Type"), "text/plain");
    await settle();
    assert.equal(l.rows().length, 1, "kept until the housekeeping run");
    await l.advance(1);
    assert.equal(l.rows().length, 0);
    const stats = await l.stats();
    assert.equal(stats.dumped_reminders, 1);
    assert.equal(stats.dumped_messages, 0);
  } finally {
    await l.close();
  }
});

test("a rejected reminder gets snd_time 0 and is dumped at the next REGISTER", async () => {
  const l = await lab();
  try {
    const due = dueIn(l, 1);
    await l.alice.message("sip:bob@example.test", "missed", { headers: [[HEADER, due.text]] });
    l.bob.answer("MESSAGE", [{ status: 480 }, { status: 200 }]);
    await l.bob.register({ expires: 600 });
    await l.advance(2);
    await l.bob.waitForRequest("MESSAGE", { timeoutMs: 2000 });
    await settle();
    await l.advance(1);
    assert.equal(l.rows()[0].snd_time, 0);
    assert.equal((await l.stats()).failed_reminders, 1);
    await l.advance(4); // more reminder runs: the row is an ordinary message now
    await settle();
    await assert.rejects(l.bob.waitForRequest("MESSAGE", { timeoutMs: 100 }), { code: "SIP_ERR_TIMEOUT" });
    await l.bob.register({ expires: 600 });
    const dumped = await l.bob.waitForRequest("MESSAGE", { timeoutMs: 2000 });
    assert.match(dumped.body.toString(), /^\[Offline message - .+\] missed$/);
    assert.match(dumped.headers.get("From") ?? "", /^<sip:alice@example.test>;tag=/);
  } finally {
    await l.close();
  }
});

test("a reminder for an owner with no binding fails like a rejected one", async () => {
  const l = await lab();
  try {
    await l.alice.message("sip:bob@example.test", "nobody home", { headers: [[HEADER, dueIn(l, 1).text]] });
    await l.advance(2);
    await settle();
    await l.advance(1);
    assert.equal(l.rows()[0].snd_time, 0);
    assert.equal((await l.stats()).failed_reminders, 1);
  } finally {
    await l.close();
  }
});

for (const [what, params] of [
  ["send_time 0", { send_time: 0 }],
  ["no reminder address", { reminder: "" }],
] as const) {
  test(`${what}: reminders are stored but never sent`, async () => {
    const l = await lab(params);
    try {
      await l.alice.message("sip:bob@example.test", "silent", { headers: [[HEADER, dueIn(l, 1).text]] });
      await l.bob.register({ expires: 600 });
      await l.advance(10);
      await settle();
      await assert.rejects(l.bob.waitForRequest("MESSAGE", { timeoutMs: 100 }), { code: "SIP_ERR_TIMEOUT" });
      assert.notEqual(l.rows()[0].snd_time, 0);
    } finally {
      await l.close();
    }
  });
}

test("without snd_time_avp, or with a bad time, the message is ordinary", async () => {
  const l = await lab({ snd_time_avp: "" });
  try {
    await l.alice.message("sip:bob@example.test", "a", { headers: [[HEADER, dueIn(l, 60).text]] });
    assert.equal(l.rows()[0].snd_time, 0);
  } finally {
    await l.close();
  }
  const m = await lab();
  try {
    await m.alice.message("sip:bob@example.test", "b", { headers: [[HEADER, "20261301120000"]] });
    assert.equal(m.rows()[0].snd_time, 0);
  } finally {
    await m.close();
  }
});

test("snd_time_avp that is not an AVP name stops the server from starting", async () => {
  await assert.rejects(lab({ snd_time_avp: "snd_time" }), { code: "SIPLAB_ERR_SND_TIME_AVP" });
});

test("reminderRequest: Contact only with add_contact, raw body without add_date or when too long", () => {
  const row = {
    id: 1,
    username: "bob",
    domain: "example.test",
    src_addr: "sip:alice@example.test",
    dst_addr: "sip:bob@example.test",
    snd_time: 1_800_000_000,
    ctype: "application/json",
    body: Buffer.from('{"a":1}'),
    extra_hdrs: "X-Kept: no\r\n",
  } as SiloRow;
  const p = { add_date: 1, add_contact: 1, extra_hdrs: "X-Param: no\r\n", reminder: "sip:r@example.test" };
  const req = reminderRequest(row, p);
  assert.equal(req.uri, "sip:bob@example.test");
  assert.equal(req.headers.get("Contact"), "<sip:r@example.test>;msilo=yes");
  assert.equal(req.headers.get("X-Kept"), undefined);
  assert.equal(req.headers.get("X-Param"), undefined);
  // The prefix does not look at the content type.
  assert.equal(req.body.toString(), `[Reminder message - ${ctime(row.snd_time)}] {"a":1}`);
  assert.equal(reminderRequest(row, { ...p, add_date: 0, add_contact: 0 }).headers.get("Contact"), undefined);
  assert.equal(reminderRequest(row, { ...p, add_date: 0 }).body.toString(), '{"a":1}');
  const long = { ...row, body: Buffer.alloc(1000, "x") };
  assert.equal(reminderRequest(long, p).body.length, 1000);
});
