import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requestTooLargeResponse } from "./too-large";
import type { Remote } from "./transport";

const source: Remote = { transport: "tcp", address: "127.0.0.1", port: 40000, connectionId: 7 };

function header(lines: string[]): Buffer {
  return Buffer.from(`${lines.join("\r\n")}\r\nContent-Length: 99999\r\n\r\n`);
}

const REQUEST = [
  "MESSAGE sip:bob@example.test SIP/2.0",
  "Via: SIP/2.0/TCP client.example.test:5060;branch=z9hG4bK-1",
  "From: <sip:alice@example.test>;tag=a",
  "To: <sip:bob@example.test>",
  "Call-ID: c1",
  "CSeq: 7 MESSAGE",
];

describe("requestTooLargeResponse", () => {
  it("builds a 413 that echoes the request and stamps received on a named sent-by", () => {
    const text = requestTooLargeResponse(header(REQUEST), source)?.toString();
    assert.ok(text);
    assert.match(text, /^SIP\/2\.0 413 Request Entity Too Large\r\n/);
    assert.match(
      text,
      /\r\nVia: SIP\/2\.0\/TCP client\.example\.test:5060;branch=z9hG4bK-1;received=127\.0\.0\.1\r\n/,
    );
    assert.match(text, /\r\nTo: <sip:bob@example\.test>;tag=\w+\r\n/);
    assert.match(text, /\r\nCSeq: 7 MESSAGE\r\nContent-Length: 0\r\n\r\n$/);
  });

  it("answers nothing without the headers a response needs", () => {
    for (const missing of ["Via", "From", "To", "Call-ID", "CSeq"]) {
      const lines = REQUEST.filter((l) => !l.startsWith(`${missing}:`));
      assert.equal(requestTooLargeResponse(header(lines), source), undefined, `without ${missing}`);
    }
  });

  it("answers nothing to an ACK, a response or an unparseable top Via", () => {
    const ack = REQUEST.map((l) => l.replace(/MESSAGE/g, "ACK"));
    const response = ["SIP/2.0 200 OK", ...REQUEST.slice(1)];
    const badVia = REQUEST.map((l) => (l.startsWith("Via:") ? "Via: nonsense" : l));
    for (const lines of [ack, response, badVia])
      assert.equal(requestTooLargeResponse(header(lines), source), undefined);
  });
});
