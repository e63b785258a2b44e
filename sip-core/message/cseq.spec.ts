import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatCSeq, MAX_CSEQ, parseCSeq } from "./cseq";

describe("parseCSeq", () => {
  it("parses number and method, leading zeros and extra LWS", () => {
    assert.deepEqual(parseCSeq("314159 INVITE"), { seq: 314159, method: "INVITE" });
    assert.deepEqual(parseCSeq(" 0009 \t INVITE "), { seq: 9, method: "INVITE" });
    assert.deepEqual(parseCSeq("4294967295 RE%47IST%45R"), { seq: MAX_CSEQ, method: "RE%47IST%45R" });
    assert.deepEqual(parseCSeq("0 ACK"), { seq: 0, method: "ACK" });
  });

  it("rejects values above 2^32-1 and malformed text", () => {
    for (const bad of [
      "4294967296 INVITE",
      "36893488147419103232 REGISTER",
      "9".repeat(400) + " INVITE",
      "-1 INVITE",
      "1.5 INVITE",
      "INVITE",
      "1",
      "1 INVITE extra",
      "1 IN<VITE",
      "",
    ]) {
      assert.equal(parseCSeq(bad), undefined, bad);
    }
  });

  it("formats", () => {
    assert.equal(formatCSeq({ seq: 7, method: "OPTIONS" }), "7 OPTIONS");
  });
});
