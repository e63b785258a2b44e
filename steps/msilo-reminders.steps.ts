import assert from "node:assert/strict";
import { parseNameAddr } from "../sip-core";
import { delivered, sendMessage, siloRows } from "./support/msilo";
import { then, when } from "./support/not-applicable";
import { phoneKey, type SiplabWorld } from "./support/world";

/**
 * The routing convention of the reminder targets: the script copies this request header into the
 * AVP named by msilo's snd_time_avp before m_store (profile: siplab_routing.snd_time_header).
 */
const REMINDER_TIME_HEADER = "X-Reminder-Time";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** msilo 5.6 §3.26: the AVP holds "a time value in format YYYYMMDDHHMMSS", the server's local time. */
export function reminderTime(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  return (
    `${d.getFullYear()}${p2(d.getMonth() + 1)}${p2(d.getDate())}` +
    `${p2(d.getHours())}${p2(d.getMinutes())}${p2(d.getSeconds())}`
  );
}

/** C ctime() without its newline, local time: `Mon Nov 23 08:05:04 2026` (day padded to width 2). */
export function ctimeText(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  return (
    `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ` +
    `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${d.getFullYear()}`
  );
}

const CTIME = /[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}/.source;

/**
 * The server's current time in ms. A virtual-clock server does not follow the wall clock (time
 * moves only by "N seconds pass"), so it is asked; a real-clock server on this machine shares ours.
 */
async function serverNowMs(world: SiplabWorld): Promise<number> {
  if (world.target.profile.clock !== "virtual") return Date.now();
  const answer = (await world.target.rpc("siplab.clock.now")) as { now?: unknown };
  assert.equal(typeof answer?.now, "number", `siplab.clock.now answered ${JSON.stringify(answer)}`);
  return answer.now as number;
}

async function sendWithReminderTime(
  world: SiplabWorld,
  from: string,
  to: string,
  time: string,
  body: string,
) {
  await sendMessage(world, from, world.aor(to), body, { headers: [[REMINDER_TIME_HEADER, time]] });
}

// --- Storing ------------------------------------------------------------------------------------

when(
  "{word} sends {word} a reminder due in {int} seconds with body {string}",
  async function (this: SiplabWorld, from: string, to: string, seconds: number, body: string) {
    await this.phone(from); // starts an embedded server, whose clock the due time is taken from
    const due = Math.floor((await serverNowMs(this)) / 1000) + seconds;
    this.reminderDue = due;
    await sendWithReminderTime(this, from, to, reminderTime(due), body);
  },
);

when(
  "{word} sends {word} a MESSAGE with the reminder time {string} and body {string}",
  async function (this: SiplabWorld, from: string, to: string, time: string, body: string) {
    await sendWithReminderTime(this, from, to, time, body);
  },
);

then(
  "{word}'s silo row has the reminder's due time as snd_time",
  async function (this: SiplabWorld, role: string) {
    assert.ok(this.reminderDue !== undefined, "no reminder was sent in this scenario");
    const rows = await siloRows(this, this.user(role));
    assert.equal(rows.length, 1, `expected one silo row for ${role}, got ${rows.length}`);
    assert.equal(
      Number(rows[0].snd_time),
      this.reminderDue,
      `snd_time ${String(rows[0].snd_time)} is not ${reminderTime(this.reminderDue)} local time`,
    );
  },
);

// --- Receiving ----------------------------------------------------------------------------------

async function receiveReminder(world: SiplabWorld, role: string, from: string) {
  const agent = world.agents.get(phoneKey(role));
  assert.ok(agent, `${role} has no phone in this scenario`);
  const req = await agent.waitForRequest("MESSAGE", { timeoutMs: 5000 });
  world.lastRequest = req;
  // MSILO-P-reminder: "The SIP address used to send reminder messages".
  assert.equal(parseNameAddr(req.headers.get("From") ?? "")?.uri, from, `From is ${req.headers.get("From")}`);
  return req;
}

then(
  "{word} receives a reminder from {string} with body {string}",
  async function (this: SiplabWorld, role: string, from: string, body: string) {
    const req = await receiveReminder(this, role, from);
    assert.equal(req.body.toString("utf8"), body);
  },
);

then(
  "{word} receives a reminder from {string} with body {string} prefixed by its due time",
  async function (this: SiplabWorld, role: string, from: string, body: string) {
    assert.ok(this.reminderDue !== undefined, "no reminder was sent in this scenario");
    const req = await receiveReminder(this, role, from);
    assert.equal(req.body.toString("utf8"), `[Reminder message - ${ctimeText(this.reminderDue)}] ${body}`);
  },
);

then(
  "{word} receives the MESSAGE from {word} with body {string} behind the offline-message date",
  async function (this: SiplabWorld, role: string, from: string, body: string) {
    const agent = this.agents.get(phoneKey(role));
    assert.ok(agent, `${role} has no phone in this scenario`);
    const req = await agent.waitForRequest("MESSAGE", { timeoutMs: 5000 });
    this.lastRequest = req;
    const fromUri = parseNameAddr(req.headers.get("From") ?? "")?.uri;
    assert.equal(fromUri, this.aor(from), `From is ${req.headers.get("From")}`);
    const text = req.body.toString("utf8");
    const prefix = new RegExp(`^\\[Offline message - ${CTIME}\\] `);
    assert.match(text, prefix, `body "${text}" lacks the add_date prefix`);
    assert.equal(text.replace(prefix, ""), body);
  },
);

then("the delivered MESSAGE has no Date header", function (this: SiplabWorld) {
  assert.equal(delivered(this).headers.get("Date"), undefined);
});
