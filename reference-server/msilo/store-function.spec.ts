import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequest } from "../../sip-core";
import { defaultParams } from "../config/schema";
import { expandTemplate } from "./script-vars";
import { checkRoutingScript, dumpOwner, rewrittenRuri, storeRule } from "./store-function";

const request = createRequest({
  method: "MESSAGE",
  uri: "sip:bob@example.test",
  headers: [
    ["From", '"Alice" <sip:alice@example.test>;tag=1'],
    ["To", "<sip:bob@example.test>"],
    ["Call-ID", "c1@h"],
    ["CSeq", "1 MESSAGE"],
    ["X-Forward-To", " sip:carol@example.test "],
  ],
  body: "hi",
});

function routing(over: Record<string, string | number> = {}) {
  return { ...defaultParams().siplab_routing, ...over };
}

test("pseudo-variables expand like Kamailio's; absent values are empty", () => {
  const ctx = { request, newUri: "sip:bob@10.0.0.1:5060" };
  assert.equal(expandTemplate("$ru|$rU|$rd", ctx), "sip:bob@10.0.0.1:5060|bob|10.0.0.1");
  assert.equal(expandTemplate("$ou|$oU|$od", ctx), "sip:bob@example.test|bob|example.test");
  assert.equal(
    expandTemplate("$fu $fU $fd $tu $tU $td $ci", ctx),
    "sip:alice@example.test alice example.test sip:bob@example.test bob example.test c1@h",
  );
  assert.equal(expandTemplate("<$hdr(X-Forward-To)><$hdr(X-None)>", ctx), "<sip:carol@example.test><>");
  assert.equal(expandTemplate("sip:archive@$fd", { request }), "sip:archive@example.test");
});

test("the script is checked at start: known store functions and pseudo-variables only", () => {
  checkRoutingScript(routing());
  checkRoutingScript(routing({ store_function: "m_store_addrs", store_src_addr: "$hdr(X-Src)" }));
  assert.throws(
    () => checkRoutingScript(routing({ store_function: "m_store_x" })),
    /m_store, m_store_mode, m_store_addrs/,
  );
  assert.throws(() => checkRoutingScript(routing({ dump_owner: "$avp(x)" })), /unknown pseudo-variable/);
});

test("store calls per function and path", () => {
  const ctx = { request, newUri: "sip:bob@10.0.0.1" };
  assert.deepEqual(storeRule(routing(), "notfound", ctx), { kind: "ruri" });
  assert.deepEqual(storeRule(routing(), "failure", ctx), { kind: "uri", uri: "sip:bob@example.test" });
  assert.deepEqual(storeRule(routing({ store_owner_notfound: "$tu" }), "notfound", ctx), {
    kind: "uri",
    uri: "sip:bob@example.test",
  });
  const modes = routing({ store_function: "m_store_mode", store_mode_notfound: 2, store_mode_failure: 0 });
  assert.deepEqual(storeRule(modes, "notfound", ctx), { kind: "mode", mode: 2 });
  assert.deepEqual(storeRule(modes, "failure", ctx), { kind: "mode", mode: 0 });
  const addrs = routing({
    store_function: "m_store_addrs",
    store_owner_notfound: "$tu",
    store_src_addr: "$hdr(X-Forward-To)",
  });
  assert.deepEqual(storeRule(addrs, "notfound", ctx), {
    kind: "uri",
    uri: "sip:bob@example.test",
    addrs: { src: "sip:carol@example.test", dst: "" },
  });
});

test("m_dump owner and the R-URI rewrite", () => {
  const register = createRequest({
    method: "REGISTER",
    uri: "sip:example.test",
    headers: [
      ["From", "<sip:bob@example.test>;tag=2"],
      ["To", "<sip:carol@example.test>"],
    ],
  });
  assert.equal(dumpOwner(routing(), register), "sip:carol@example.test");
  assert.equal(dumpOwner(routing({ dump_owner: "$fu" }), register), "sip:bob@example.test");
  assert.equal(rewrittenRuri(routing(), request), undefined);
  assert.equal(
    rewrittenRuri(routing({ rewrite_ruri: "$hdr(X-Forward-To)" }), request),
    "sip:carol@example.test",
  );
  assert.equal(rewrittenRuri(routing({ rewrite_ruri: "$hdr(X-None)" }), request), undefined);
});
