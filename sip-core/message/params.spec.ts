import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { endOfQuoted, formatParams, isToken, parseParams, parseParamsStrict, quote, unquote } from "./params";

describe("parseParams", () => {
  it("parses flags and values, lower-casing names", () => {
    assert.deepEqual(parseParams(";Transport=TCP;lr;maddr=239.255.255.1"), {
      transport: "TCP",
      lr: null,
      maddr: "239.255.255.1",
    });
  });

  it("ignores LWS, empty segments and later duplicates; keeps quotes and ';' inside them", () => {
    assert.deepEqual(parseParams(' ;  tag = 98asjd8 ;; q=0.5;tag=other; +sip.instance="<urn:a;b>"'), {
      tag: "98asjd8",
      q: "0.5",
      "+sip.instance": '"<urn:a;b>"',
    });
    assert.deepEqual(parseParams(""), {});
  });

  it("keeps a hostile __proto__ name as an ordinary key", () => {
    const p = parseParams(";__proto__=x");
    assert.equal(Object.getPrototypeOf(p), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(p, "__proto__")?.value, "x");
  });
});

describe("parseParamsStrict", () => {
  it("accepts generic-params with tokens, hosts and quoted strings", () => {
    assert.deepEqual(
      parseParamsStrict(' ; newparam = newvalue ; secondparam ; q = 0.33;received=[2001:db8::1];x="a b"'),
      {
        newparam: "newvalue",
        secondparam: null,
        q: "0.33",
        received: "[2001:db8::1]",
        x: '"a b"',
      },
    );
    assert.deepEqual(parseParamsStrict("   "), {});
  });

  it("rejects empty parameters, junk and unterminated quotes", () => {
    assert.equal(parseParamsStrict(";;;;"), undefined);
    assert.equal(parseParamsStrict(";a;"), undefined);
    assert.equal(parseParamsStrict("a=b"), undefined);
    assert.equal(parseParamsStrict(";a=b c"), undefined);
    assert.equal(parseParamsStrict(';a="open'), undefined);
    assert.equal(parseParamsStrict(";a="), undefined);
    assert.equal(parseParamsStrict(";a b=c"), undefined);
  });
});

describe("helpers", () => {
  it("formatParams writes flags and values in order", () => {
    assert.equal(
      formatParams({ branch: "z9hG4bK1", rport: null, received: "192.0.2.1" }),
      ";branch=z9hG4bK1;rport;received=192.0.2.1",
    );
    assert.equal(formatParams({}), "");
  });

  it("quote/unquote round-trip with escapes", () => {
    assert.equal(quote('a "b" \\c'), '"a \\"b\\" \\\\c"');
    assert.equal(unquote(quote('a "b" \\c')), 'a "b" \\c');
    assert.equal(unquote("token"), "token");
  });

  it("isToken and endOfQuoted", () => {
    assert.equal(isToken("!interesting-Method0123456789_*+`.%indeed'~"), true);
    assert.equal(isToken("a b"), false);
    assert.equal(isToken(""), false);
    assert.equal(endOfQuoted('"a\\"b" rest', 0), 6);
    assert.equal(endOfQuoted('"open', 0), -1);
  });
});
