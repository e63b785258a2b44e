import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatVia, MAGIC_COOKIE, newBranch, parseVia } from "./via";

describe("parseVia", () => {
  it("parses sent-protocol, sent-by and params", () => {
    assert.deepEqual(
      parseVia("SIP/2.0/UDP pc33.atlanta.com:5060;branch=z9hG4bK776asdhds;rport;received=192.0.2.1"),
      {
        protocol: "SIP/2.0",
        transport: "UDP",
        host: "pc33.atlanta.com",
        port: 5060,
        params: { branch: "z9hG4bK776asdhds", rport: null, received: "192.0.2.1" },
      },
    );
  });

  it("allows LWS around slashes, colon and semicolons (RFC 4475 §3.1.1.1)", () => {
    assert.deepEqual(
      parseVia("SIP  / 2.0  / tcp     spindle.example.com   :  5061 ;  branch  =   z9hG4bK9ikj8"),
      {
        protocol: "SIP/2.0",
        transport: "TCP",
        host: "spindle.example.com",
        port: 5061,
        params: { branch: "z9hG4bK9ikj8" },
      },
    );
  });

  it("accepts IPv6 and unknown transports", () => {
    const v6 = parseVia("SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKv6");
    assert.equal(v6?.host, "[2001:db8::9]");
    assert.equal(v6?.port, 5060);
    assert.equal(parseVia("SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en")?.transport, "UNKNOWN");
    assert.equal(parseVia("SIP/2.0/UDP iftgw.example.com")?.params.branch, undefined);
  });

  it("rejects malformed values", () => {
    for (const bad of [
      "SIP/2.0/UDP 192.0.2.15;;",
      ";",
      "",
      "SIP/2.0 host",
      "SIP/2.0/UDP",
      "SIP/2.0/UDP host:70000",
      "SIP/2.0/UDP host:port",
      "SIP/2.0/UDP ho st",
      "SIP/2.0/UDP [2001",
      'SIP/2.0/UDP host;branch="open',
    ]) {
      assert.equal(parseVia(bad), undefined, bad);
    }
  });
});

describe("formatVia and newBranch", () => {
  it("formats what it parsed", () => {
    const text = "SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKabc;rport=5060;received=192.0.2.1";
    const via = parseVia(text);
    assert.ok(via);
    assert.equal(formatVia(via), text);
    assert.equal(
      formatVia({ protocol: "SIP/2.0", transport: "UDP", host: "h", params: {} }),
      "SIP/2.0/UDP h",
    );
  });

  it("makes unique branches with the magic cookie", () => {
    const a = newBranch();
    const b = newBranch();
    assert.ok(a.startsWith(MAGIC_COOKIE));
    assert.ok(a.length >= MAGIC_COOKIE.length + 16);
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9]+$/);
  });
});
