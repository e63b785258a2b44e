import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildAuthorization, computeHA1 } from "./digest";
import { verifyAuthorization, verifyDigest } from "./verify";

const CHALLENGE =
  'Digest realm="biloxi.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", qop="auth", opaque="x"';
const ANSWER = {
  username: "bob",
  password: "zanzibar",
  method: "REGISTER",
  uri: "sip:biloxi.com",
  nc: 1,
  cnonce: "abc",
};

describe("verifyDigest", () => {
  it("accepts credentials built for the same password, HA1 or lookup", () => {
    for (const algorithm of ["MD5", "SHA-256"]) {
      const value = buildAuthorization(`${CHALLENGE}, algorithm=${algorithm}`, ANSWER);
      const result = verifyDigest(value, {
        method: "REGISTER",
        password: "zanzibar",
        realm: "biloxi.com",
        requestUri: "sip:biloxi.com",
      });
      assert.ok(result.ok, algorithm);
      assert.equal(result.credentials.username, "bob");
      assert.equal(result.credentials.nonce, "ea9c8e88df84f1cec4341ae6cbe5a359");
      assert.equal(result.credentials.nc, "00000001");
      assert.equal(result.credentials.algorithm, algorithm);
      assert.equal(result.credentials.opaque, "x");
      const ha1 = computeHA1(algorithm, "bob", "biloxi.com", "zanzibar");
      assert.equal(verifyAuthorization(value, { method: "REGISTER", ha1 }), true);
      assert.equal(
        verifyAuthorization(value, {
          method: "REGISTER",
          ha1: (u, r, a) => (u === "bob" && r === "biloxi.com" && a === algorithm ? ha1 : undefined),
        }),
        true,
      );
      assert.equal(
        verifyAuthorization(value, {
          method: "REGISTER",
          password: (u) => (u === "bob" ? "zanzibar" : undefined),
        }),
        true,
      );
    }
  });

  it("accepts the legacy no-qop form", () => {
    const value = buildAuthorization('Digest realm="biloxi.com", nonce="n"', ANSWER);
    assert.equal(verifyAuthorization(value, { method: "REGISTER", password: "zanzibar" }), true);
  });

  it("says why credentials fail", () => {
    const value = buildAuthorization(CHALLENGE, ANSWER);
    const reason = (v: string, opts: Parameters<typeof verifyDigest>[1]) => {
      const r = verifyDigest(v, opts);
      return r.ok ? "ok" : r.reason;
    };
    assert.equal(reason(value, { method: "REGISTER", password: "wrong" }), "mismatch");
    assert.equal(reason(value, { method: "INVITE", password: "zanzibar" }), "mismatch");
    assert.equal(reason(value, { method: "REGISTER", password: "zanzibar", realm: "atlanta.com" }), "realm");
    assert.equal(
      reason(value, { method: "REGISTER", password: "zanzibar", requestUri: "sip:other.com" }),
      "uri",
    );
    assert.equal(reason(value, { method: "REGISTER", password: () => undefined }), "unknown-user");
    assert.equal(reason(value, { method: "REGISTER" }), "unknown-user");
    assert.equal(
      reason("NoOneKnowsThisScheme opaque-data=here", { method: "REGISTER", password: "p" }),
      "scheme",
    );
    assert.equal(reason('Digest username="bob', { method: "REGISTER", password: "p" }), "malformed");
    assert.equal(
      reason('Digest username="bob", realm="r", nonce="n", uri="sip:a"', {
        method: "REGISTER",
        password: "p",
      }),
      "malformed",
    );
    assert.equal(
      reason(value.replace("algorithm=MD5", "algorithm=SHA-1"), { method: "REGISTER", password: "zanzibar" }),
      "algorithm",
    );
    assert.equal(
      reason(value.replace("qop=auth", "qop=auth-conf"), { method: "REGISTER", password: "zanzibar" }),
      "qop",
    );
    assert.equal(
      reason(value.replace("nc=00000001", "nc=1"), { method: "REGISTER", password: "zanzibar" }),
      "malformed",
    );
    assert.equal(
      reason(value.replace(/cnonce="abc", /, ""), { method: "REGISTER", password: "zanzibar" }),
      "malformed",
    );
    assert.equal(
      reason(value.replace(/response="[0-9a-f]+"/, 'response=""'), {
        method: "REGISTER",
        password: "zanzibar",
      }),
      "malformed",
    );
  });

  it("compares the response case-insensitively", () => {
    const value = buildAuthorization(CHALLENGE, ANSWER).replace(
      /response="([0-9a-f]+)"/,
      (_m, hex: string) => `response="${hex.toUpperCase()}"`,
    );
    assert.equal(verifyAuthorization(value, { method: "REGISTER", password: "zanzibar" }), true);
  });
});
