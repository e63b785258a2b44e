import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkHeaders } from "./header-checks";
import { Headers } from "./headers";

const GOOD: [string, string][] = [
  ["Via", "SIP/2.0/UDP a;branch=z9hG4bK1"],
  ["From", "<sip:a@b>;tag=1"],
  ["To", "<sip:c@d>"],
  ["Call-ID", "x"],
  ["CSeq", "1 REGISTER"],
  ["Contact", "<sip:a@192.0.2.1>;expires=60, <sip:a@192.0.2.2>"],
];

function replace(name: string, value: string | string[] | undefined): Headers {
  const h = new Headers(GOOD);
  if (value === undefined) h.delete(name);
  else h.set(name, value);
  return h;
}

describe("checkHeaders", () => {
  it("accepts a minimal request and response", () => {
    assert.equal(checkHeaders(new Headers(GOOD), "REGISTER"), undefined);
    assert.equal(checkHeaders(new Headers(GOOD), undefined), undefined);
  });

  it("names the first problem", () => {
    assert.equal(checkHeaders(replace("Call-ID", undefined), "REGISTER"), "missing mandatory header Call-ID");
    assert.equal(checkHeaders(replace("Call-ID", ""), "REGISTER"), "empty Call-ID");
    assert.match(checkHeaders(replace("CSeq", "x REGISTER"), "REGISTER") ?? "", /malformed CSeq/);
    assert.match(checkHeaders(new Headers(GOOD), "OPTIONS") ?? "", /does not match/);
    assert.match(checkHeaders(replace("Max-Forwards", "300"), "REGISTER") ?? "", /Max-Forwards/);
    assert.equal(checkHeaders(replace("From", "Bell, A <sip:a@b>"), "REGISTER"), "malformed From header");
    assert.match(checkHeaders(replace("Via", "SIP/2.0/UDP a;;"), "REGISTER") ?? "", /malformed Via/);
    assert.match(checkHeaders(replace("Contact", "<sip:a@b>, "), "REGISTER") ?? "", /malformed Contact/);
    assert.match(checkHeaders(replace("Contact", ["*", "<sip:a@b>"]), "REGISTER") ?? "", /only Contact/);
    assert.equal(checkHeaders(replace("Contact", "*"), "REGISTER"), undefined);
  });
});
