import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequest } from "../../sip-core";
import { isAddressOfRecord, storeOwner } from "./store-owner";
import { parseUri } from "../../sip-core";

function message(uri: string, to = "<sip:bob@example.test>") {
  return createRequest({
    method: "MESSAGE",
    uri,
    headers: [
      ["From", "<sip:alice@example.test>;tag=1"],
      ["To", to],
      ["Call-ID", "c1"],
      ["CSeq", "1 MESSAGE"],
    ],
    body: "hi",
  });
}

const owner = (...args: Parameters<typeof storeOwner>) => {
  const uri = storeOwner(...args);
  return uri ? `${uri.user}@${uri.host}` : undefined;
};

test("an address of record has a user part and a host name, not an IP literal", () => {
  assert.equal(isAddressOfRecord(parseUri("sip:bob@example.test")), true);
  assert.equal(isAddressOfRecord(parseUri("sip:bob@10.0.0.1:5060")), false);
  assert.equal(isAddressOfRecord(parseUri("sip:bob@[2001:db8::1]")), false);
  assert.equal(isAddressOfRecord(parseUri("sip:example.test")), false);
});

test("m_store(): the current R-URI if it is an AoR, else the To URI (msilo overview)", () => {
  const rule = { kind: "ruri" } as const;
  assert.equal(owner(rule, message("sip:bob@example.test")), "bob@example.test");
  assert.equal(owner(rule, message("sip:example.test")), "bob@example.test");
  // A rewritten R-URI counts: an AoR is taken, a contact address gives way to To.
  assert.equal(owner(rule, message("sip:bob@example.test"), "sip:carol@example.test"), "carol@example.test");
  assert.equal(
    owner(rule, message("sip:bob@example.test", "<sip:dan@example.test>"), "sip:bob@10.0.0.1"),
    "dan@example.test",
  );
  assert.equal(owner(rule, message("sip:example.test", "<sip:example.test>")), undefined);
});

test("m_store(owner): the given URI, which needs a user part", () => {
  assert.equal(
    owner({ kind: "uri", uri: "sip:carol@example.test" }, message("sip:bob@example.test")),
    "carol@example.test",
  );
  assert.equal(
    owner({ kind: "uri", uri: "sip:bob@10.0.0.1" }, message("sip:bob@example.test")),
    "bob@10.0.0.1",
  );
  assert.equal(owner({ kind: "uri", uri: "sip:example.test" }, message("sip:bob@example.test")), undefined);
  assert.equal(owner({ kind: "uri", uri: "" }, message("sip:bob@example.test")), undefined);
});

test("OpenSER mode 0: new R-URI if an AoR, else the original R-URI if one, else To", () => {
  const rule = { kind: "mode", mode: 0 } as const;
  const req = message("sip:bob@example.test", "<sip:dan@example.test>");
  assert.equal(owner(rule, req, "sip:carol@example.test"), "carol@example.test");
  assert.equal(owner(rule, req, "sip:carol@192.0.2.7:5070"), "bob@example.test");
  assert.equal(owner(rule, req), "bob@example.test");
  assert.equal(
    owner(rule, message("sip:example.test", "<sip:dan@example.test>"), "sip:x@10.1.1.1"),
    "dan@example.test",
  );
});

test("OpenSER mode 1: the original R-URI if an AoR, else To; a rewrite is ignored", () => {
  const rule = { kind: "mode", mode: 1 } as const;
  assert.equal(owner(rule, message("sip:bob@example.test"), "sip:carol@example.test"), "bob@example.test");
  assert.equal(owner(rule, message("sip:10.0.0.1:5060", "<sip:dan@example.test>")), "dan@example.test");
});

test("OpenSER mode 2: the To URI only, which needs user and host", () => {
  const rule = { kind: "mode", mode: 2 } as const;
  assert.equal(
    owner(rule, message("sip:bob@example.test", "<sip:carol@example.test>")),
    "carol@example.test",
  );
  assert.equal(owner(rule, message("sip:bob@example.test", "<sip:example.test>")), undefined);
});
