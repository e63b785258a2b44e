import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { SipError } from "../message/message";
import { parseAuthParams } from "./auth-params";
import {
  buildAuthorization,
  buildChallenge,
  computeDigest,
  computeHA1,
  formatNonceCount,
  normalizeAlgorithm,
  selectChallenge,
} from "./digest";

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

// RFC 7616 §3.9.1 example (HTTP method and URI; the computation is the same for SIP).
const RFC7616 = {
  username: "Mufasa",
  realm: "http-auth@example.org",
  password: "Circle of Life",
  method: "GET",
  uri: "/dir/index.html",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  qop: "auth",
  nc: "00000001",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
};

describe("computeDigest", () => {
  it("matches the RFC 2617 §3.5 example", () => {
    const response = computeDigest({
      username: "Mufasa",
      realm: "testrealm@host.com",
      password: "Circle Of Life",
      method: "GET",
      uri: "/dir/index.html",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      qop: "auth",
      nc: 1,
      cnonce: "0a4f113b",
    });
    assert.equal(response, "6629fae49393a05397450978507c4ef1");
  });

  it("matches the RFC 7616 §3.9.1 MD5 and SHA-256 examples", () => {
    assert.equal(computeDigest({ ...RFC7616, algorithm: "MD5" }), "8ca523f5e9506fed4657c9700eebdbec");
    assert.equal(
      computeDigest({ ...RFC7616, algorithm: "sha-256" }),
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    );
  });

  it("computes the legacy no-qop form and accepts HA1 instead of the password", () => {
    const input = {
      username: "bob",
      realm: "biloxi.com",
      method: "REGISTER",
      uri: "sip:biloxi.com",
      nonce: "n1",
    };
    const ha1 = md5("bob:biloxi.com:zanzibar");
    const expected = md5(`${ha1}:n1:${md5("REGISTER:sip:biloxi.com")}`);
    assert.equal(computeDigest({ ...input, password: "zanzibar" }), expected);
    assert.equal(computeDigest({ ...input, ha1: ha1.toUpperCase() }), expected);
    assert.equal(computeHA1("MD5", "bob", "biloxi.com", "zanzibar"), ha1);
  });

  it("handles auth-int and -sess", () => {
    const base = {
      username: "u",
      realm: "r",
      password: "p",
      method: "MESSAGE",
      uri: "sip:x@y",
      nonce: "n",
      nc: 1,
      cnonce: "c",
    };
    const ha1 = md5("u:r:p");
    const bodyHash = md5("hello");
    assert.equal(
      computeDigest({ ...base, qop: "auth-int", body: Buffer.from("hello") }),
      md5(`${ha1}:n:00000001:c:auth-int:${md5(`MESSAGE:sip:x@y:${bodyHash}`)}`),
    );
    const sessHa1 = md5(`${ha1}:n:c`);
    assert.equal(
      computeDigest({ ...base, algorithm: "MD5-sess", qop: "auth" }),
      md5(`${sessHa1}:n:00000001:c:auth:${md5("MESSAGE:sip:x@y")}`),
    );
    const sha512 = (s: string) => createHash("sha512-256").update(s).digest("hex");
    assert.equal(
      computeDigest({ ...base, algorithm: "SHA-512-256", qop: "auth" }),
      sha512(`${sha512("u:r:p")}:n:00000001:c:auth:${sha512("MESSAGE:sip:x@y")}`),
    );
  });

  it("throws SIP_ERR_AUTH for an unsupported algorithm or no secret", () => {
    const base = { username: "u", realm: "r", method: "M", uri: "sip:a@b", nonce: "n" };
    assert.throws(
      () => computeDigest({ ...base, password: "p", algorithm: "SHA-1" }),
      (e: unknown) => e instanceof SipError && e.code === "SIP_ERR_AUTH",
    );
    assert.throws(
      () => computeDigest(base),
      (e: unknown) => e instanceof SipError && e.code === "SIP_ERR_AUTH",
    );
  });
});

