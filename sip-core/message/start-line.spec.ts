import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseStartLine } from "./start-line";

describe("parseStartLine", () => {
  it("parses request and status lines", () => {
    assert.deepEqual(parseStartLine("INVITE sip:bob@biloxi.com SIP/2.0"), {
      ok: true,
      kind: "request",
      method: "INVITE",
      uri: "sip:bob@biloxi.com",
      version: "SIP/2.0",
    });
    assert.deepEqual(parseStartLine("SIP/2.0 404 Not Found Here"), {
      ok: true,
      kind: "response",
      status: 404,
      reason: "Not Found Here",
      version: "SIP/2.0",
    });
  });

  it("salvages what it can from a failure", () => {
    assert.deepEqual(parseStartLine("OPTIONS sip:a@b SIP/7.0"), {
      ok: false,
      code: "SIP_ERR_VERSION",
      message: 'unsupported SIP version "SIP/7.0"',
      isResponse: false,
      version: "SIP/7.0",
      method: "OPTIONS",
      uri: "sip:a@b",
    });
    const ltgt = parseStartLine("INVITE <sip:a@b> SIP/2.0");
    assert.equal(ltgt.ok, false);
    assert.equal(!ltgt.ok && ltgt.method, "INVITE");
    const bigcode = parseStartLine("SIP/2.0 4294967301 better not break the receiver");
    assert.equal(!bigcode.ok && bigcode.isResponse, true);
    assert.equal(!bigcode.ok && bigcode.code, "SIP_ERR_PARSE");
  });

  it("rejects a response with a trailing-space-only version field", () => {
    assert.equal(parseStartLine("SIP/2.0").ok, false);
    assert.equal(parseStartLine("SIP/x 200 OK").ok, false);
  });
});
