import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequest } from "../../sip-core";
import { buildSiloRow, storedContentType } from "./store";
import { ctime, dumpRequest } from "./generated-message";
import { dumpEligible } from "./dump-eligibility";

function message(uri: string, headers: Array<[string, string]>, body = "hi") {
  return createRequest({
    method: "MESSAGE",
    uri,
    headers: [
      ["From", '"Alice" <sip:alice@example.test>;tag=1'],
      ["To", "<sip:bob@example.test>"],
      ["Call-ID", "c1"],
      ["CSeq", "1 MESSAGE"],
      ...headers,
    ],
    body,
  });
}

test("content types are reduced as Kamailio stores them", () => {
  assert.equal(storedContentType("text/plain; charset=utf-8"), "text/plain");
  assert.equal(storedContentType("message/CPIM"), "text/plain");
  assert.equal(storedContentType("application/json"), "application/json");
  assert.equal(storedContentType(undefined), "text/plain");
  assert.equal(storedContentType("garbage"), undefined);
});

test("owner rules: m_store() and OpenSER modes 0/1/2 with the To fallback, m_store(owner) without", () => {
  const req = message("sip:10.0.0.1:5060", []);
  const base = { request: req, nowSec: 1000, expireTime: 50 };
  const ruri = buildSiloRow({ ...base, rule: { kind: "ruri" } });
  assert.ok(ruri.ok && ruri.row.username === "bob");
  assert.equal(buildSiloRow({ ...base, rule: { kind: "uri", uri: req.uri } }).ok, false);
  const mode1 = buildSiloRow({ ...base, rule: { kind: "mode", mode: 1 } });
  assert.ok(mode1.ok && mode1.row.username === "bob" && mode1.row.domain === "example.test");
  const mode0 = buildSiloRow({
    ...base,
    branchUri: "sip:carol@example.test",
    rule: { kind: "mode", mode: 0 },
  });
  assert.ok(mode0.ok && mode0.row.username === "carol");
  assert.ok(mode1.ok && mode1.row.exp_time === 1050 && mode1.row.src_addr === "sip:alice@example.test");
});

test("m_store_addrs stores the given addresses, an empty one falling back to From / To", () => {
  const base = { request: message("sip:bob@example.test", []), nowSec: 0, expireTime: 9 };
  const given = buildSiloRow({
    ...base,
    rule: { kind: "uri", uri: "sip:bob@example.test", addrs: { src: "sip:carol@x", dst: "sip:bob@x;a=1" } },
  });
  assert.ok(given.ok && given.row.src_addr === "sip:carol@x" && given.row.dst_addr === "sip:bob@x;a=1");
  const empty = buildSiloRow({
    ...base,
    rule: { kind: "uri", uri: "sip:bob@example.test", addrs: { src: "", dst: "" } },
  });
  assert.ok(
    empty.ok &&
      empty.row.src_addr === "sip:alice@example.test" &&
      empty.row.dst_addr === "sip:bob@example.test",
  );
  const kept = buildSiloRow({ ...base, rule: { kind: "ruri" }, callId: "c1" });
  assert.ok(kept.ok && kept.row.callid === "c1");
});

test("Expires shortens only when positive and smaller; unknown and PAI headers are kept", () => {
  const req = message("sip:bob@example.test", [
    ["Expires", "10"],
    ["Subject", "x"],
    ["X-A", "1"],
    ["P-Asserted-Identity", "<sip:a@b>"],
  ]);
  const r = buildSiloRow({ request: req, rule: { kind: "ruri" }, nowSec: 0, expireTime: 100 });
  assert.ok(r.ok);
  assert.equal(r.row.exp_time, 10);
  assert.equal(r.row.extra_hdrs, "X-A: 1\r\nP-Asserted-Identity: <sip:a@b>\r\n");
  const empty = buildSiloRow({
    request: message("sip:bob@example.test", [], ""),
    rule: { kind: "ruri" },
    nowSec: 0,
    expireTime: 1,
  });
  assert.equal(empty.ok, false);
});

test("ctime has the C layout and non-text bodies are dumped unchanged", () => {
  assert.match(ctime(0), /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d 19(69|70)$/);
  const row = {
    id: 1,
    src_addr: "sip:a@x",
    dst_addr: "sip:b@x",
    username: "b",
    domain: "x",
    inc_time: 0,
    exp_time: 9,
    snd_time: 0,
    ctype: "application/json",
    body: Buffer.from("{}"),
    extra_hdrs: null,
    callid: "",
    status: 0,
  };
  const req = dumpRequest(row, { add_date: 1, add_contact: 1, extra_hdrs: "X-Extra: y\r\n" });
  assert.equal(req.body.toString(), "{}");
  assert.equal(req.headers.get("Contact"), "<sip:a@x>;msilo=yes");
  assert.equal(req.headers.get("X-Extra"), "y");
  assert.equal(req.headers.get("Date"), "Thu, 01 Jan 1970 00:00:00 GMT");
});

test("dump eligibility follows expiry and advertised methods", () => {
  const reg = (contact: string, extra: Array<[string, string]> = []) =>
    createRequest({ method: "REGISTER", uri: "sip:x", headers: [["Contact", contact], ...extra] });
  assert.equal(dumpEligible(reg("<sip:b@h>")), true);
  assert.equal(dumpEligible(reg("<sip:b@h>;expires=0")), false);
  assert.equal(dumpEligible(reg("<sip:b@h>", [["Allow", "INVITE, ACK"]])), false);
  assert.equal(dumpEligible(reg('<sip:b@h>;methods="INVITE,MESSAGE"', [["Allow", "INVITE"]])), true);
  assert.equal(dumpEligible(reg("*", [["Expires", "0"]])), false);
});
