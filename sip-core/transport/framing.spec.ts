import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StreamFramer } from "./framing";

const message = (body: string, lengthHeader = "Content-Length"): string =>
  `MESSAGE sip:b@example.com SIP/2.0\r\nCall-ID: x\r\n${lengthHeader}: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const texts = (frames: Buffer[]): string[] => frames.map((f) => f.toString("utf8"));

describe("StreamFramer", () => {
  it("frames a message split across several pushes, byte by byte", () => {
    const framer = new StreamFramer(65535);
    const whole = Buffer.from(message("héllo"));
    const out: Buffer[] = [];
    for (let i = 0; i < whole.length; i++) {
      const { frames, error } = framer.push(whole.subarray(i, i + 1));
      assert.equal(error, undefined);
      out.push(...frames);
    }
    assert.deepEqual(texts(out), [message("héllo")]);
    assert.equal(framer.pending, 0);
  });

  it("frames a 1 MiB body that arrives in 64 KiB chunks, octet for octet", () => {
    const body = Buffer.alloc(1024 * 1024, "\0\r\n\r\nabc");
    const whole = Buffer.concat([
      Buffer.from(message("").replace("Content-Length: 0", `Content-Length: ${body.length}`)),
      body,
    ]);
    const framer = new StreamFramer(2 * 1024 * 1024);
    const out: Buffer[] = [];
    for (let at = 0; at < whole.length; at += 65536) {
      out.push(...framer.push(whole.subarray(at, at + 65536)).frames);
      if (out.length === 0) assert.equal(framer.pending, Math.min(at + 65536, whole.length));
    }
    assert.equal(out.length, 1);
    assert.ok(out[0].equals(whole));
    assert.equal(framer.pending, 0);
  });

  it("frames two messages delivered in one chunk, honouring the compact form l", () => {
    const framer = new StreamFramer(65535);
    const chunk = Buffer.from(message("one") + message("second", "l"));
    const { frames, error } = framer.push(chunk);
    assert.equal(error, undefined);
    assert.deepEqual(texts(frames), [message("one"), message("second", "l")]);
  });

  it("keeps the start of the next message buffered", () => {
    const framer = new StreamFramer(65535);
    const next = message("two");
    const first = framer.push(Buffer.from(message("one") + next.slice(0, 20)));
    assert.deepEqual(texts(first.frames), [message("one")]);
    assert.equal(framer.pending, 20);
    const second = framer.push(Buffer.from(next.slice(20)));
    assert.deepEqual(texts(second.frames), [next]);
  });

  it("ignores RFC 5626 double-CRLF keep-alives and CRLFs before a start line", () => {
    const framer = new StreamFramer(65535);
    assert.deepEqual(framer.push(Buffer.from("\r\n\r\n")).frames, []);
    const { frames, error } = framer.push(Buffer.from(`\r\n\r\n${message("x")}\r\n\r\n`));
    assert.equal(error, undefined);
    assert.deepEqual(texts(frames), [message("x")]);
    assert.equal(framer.pending, 0);
  });

  it("frames a message without Content-Length as having an empty body", () => {
    const framer = new StreamFramer(65535);
    const text = "OPTIONS sip:a SIP/2.0\r\nCall-ID: y\r\n\r\n";
    assert.deepEqual(texts(framer.push(Buffer.from(text + text)).frames), [text, text]);
  });

  it("waits for a body that has not arrived (RFC 4475 clerr.dat over TCP)", () => {
    const framer = new StreamFramer(65535);
    const text = "INVITE sip:a SIP/2.0\r\nContent-Length: 9999\r\n\r\nshort body";
    const { frames, error } = framer.push(Buffer.from(text));
    assert.deepEqual(frames, []);
    assert.equal(error, undefined);
    assert.equal(framer.pending, Buffer.byteLength(text));
  });

  for (const [name, value] of [
    ["negative (RFC 4475 ncl.dat)", "-999"],
    ["not a safe integer", "99999999999999999999"],
    ["not a number", "ten"],
    ["fractional", "1.5"],
  ] as const) {
    it(`fails the stream on a Content-Length that is ${name}`, () => {
      const framer = new StreamFramer(65535);
      const ok = message("fine");
      const bad = `MESSAGE sip:a SIP/2.0\r\nContent-Length: ${value}\r\n\r\nbody`;
      const { frames, error } = framer.push(Buffer.from(ok + bad));
      assert.deepEqual(texts(frames), [ok]);
      assert.equal(error?.error.code, "SIP_ERR_PARSE");
      assert.equal(error?.raw.toString(), bad);
      // Once failed, nothing more is framed.
      assert.deepEqual(framer.push(Buffer.from(ok)).frames, []);
    });
  }

  it("fails on conflicting Content-Length headers", () => {
    const framer = new StreamFramer(65535);
    const text = "MESSAGE sip:a SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\nab";
    assert.equal(framer.push(Buffer.from(text)).error?.error.code, "SIP_ERR_PARSE");
  });

  it("reports a message whose declared size exceeds the maximum, and skips its body", () => {
    const framer = new StreamFramer(200);
    const header = "MESSAGE sip:a SIP/2.0\r\nContent-Length: 500\r\n\r\n";
    const first = framer.push(Buffer.from(header + "x".repeat(100)));
    assert.equal(first.error, undefined);
    assert.deepEqual(first.frames, []);
    assert.equal(first.oversized?.length, 1);
    assert.equal(first.oversized?.[0].headerSection.toString(), header);
    assert.equal(first.oversized?.[0].size, Buffer.byteLength(header) + 500);
    // Nothing of the body is kept: it is counted down as it arrives.
    assert.equal(framer.pending, 0);
    assert.equal(framer.discardPending, 400);
    const second = framer.push(Buffer.from("y".repeat(399)));
    assert.deepEqual(second, { frames: [] });
    assert.equal(framer.discardPending, 1);
    const after = message("after");
    const third = framer.push(Buffer.from("z" + after));
    assert.deepEqual(texts(third.frames), [after]);
    assert.equal(third.oversized, undefined);
    assert.equal(framer.discardPending, 0);
  });

  it("keeps stream order between frames and oversized messages in one push", () => {
    const big = "MESSAGE sip:a SIP/2.0\r\nl: 300\r\n\r\n" + "b".repeat(300);
    const framer = new StreamFramer(250);
    const { frames, oversized, error } = framer.push(Buffer.from(message("1") + big + message("2") + big));
    assert.equal(error, undefined);
    assert.deepEqual(texts(frames), [message("1"), message("2")]);
    assert.deepEqual(
      oversized?.map((o) => o.index),
      [1, 2],
    );
  });

  it("fails when a complete header section alone exceeds the maximum", () => {
    const framer = new StreamFramer(100);
    const text = `OPTIONS sip:a SIP/2.0\r\nX-Filler: ${"a".repeat(120)}\r\nContent-Length: 0\r\n\r\n`;
    const { error, oversized } = framer.push(Buffer.from(text));
    assert.equal(error?.error.code, "SIP_ERR_TOO_LARGE");
    assert.equal(oversized, undefined);
  });

  it("fails when a header section grows past the maximum without ending", () => {
    const framer = new StreamFramer(100);
    assert.equal(framer.push(Buffer.from("OPTIONS sip:a SIP/2.0\r\n")).error, undefined);
    const { error } = framer.push(Buffer.from(`X-Filler: ${"a".repeat(120)}\r\n`));
    assert.equal(error?.error.code, "SIP_ERR_TOO_LARGE");
  });

  it("accepts a message of exactly the maximum size", () => {
    const text = message("b".repeat(50));
    const framer = new StreamFramer(Buffer.byteLength(text));
    assert.deepEqual(texts(framer.push(Buffer.from(text)).frames), [text]);
  });
});
