import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reasonPhrase } from "./reason-phrases";

describe("reasonPhrase", () => {
  it("knows the RFC 3261 and extension phrases", () => {
    assert.equal(reasonPhrase(100), "Trying");
    assert.equal(reasonPhrase(200), "OK");
    assert.equal(reasonPhrase(202), "Accepted");
    assert.equal(reasonPhrase(401), "Unauthorized");
    assert.equal(reasonPhrase(423), "Interval Too Brief");
    assert.equal(reasonPhrase(489), "Bad Event");
    assert.equal(reasonPhrase(505), "Version Not Supported");
    assert.equal(reasonPhrase(603), "Decline");
  });

  it("falls back to the class name", () => {
    assert.equal(reasonPhrase(198), "Provisional");
    assert.equal(reasonPhrase(299), "Successful");
    assert.equal(reasonPhrase(399), "Redirection");
    assert.equal(reasonPhrase(499), "Request Failure");
    assert.equal(reasonPhrase(599), "Server Failure");
    assert.equal(reasonPhrase(699), "Global Failure");
    assert.equal(reasonPhrase(42), "Unknown");
    assert.equal(reasonPhrase(700), "Unknown");
  });
});