describe("helpers", () => {
  it("normalizeAlgorithm and formatNonceCount", () => {
    assert.equal(normalizeAlgorithm(undefined), "MD5");
    assert.equal(normalizeAlgorithm("sha-256-SESS"), "SHA-256-sess");
    assert.equal(normalizeAlgorithm("SHA-1"), undefined);
    assert.equal(formatNonceCount(255), "000000ff");
    assert.equal(formatNonceCount("0000000A"), "0000000A");
  });

  it("buildChallenge writes a parseable challenge", () => {
    const value = buildChallenge({
      realm: "example.com",
      nonce: "abc",
      algorithm: "SHA-256",
      opaque: "o",
      stale: true,
    });
    assert.equal(
      value,
      'Digest realm="example.com", nonce="abc", opaque="o", algorithm=SHA-256, qop="auth", stale=true',
    );
    assert.deepEqual(parseAuthParams(buildChallenge({ realm: "r", nonce: "n", qop: null }))?.params, {
      realm: "r",
      nonce: "n",
      algorithm: "MD5",
    });
  });

  it("selectChallenge takes the first supported Digest challenge", () => {
    const sha = 'Digest realm="r", nonce="n", algorithm=SHA-256';
    const md = 'Digest realm="r", nonce="n"';
    assert.equal(
      selectChallenge(['Basic realm="r"', 'Digest realm="r", nonce="n", algorithm=AKAv1-MD5', sha, md]),
      sha,
    );
    assert.equal(selectChallenge([md, sha]), md);
    assert.equal(selectChallenge(['Basic realm="r"']), undefined);
  });
});

describe("buildAuthorization", () => {
  const opts = {
    username: "bob",
    password: "zanzibar",
    method: "REGISTER",
    uri: "sip:biloxi.com",
    cnonce: "0a4f113b",
    nc: 1,
  };

  it("answers a qop=auth challenge and echoes opaque and algorithm", () => {
    const value = buildAuthorization(
      'Digest realm="biloxi.com", qop="auth,auth-int", nonce="dcd98b", opaque="5ccc", algorithm=SHA-256',
      opts,
    );
    const p = parseAuthParams(value);
    assert.equal(p?.scheme, "Digest");
    assert.deepEqual(p?.params, {
      username: "bob",
      realm: "biloxi.com",
      nonce: "dcd98b",
      uri: "sip:biloxi.com",
      response: computeDigest({
        ...opts,
        algorithm: "SHA-256",
        realm: "biloxi.com",
        nonce: "dcd98b",
        qop: "auth",
      }),
      algorithm: "SHA-256",
      cnonce: "0a4f113b",
      qop: "auth",
      nc: "00000001",
      opaque: "5ccc",
    });
    assert.match(value, /, qop=auth, nc=00000001/);
  });

  it("answers a legacy challenge without qop, cnonce or nc", () => {
    const p = parseAuthParams(buildAuthorization('Digest realm="biloxi.com", nonce="n1"', opts))?.params;
    assert.equal(p?.qop, undefined);
    assert.equal(p?.cnonce, undefined);
    assert.equal(p?.response, computeDigest({ ...opts, realm: "biloxi.com", nonce: "n1" }));
    assert.equal(p?.algorithm, "MD5");
  });

  it("uses auth-int when it is the only qop offered, and generates a cnonce", () => {
    const p = parseAuthParams(
      buildAuthorization('Digest realm="r", nonce="n", qop="auth-int"', {
        ...opts,
        cnonce: undefined,
        body: Buffer.from("x"),
      }),
    )?.params;
    assert.equal(p?.qop, "auth-int");
    assert.match(p?.cnonce ?? "", /^[0-9a-f]{32}$/);
  });

  it("throws SIP_ERR_AUTH for what it cannot answer", () => {
    for (const challenge of [
      'Basic realm="r"',
      'Digest nonce="n"',
      'Digest realm="r", nonce="n", algorithm=AKAv1-MD5',
      'Digest realm="r", nonce="n", qop="auth-conf"',
      "garbage =",
    ]) {
      assert.throws(
        () => buildAuthorization(challenge, opts),
        (e: unknown) => e instanceof SipError && e.code === "SIP_ERR_AUTH",
        challenge,
      );
    }
  });
});
