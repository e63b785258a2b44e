import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { authParam, parseAuthParams } from "./auth-params";

describe("parseAuthParams", () => {
  it("parses a challenge with commas inside quoted values", () => {
    assert.deepEqual(
      parseAuthParams(
        'Digest realm="atlanta.com",domain="sip:ss1.carrier.com", qop="auth,auth-int" ,nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
      ),
      {
        scheme: "Digest",
        params: {
          realm: "atlanta.com",
          domain: "sip:ss1.carrier.com",
          qop: "auth,auth-int",
          nonce: "f84f1cec41e6cbe5aea9c8e88d359",
          opaque: "",
          stale: "FALSE",
          algorithm: "MD5",
        },
      },
    );
  });

  it("lower-cases names, unescapes quoted values, keeps the first duplicate", () => {
    assert.deepEqual(parseAuthParams('digest USERNAME="a\\"b", Realm = "r", realm="other", nc=00000001'), {
      scheme: "digest",
      params: { username: 'a"b', realm: "r", nc: "00000001" },
    });
  });

  it("handles unknown schemes, token68 and bare schemes", () => {
    assert.deepEqual(parseAuthParams("NoOneKnowsThisScheme opaque-data=here"), {
      scheme: "NoOneKnowsThisScheme",
      params: { "opaque-data": "here" },
    });
    assert.deepEqual(parseAuthParams("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), {
      scheme: "Basic",
      params: {},
      token68: "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    });
    assert.deepEqual(parseAuthParams("Digest"), { scheme: "Digest", params: {} });
  });

  it("rejects malformed values", () => {
    for (const bad of [
      "",
      'Digest realm="open',
      "Digest realm=a b",
      "Digest =x",
      'Digest realm="a" nonce="b"',
      "Di<gest realm=a",
    ]) {
      assert.equal(parseAuthParams(bad), undefined, bad);
    }
  });

  it("authParam quotes on request", () => {
    assert.equal(authParam("realm", 'a"b', true), 'realm="a\\"b"');
    assert.equal(authParam("nc", "00000001", false), "nc=00000001");
  });
});
