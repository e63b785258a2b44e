import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Headers } from "./headers";
import type { SipRequest, SipResponse } from "./message";
import { formatStartLine, serializeMessage } from "./serialize";

function req(headers: [string, string][], body = ""): SipRequest {
  return {
    type: "request",
    method: "MESSAGE",
    uri: "sip:bob@example.com",
    version: "SIP/2.0",
    headers: new Headers(headers),
    body: Buffer.from(body, "utf8"),
  };
}

describe("serializeMessage", () => {
  it("writes start line, headers in order with CRLF, and the body", () => {
    const out = serializeMessage(
      req(
        [
          ["v", "SIP/2.0/UDP a;branch=z9hG4bK1"],
          ["i", "x"],
          ["X-Custom", "1"],
        ],
        "hi",
      ),
    );
    assert.equal(
      out.toString(),
      "MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nCall-ID: x\r\nX-Custom: 1\r\nContent-Length: 2\r\n\r\nhi",
    );
  });

  it("sets Content-Length to the body's octet count, in place of a stale one", () => {
    const body = "Grüße 👋";
    const out = serializeMessage(
      req(
        [
          ["Content-Length", "1"],
          ["To", "<sip:a@b>"],
          ["l", "7"],
        ],
        body,
      ),
    );
    const text = out.toString("utf8");
    assert.match(text, /^MESSAGE [^\r]*\r\nContent-Length: 12\r\nTo: <sip:a@b>\r\n\r\n/);
    assert.equal(Buffer.byteLength(body), 12);
    assert.ok(out.subarray(out.length - 12).equals(Buffer.from(body)));
  });

  it("keeps binary bodies byte for byte", () => {
    const body = Buffer.from([0, 1, 2, 0x0a, 0xff, 0x0d]);
    const m = req([]);
    m.body = body;
    const out = serializeMessage(m);
    assert.ok(out.subarray(out.length - body.length).equals(body));
    assert.match(out.toString("latin1"), /Content-Length: 6\r\n\r\n/);
  });

  it("writes responses and never lets a value start a new header line", () => {
    const res: SipResponse = {
      type: "response",
      status: 200,
      reason: "OK",
      version: "SIP/2.0",
      headers: new Headers([
        ["Subject", "a\r\nInjected: yes"],
        ["X-Folded", "one\r\n two"],
      ]),
      body: Buffer.alloc(0),
    };
    const text = serializeMessage(res).toString();
    assert.equal(
      text,
      "SIP/2.0 200 OK\r\nSubject: a Injected: yes\r\nX-Folded: one two\r\nContent-Length: 0\r\n\r\n",
    );
  });

  it("formats start lines, defaulting the version", () => {
    const m = req([]);
    m.version = "";
    assert.equal(formatStartLine(m), "MESSAGE sip:bob@example.com SIP/2.0");
  });
});
