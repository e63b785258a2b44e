import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Headers } from "./headers";
import { parseMessage } from "./parse";
import { createRequest, createResponse, newTag, tagOf } from "./response";
import { serializeMessage } from "./serialize";

const request = createRequest({
  method: "INVITE",
  uri: "sip:bob@biloxi.com",
  headers: [
    [
      "Via",
      "SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1, SIP/2.0/UDP bigbox3.atlanta.com;branch=z9hG4bK77",
    ],
    ["Via", "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1"],
    ["Max-Forwards", "68"],
    ["To", "Bob <sip:bob@biloxi.com>"],
    ["From", "Alice <sip:alice@atlanta.com>;tag=1928301774"],
    ["Call-ID", "a84b4c76e66710"],
    ["CSeq", "314159 INVITE"],
    ["Contact", "<sip:alice@pc33.atlanta.com>"],
    ["Record-Route", "<sip:p1;lr>"],
  ],
  body: "v=0\r\n",
});

describe("createResponse", () => {
  it("copies Via (all, in order), From, To, Call-ID and CSeq only", () => {
    const res = createResponse(request, 100);
    assert.equal(res.type, "response");
    assert.equal(res.reason, "Trying");
    assert.equal(res.version, "SIP/2.0");
    assert.deepEqual(res.headers.entries(), [
      ["Via", request.headers.entries()[0][1]],
      ["Via", request.headers.entries()[1][1]],
      ["From", "Alice <sip:alice@atlanta.com>;tag=1928301774"],
      ["To", "Bob <sip:bob@biloxi.com>"],
      ["Call-ID", "a84b4c76e66710"],
      ["CSeq", "314159 INVITE"],
    ]);
    assert.equal(res.body.length, 0);
  });

  it("adds a To tag above 100, keeps an existing one, and uses a given one", () => {
    const ringing = createResponse(request, 180);
    const tag = tagOf(ringing.headers.get("To"));
    assert.match(tag ?? "", /^[0-9a-f]{16}$/);
    const fixed = createResponse(request, 200, undefined, { toTag: "abc" });
    assert.equal(fixed.headers.get("To"), "Bob <sip:bob@biloxi.com>;tag=abc");
    const inDialog = createRequest({ method: "BYE", uri: "sip:b@c", headers: [["To", "<sip:b@c>;tag=x"]] });
    assert.equal(createResponse(inDialog, 200).headers.get("To"), "<sip:b@c>;tag=x");
    assert.notEqual(newTag(), newTag());
  });

  it("takes reason, extra headers, body and Content-Type", () => {
    const res = createResponse(request, 488, "Not Here", {
      headers: [["Warning", '399 host "no"']],
      body: Buffer.from("x"),
      contentType: "text/plain",
    });
    assert.equal(res.reason, "Not Here");
    assert.equal(res.headers.get("Warning"), '399 host "no"');
    assert.equal(res.headers.get("Content-Type"), "text/plain");
    assert.equal(res.body.toString(), "x");
    assert.equal(createResponse(request, 405).reason, "Method Not Allowed");
  });

  it("answers the headers salvaged from a malformed request without touching a broken To", () => {
    const broken = Buffer.from(
      'INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: "open <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: q\r\nCSeq: 8 INVITE\r\n\r\n',
    );
    const parsed = parseMessage(broken);
    assert.ok(!parsed.ok && parsed.partial?.headers);
    const res = createResponse({ headers: parsed.partial.headers }, 400);
    assert.equal(res.headers.get("To"), '"open <sip:a@b>');
    assert.equal(res.headers.get("Call-ID"), "q");
  });

  it("produces a response our parser accepts", () => {
    const wire = serializeMessage(createResponse(request, 200));
    const r = parseMessage(wire);
    assert.ok(r.ok, r.ok ? "" : r.error.message);
    assert.equal(r.message.headers.getAll("Via").length, 3);
  });
});

describe("createRequest", () => {
  it("copies Headers and encodes a string body", () => {
    const headers = new Headers([["Call-ID", "1"]]);
    const req = createRequest({ method: "OPTIONS", uri: "sip:a@b", headers });
    headers.set("Call-ID", "2");
    assert.equal(req.headers.get("Call-ID"), "1");
    assert.equal(req.body.length, 0);
    assert.equal(req.version, "SIP/2.0");
    assert.equal(createRequest({ method: "M", uri: "sip:a@b", body: "é" }).body.length, 2);
  });
});
