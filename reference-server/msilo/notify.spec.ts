import { test } from "node:test";
import { msiloLab, type MsiloLab } from "./test-lab";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baseConfig, type ServerConfig } from "../config/config";
import { defaultParams, type ModuleParams } from "../config/schema";
import { createServer } from "../server";
import { NotifyConfigError } from "./generated-message";

// The notification path through a real server: m_store, #notify, the routing's skip flag.

type Lab = MsiloLab;

type Tweak = (m: ModuleParams) => void;

function config(dir: string, tweak: Tweak): ServerConfig {
  const modules = defaultParams();
  Object.assign(modules.msilo, { check_time: 5 });
  tweak(modules);
  const dbPath = join(dir, "s.sqlite");
  return baseConfig({ port: 0, dbPath, domains: ["example.test"], rpc: null, testClock: true, modules });
}

function lab(tweak: Tweak): Promise<Lab> {
  return msiloLab({
    tweak(m) {
      Object.assign(m.msilo, { check_time: 5 });
      tweak(m);
    },
  });
}

const kamailio: Tweak = (m) =>
  Object.assign(m.msilo, {
    from_address: "sip:registrar@example.test",
    offline_message: "*** User $rU is offline!",
    content_type_hdr: "Content-Type: text/plain\\r\\n",
  });

test("the notice reaches the sender's Contact on the server's own address (another port is not ours)", async () => {
  const l = await lab(kamailio);
  try {
    const res = await l.alice.message("sip:bob@example.test", "hi", { contact: true });
    assert.equal(res.status, 202);
    const note = await l.alice.waitForRequest("MESSAGE", { timeoutMs: 3000 });
    assert.equal(note.uri, l.alice.contact);
    assert.equal(note.body.toString(), "*** User bob is offline!");
  } finally {
    await l.close();
  }
});

test("the routing's skip header sets flag 18: no notice when skip_notification_flag is 18", async () => {
  const l = await lab((m) => {
    kamailio(m);
    Object.assign(m.msilo, { skip_notification_flag: 18 });
    Object.assign(m.siplab_routing, { skip_notification_header: "X-Skip" });
  });
  try {
    const quiet = await l.alice.message("sip:bob@example.test", "quiet", {
      contact: true,
      headers: [["X-Skip", "1"]],
    });
    assert.equal(quiet.status, 202);
    await l.alice.expectNone({ request: "MESSAGE" }, { forMs: 300 });
    assert.equal((await l.alice.message("sip:bob@example.test", "loud", { contact: true })).status, 202);
    await l.alice.waitForRequest("MESSAGE", { timeoutMs: 3000 });
    assert.equal(l.rows().length, 2, "both are stored either way");
  } finally {
    await l.close();
  }
});

test("with skip_notification_flag -1 the routing's flag changes nothing", async () => {
  const l = await lab((m) => {
    kamailio(m);
    Object.assign(m.siplab_routing, { skip_notification_header: "X-Skip" });
  });
  try {
    await l.alice.message("sip:bob@example.test", "flagged", { contact: true, headers: [["X-Skip", "1"]] });
    await l.alice.waitForRequest("MESSAGE", { timeoutMs: 3000 });
  } finally {
    await l.close();
  }
});

test("OpenSER registrar: fixed notice; MESSAGEs to or from the registrar are refused with 503", async () => {
  const l = await lab((m) => {
    Object.assign(m.msilo, { registrar: "sip:registrar@example.test" });
  });
  try {
    assert.equal((await l.alice.message("sip:bob@example.test", "hi", { contact: true })).status, 202);
    const note = await l.alice.waitForRequest("MESSAGE", { timeoutMs: 3000 });
    assert.equal(note.headers.get("Contact"), "<sip:registrar@example.test>;msilo=yes");
    assert.match(note.body.toString(), /^User \[sip:bob@example.test\] is offline\./);

    const toRegistrar = await l.alice.message("sip:registrar@example.test", "hello", { contact: true });
    assert.equal(toRegistrar.status, 503);
    const registrar = await l.agent("sip:registrar@example.test");
    assert.equal((await registrar.message("sip:bob@example.test", "it is me")).status, 503);
    assert.equal(l.rows().length, 1, "only alice's first MESSAGE is stored");
    await l.alice.expectNone({ request: "MESSAGE" }, { forMs: 300 });
  } finally {
    await l.close();
  }
});

test("offline_message without content_type_hdr: the server refuses to start", async () => {
  const dir = mkdtempSync(join(tmpdir(), "siplab-notify-"));
  try {
    const cfg = config(dir, (m) => Object.assign(m.msilo, { offline_message: "offline" }));
    await assert.rejects(createServer(cfg), NotifyConfigError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
