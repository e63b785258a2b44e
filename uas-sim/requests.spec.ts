import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildRegister, buildRequest, formatAddress, publishSpec, subscribeSpec } from "./requests";
import type { Identity } from "./requests";

const alice: Identity = {
  aor: "sip:alice@example.test",
  domain: "example.test",
  displayName: 'Alice "A"',
  contact: "sip:alice@127.0.0.1:40000;transport=tcp",
  userAgent: "siplab-uas-sim",
  host: "127.0.0.1",
};

describe("buildRegister", () => {
  it("addresses the domain, uses the AOR in To and From and carries the agent's Contact", () => {
    const req = buildRegister(alice, {
      callId: "reg-1@127.0.0.1",
      fromTag: "ft",
      cseq: 7,
      expires: 600,
      contactExpires: 300,
      allow: ["MESSAGE", "NOTIFY"],
      headers: [["X-Extra", "1"]],
    });
    assert.equal(req.method, "REGISTER");
    assert.equal(req.uri, "sip:example.test");
    assert.equal(req.headers.get("To"), '"Alice \\"A\\"" <sip:alice@example.test>');
    assert.equal(req.headers.get("From"), '"Alice \\"A\\"" <sip:alice@example.test>;tag=ft');
    assert.equal(req.headers.get("Call-ID"), "reg-1@127.0.0.1");
    assert.equal(req.headers.get("CSeq"), "7 REGISTER");
    assert.equal(req.headers.get("Contact"), "<sip:alice@127.0.0.1:40000;transport=tcp>;expires=300");
    assert.equal(req.headers.get("Expires"), "600");
    assert.equal(req.headers.get("Allow"), "MESSAGE, NOTIFY");
    assert.equal(req.headers.get("Max-Forwards"), "70");
    assert.equal(req.headers.get("User-Agent"), "siplab-uas-sim");
    assert.equal(req.headers.get("X-Extra"), "1");
    assert.equal(req.headers.has("Via"), false);
  });

  it("sends raw Contact values instead of its own, one header line each", () => {
    const req = buildRegister(alice, { callId: "c", fromTag: "t", cseq: 1, contacts: ["*"], expires: 0 });
    assert.deepEqual(req.headers.getAll("Contact"), ["*"]);
    const two = buildRegister(alice, {
      callId: "c",
      fromTag: "t",
      cseq: 1,
      contacts: ["<sip:a@h1>", "<sip:a@h2>"],
    });
    assert.deepEqual(
      two.headers.entries().filter(([n]) => n === "Contact"),
      [
        ["Contact", "<sip:a@h1>"],
        ["Contact", "<sip:a@h2>"],
      ],
    );
    assert.equal(buildRegister(alice, { callId: "c", fromTag: "t", cseq: 1 }).headers.has("Expires"), false);
  });
});

describe("buildRequest", () => {
  it("builds a MESSAGE with a body, a fresh Call-ID and From tag, and no Contact", () => {
    const a = buildRequest(alice, { method: "MESSAGE", uri: "sip:bob@example.test", body: "héllo" });
    const b = buildRequest(alice, { method: "MESSAGE", uri: "sip:bob@example.test", body: "x" });
    assert.equal(a.uri, "sip:bob@example.test");
    assert.equal(a.headers.get("To"), "<sip:bob@example.test>");
    assert.equal(a.headers.get("CSeq"), "1 MESSAGE");
    assert.equal(a.headers.get("Content-Type"), "text/plain");
    assert.equal(a.body.toString("utf8"), "héllo");
    assert.equal(a.headers.has("Contact"), false);
    assert.notEqual(a.headers.get("Call-ID"), b.headers.get("Call-ID"));
    assert.notEqual(a.headers.get("From"), b.headers.get("From"));
    assert.match(a.headers.get("Call-ID") ?? "", /@127\.0\.0\.1$/);
  });

  it("continues a dialog with the given Call-ID, tags and CSeq", () => {
    const req = buildRequest(alice, {
      method: "SUBSCRIBE",
      uri: "sip:bob@example.test",
      callId: "dlg",
      fromTag: "f1",
      toTag: "t1",
      cseq: 3,
    });
    assert.equal(req.headers.get("To"), "<sip:bob@example.test>;tag=t1");
    assert.equal(req.headers.get("From"), '"Alice \\"A\\"" <sip:alice@example.test>;tag=f1');
    assert.equal(req.headers.get("CSeq"), "3 SUBSCRIBE");
    assert.equal(req.headers.get("Contact"), "<sip:alice@127.0.0.1:40000;transport=tcp>");
  });
});

describe("subscribe and publish specs", () => {
  it("put Event, Expires, Accept and SIP-If-Match before extra headers", () => {
    const sub = subscribeSpec("sip:bob@example.test", {
      event: "presence",
      expires: 60,
      accept: ["application/pidf+xml"],
    });
    assert.deepEqual(sub.headers, [
      ["Event", "presence"],
      ["Expires", "60"],
      ["Accept", "application/pidf+xml"],
    ]);
    const pub = publishSpec("sip:alice@example.test", {
      event: "presence",
      etag: "e1",
      headers: [["X", "y"]],
    });
    assert.equal(pub.method, "PUBLISH");
    assert.deepEqual(pub.headers, [
      ["Event", "presence"],
      ["SIP-If-Match", "e1"],
      ["X", "y"],
    ]);
  });
});

describe("formatAddress", () => {
  it("keeps a given name-addr and appends the tag", () => {
    assert.equal(formatAddress('"Bob" <sip:bob@example.test>', "t"), '"Bob" <sip:bob@example.test>;tag=t');
    assert.equal(formatAddress("sip:bob@example.test"), "<sip:bob@example.test>");
  });
});
