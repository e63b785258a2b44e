import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { aorOf, formatUri, normalizeEscapes, parseUri, uriEquals } from "./uri";

describe("parseUri", () => {
  it("parses every SIP URI component", () => {
    assert.deepEqual(
      parseUri(
        "sips:alice:secret@Atlanta.example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent",
      ),
      {
        scheme: "sips",
        user: "alice",
        password: "secret",
        host: "Atlanta.example.com",
        port: 5061,
        params: { transport: "tcp", lr: null },
        headers: { subject: "project%20x", priority: "urgent" },
      },
    );
  });

  it("handles hosts without user, IPv6 references and ';' in the user part", () => {
    assert.deepEqual(parseUri("sip:[2001:db8::10]:5070"), {
      scheme: "sip",
      host: "[2001:db8::10]",
      port: 5070,
      params: {},
      headers: {},
    });
    const semi = parseUri("sip:user;par=u%40example.net@example.com");
    assert.equal(semi?.user, "user;par=u%40example.net");
    assert.equal(semi?.host, "example.com");
    assert.deepEqual(semi?.params, {});
  });

  it("keeps other schemes opaque", () => {
    assert.deepEqual(parseUri("tel:+1-201-555-0123;phone-context=example.com"), {
      scheme: "tel",
      host: "",
      params: {},
      headers: {},
      opaque: "+1-201-555-0123;phone-context=example.com",
    });
    assert.equal(parseUri("nobodyKnowsThisScheme:totallyopaquecontent")?.opaque, "totallyopaquecontent");
    assert.equal(parseUri("soap.beep://192.0.2.103:3002")?.scheme, "soap.beep");
  });

  it("rejects malformed URIs", () => {
    for (const bad of [
      "",
      "sip:",
      "no-scheme",
      "<sip:a@b>",
      "sip:a@b c",
      "sip:@host",
      "sip:user@",
      "sip:host:99999",
      "sip:host:abc",
      "sip:[::1",
      "sip:ho st",
    ]) {
      assert.equal(parseUri(bad), undefined, bad);
    }
  });
});

describe("formatUri", () => {
  it("round-trips", () => {
    for (const text of [
      "sip:alice@atlanta.example.com",
      "sips:alice:pw@host:5061;transport=tcp;lr?to=sip:bob%40b.com&x=1",
      "sip:[2001:db8::1]:5060;maddr=239.255.255.1",
      "tel:+15551234567",
    ]) {
      const uri = parseUri(text);
      assert.ok(uri, text);
      assert.equal(formatUri(uri), text);
    }
  });
});

describe("uriEquals (RFC 3261 §19.1.4 examples)", () => {
  it("equal pairs", () => {
    const pairs: [string, string][] = [
      ["sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"],
      ["sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"],
      ["sip:carol@chicago.com", "sip:carol@chicago.com;security=on"],
      ["sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"],
      [
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
        "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
      ],
      [
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:alice@atlanta.com?priority=urgent&subject=project%20x",
      ],
    ];
    for (const [a, b] of pairs) {
      assert.equal(uriEquals(a, b), true, `${a} == ${b}`);
      assert.equal(uriEquals(b, a), true, `${b} == ${a}`);
    }
  });

  it("unequal pairs", () => {
    const pairs: [string, string][] = [
      ["SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"],
      ["sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"],
      ["sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"],
      ["sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"],
      ["sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"],
      ["sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"],
      ["sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"],
      ["sip:a@b", "sips:a@b"],
      ["sip:a@b", "not a uri"],
    ];
    for (const [a, b] of pairs) assert.equal(uriEquals(a, b), false, `${a} != ${b}`);
  });

  it("compares opaque URIs after escape normalisation", () => {
    assert.equal(uriEquals("tel:+1%32", "TEL:+12"), true);
    assert.equal(uriEquals("tel:+1", "tel:+2"), false);
  });
});

describe("aorOf and normalizeEscapes", () => {
  it("builds user@host with a lower-cased host and no params", () => {
    const uri = parseUri("sip:Alice@Atlanta.Example.COM:5060;transport=tcp?x=y");
    assert.ok(uri);
    assert.equal(aorOf(uri), "Alice@atlanta.example.com");
    const esc = parseUri("sip:%75se%72@example.com");
    assert.ok(esc);
    assert.equal(aorOf(esc), "user@example.com");
    const nul = parseUri("sip:null-%00-null@example.com");
    assert.ok(nul);
    assert.equal(aorOf(nul), "null-%00-null@example.com");
    const hostOnly = parseUri("sip:Example.com");
    assert.ok(hostOnly);
    assert.equal(aorOf(hostOnly), "example.com");
    const tel = parseUri("tel:+15551234567");
    assert.ok(tel);
    assert.equal(aorOf(tel), "tel:+15551234567");
  });

  it("unescapes unreserved characters only and upper-cases the rest", () => {
    assert.equal(normalizeEscapes("%61%2a%40%3c%25"), "a*%40%3C%25");
    // RFC 4475 §3.1.1.3: no recursive unescaping.
    assert.equal(normalizeEscapes("v%61lue%25%34%31"), "value%2541");
  });
});
