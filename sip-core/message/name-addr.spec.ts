import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatNameAddr, parseContactValue, parseNameAddr } from "./name-addr";

describe("parseNameAddr", () => {
  it("parses name-addr with quoted display name and header params", () => {
    assert.deepEqual(
      parseNameAddr('"Bob \\"B\\" Smith" <sip:bob@biloxi.com;transport=tcp>;tag=a6c85cf;x="1;2"'),
      {
        displayName: 'Bob "B" Smith',
        uri: "sip:bob@biloxi.com;transport=tcp",
        params: { tag: "a6c85cf", x: '"1;2"' },
      },
    );
  });

  it("accepts token display names, with or without LWS before <", () => {
    assert.deepEqual(parseNameAddr("A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe"), {
      displayName: "A. Bell",
      uri: "sip:a.g.bell@example.com",
      params: { tag: "qweoiqpe" },
    });
    assert.equal(parseNameAddr("caller<sip:caller@example.com>;tag=323")?.displayName, "caller");
    assert.deepEqual(parseNameAddr("<sip:x@y>"), { uri: "sip:x@y", params: {} });
  });

  it("gives addr-spec parameters to the header, not the URI", () => {
    assert.deepEqual(parseNameAddr("sip:+19725552222@gw1.example.net;unknownparam"), {
      uri: "sip:+19725552222@gw1.example.net",
      params: { unknownparam: null },
    });
    assert.deepEqual(parseNameAddr("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n"), {
      uri: "sip:vivekg@chair-dnrc.example.com",
      params: { tag: "1918181833n" },
    });
    assert.equal(parseNameAddr("isbn:2983792873")?.uri, "isbn:2983792873");
  });

  it("rejects malformed values", () => {
    for (const bad of [
      '"Mr. J. User <sip:j.user@example.com>', // unterminated quote (RFC 4475 §3.1.2.6)
      "Bell, Alexander <sip:a.g.bell@example.com>;tag=43", // non-token display name (§3.1.2.15)
      '"Watson, Thomas" < sip:t.watson@example.org >', // LWS inside <> (§3.1.2.14)
      "sip:user@example.com?Route=%3Csip:sip.example.com%3E", // '?' needs <> (§3.1.2.13)
      '"Joe" <sip:joe@example.org>;;;;', // empty params (§3.1.2.1)
      "<sip:a@b",
      "<sip:a@b> junk",
      '"x" sip:a@b',
      "",
      "<>",
      "<*>",
    ]) {
      assert.equal(parseNameAddr(bad), undefined, bad);
    }
  });
});

describe("formatNameAddr", () => {
  it("always brackets and quotes the display name", () => {
    assert.equal(
      formatNameAddr({ displayName: 'A "B"', uri: "sip:a@b;lr", params: { tag: "1", lr: null } }),
      '"A \\"B\\"" <sip:a@b;lr>;tag=1;lr',
    );
    assert.equal(formatNameAddr({ uri: "sip:a@b", params: {} }), "<sip:a@b>");
    const again = parseNameAddr(
      formatNameAddr({ displayName: "Zoë \\ x", uri: "sip:z@b", params: { q: "0.5" } }),
    );
    assert.deepEqual(again, { displayName: "Zoë \\ x", uri: "sip:z@b", params: { q: "0.5" } });
  });
});

describe("parseContactValue", () => {
  it("recognises the wildcard", () => {
    assert.deepEqual(parseContactValue(" * "), { star: true, uri: "*", params: {} });
    assert.deepEqual(parseContactValue("<sip:a@b>;expires=60"), {
      star: false,
      uri: "sip:a@b",
      params: { expires: "60" },
    });
    assert.equal(parseContactValue("*;q=1"), undefined);
  });
});
