import { test } from "node:test";
import assert from "node:assert/strict";
import { parseNameAddr } from "../../sip-core";
import {
  checkNotifyParams,
  expand,
  notificationRequest,
  notificationTarget,
  NotifyConfigError,
  openserNotificationRequest,
  type NotifyParams,
} from "./generated-message";

const KAMAILIO: NotifyParams = {
  from_address: "sip:registrar@example.test",
  offline_message: "*** User $rU is offline!",
  content_type_hdr: "Content-Type: text/plain\\r\\n",
  contact_hdr: "Contact: <sip:registrar@example.test;msilo=yes>\\r\\n",
  use_contact: 1,
  registrar: "",
};
const STORED = {
  src_addr: "sip:alice@example.test",
  dst_addr: "sip:bob@example.test",
  contact: "sip:alice@127.0.0.1:40001",
};
const VARS = { rU: "bob", rd: "example.test", tu: "sip:bob@example.test" };

test("use_contact picks the first Contact only when it is a sip: URI of 6+ characters", () => {
  assert.equal(notificationTarget(STORED, 1), "sip:alice@127.0.0.1:40001");
  assert.equal(notificationTarget(STORED, 0), "sip:alice@example.test");
  assert.equal(notificationTarget({ ...STORED, contact: undefined }, 1), "sip:alice@example.test");
  assert.equal(notificationTarget({ ...STORED, contact: "tel:+15550100" }, 1), "sip:alice@example.test");
  assert.equal(notificationTarget({ ...STORED, contact: "sips:alice@h" }, 1), "sip:alice@example.test");
  assert.equal(notificationTarget({ ...STORED, contact: "sip:a" }, 1), "sip:alice@example.test");
});

test("pseudo-variables expand from the stored MESSAGE; unknown ones stay as written", () => {
  assert.equal(expand("*** User $rU is offline!", VARS), "*** User bob is offline!");
  assert.equal(expand("sip:$(rU)@$rd", VARS), "sip:bob@example.test");
  assert.equal(expand("cost $xy", VARS), "cost $xy");
});

test("the Kamailio notice: R-URI contact, To sender, From from_address with a tag, headers, body", () => {
  const note = notificationRequest(STORED, VARS, KAMAILIO);
  assert.ok(note);
  assert.equal(note.method, "MESSAGE");
  assert.equal(note.uri, "sip:alice@127.0.0.1:40001");
  assert.equal(note.headers.get("To"), "<sip:alice@example.test>");
  const from = parseNameAddr(note.headers.get("From") ?? "");
  assert.equal(from?.uri, "sip:registrar@example.test");
  assert.ok(from?.params.tag);
  assert.equal(note.headers.get("Contact"), "<sip:registrar@example.test;msilo=yes>");
  assert.equal(note.headers.get("Content-Type"), "text/plain");
  const names = note.headers.entries().map(([n]) => n.toLowerCase());
  assert.ok(names.indexOf("contact") < names.indexOf("content-type"), "contact_hdr comes first");
  assert.equal(note.body.toString(), "*** User bob is offline!");
});

test("no notice without from_address, offline_message or content_type_hdr; no Contact without contact_hdr", () => {
  assert.equal(notificationRequest(STORED, VARS, { ...KAMAILIO, from_address: "" }), undefined);
  assert.equal(notificationRequest(STORED, VARS, { ...KAMAILIO, offline_message: "" }), undefined);
  assert.equal(notificationRequest(STORED, VARS, { ...KAMAILIO, content_type_hdr: "" }), undefined);
  assert.equal(
    notificationRequest(STORED, { ...VARS, rU: "" }, { ...KAMAILIO, offline_message: "$rU" }),
    undefined,
  );
  const bare = notificationRequest(STORED, VARS, { ...KAMAILIO, contact_hdr: "" });
  assert.equal(bare?.headers.get("Contact"), undefined);
});

test("OpenSER's registrar notice is fixed and names the original To URI", () => {
  const note = openserNotificationRequest(STORED, {
    registrar: "sip:registrar@example.test",
    use_contact: 1,
  });
  assert.equal(note.uri, "sip:alice@127.0.0.1:40001");
  assert.equal(note.headers.get("To"), "<sip:alice@example.test>");
  assert.equal(parseNameAddr(note.headers.get("From") ?? "")?.uri, "sip:registrar@example.test");
  assert.equal(note.headers.get("Content-Type"), "text/plain");
  assert.equal(note.headers.get("Contact"), "<sip:registrar@example.test>;msilo=yes");
  assert.equal(
    note.body.toString(),
    "User [sip:bob@example.test] is offline. The message will be delivered when user goes online.",
  );
  const viaParams = notificationRequest(STORED, VARS, {
    ...KAMAILIO,
    from_address: "",
    offline_message: "",
    registrar: "sip:registrar@example.test",
    use_contact: 0,
  });
  assert.equal(viaParams?.uri, "sip:alice@example.test", "use_contact 0: the From URI");
  assert.match(viaParams?.body.toString() ?? "", /^User \[sip:bob@example.test\] is offline\./);
});

test("offline_message without content_type_hdr, or registrar with from_address, refuse to start", () => {
  assert.doesNotThrow(() => checkNotifyParams(KAMAILIO));
  assert.doesNotThrow(() =>
    checkNotifyParams({
      ...KAMAILIO,
      from_address: "",
      offline_message: "",
      registrar: "sip:r@example.test",
    }),
  );
  assert.throws(
    () => checkNotifyParams({ ...KAMAILIO, content_type_hdr: "" }),
    (e: unknown) => e instanceof NotifyConfigError && e.code === "SIPLAB_ERR_MSILO_NOTIFY_CONFIG",
  );
  assert.throws(() => checkNotifyParams({ ...KAMAILIO, registrar: "sip:r@example.test" }), NotifyConfigError);
});
