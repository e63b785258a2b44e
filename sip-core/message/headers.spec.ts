import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalHeaderName, Headers, isListValued, splitList } from "./headers";

describe("canonicalHeaderName", () => {
  it("expands every compact form", () => {
    const expected: Record<string, string> = {
      i: "Call-ID",
      m: "Contact",
      e: "Content-Encoding",
      l: "Content-Length",
      c: "Content-Type",
      f: "From",
      s: "Subject",
      k: "Supported",
      t: "To",
      v: "Via",
      o: "Event",
      u: "Allow-Events",
      r: "Refer-To",
      b: "Referred-By",
      y: "Identity",
      n: "Identity-Info",
      x: "Session-Expires",
      a: "Accept-Contact",
      j: "Reject-Contact",
      d: "Request-Disposition",
    };
    for (const [short, long] of Object.entries(expected)) {
      assert.equal(canonicalHeaderName(short), long, short);
      assert.equal(canonicalHeaderName(short.toUpperCase()), long, short.toUpperCase());
    }
  });

  it("canonicalises known names case-insensitively and keeps unknown spelling", () => {
    assert.equal(canonicalHeaderName("MaX-fOrWaRdS"), "Max-Forwards");
    assert.equal(canonicalHeaderName("call-id"), "Call-ID");
    assert.equal(canonicalHeaderName("cseq"), "CSeq");
    assert.equal(canonicalHeaderName("www-authenticate"), "WWW-Authenticate");
    assert.equal(canonicalHeaderName("X-Custom-Thing"), "X-Custom-Thing");
    assert.equal(canonicalHeaderName("C%6Fntact"), "C%6Fntact");
  });
});

describe("splitList", () => {
  it("splits at top-level commas only", () => {
    assert.deepEqual(splitList('"Doe, John" <sip:a@b>;x=1, <sip:c@d;p="1,2">, sip:e@f'), [
      '"Doe, John" <sip:a@b>;x=1',
      '<sip:c@d;p="1,2">',
      "sip:e@f",
    ]);
    assert.deepEqual(splitList('"a \\", b" <sip:x@y>, <sip:z@w>'), ['"a \\", b" <sip:x@y>', "<sip:z@w>"]);
    assert.deepEqual(splitList("<sip:a,b@c>"), ["<sip:a,b@c>"]);
  });

  it("keeps empty elements so extraneous separators are visible", () => {
    assert.deepEqual(splitList("a;;,;,,"), ["a;;", ";", "", ""]);
  });
});

describe("Headers", () => {
  it("looks names up case-insensitively and through compact forms", () => {
    const h = new Headers([
      ["v", "SIP/2.0/UDP a;branch=z9hG4bK1"],
      ["CALL-ID", "x@y"],
    ]);
    assert.equal(h.get("Via"), "SIP/2.0/UDP a;branch=z9hG4bK1");
    assert.equal(h.get("i"), "x@y");
    assert.equal(h.has("call-id"), true);
    assert.equal(h.has("Route"), false);
    assert.deepEqual(h.entries(), [
      ["Via", "SIP/2.0/UDP a;branch=z9hG4bK1"],
      ["Call-ID", "x@y"],
    ]);
    assert.equal(h.size, 2);
  });

  it("getAll splits list-valued headers across lines, never inside quotes or <>", () => {
    const h = new Headers([
      ["Contact", '"Doe, John" <sip:a@b>, <sip:c@d>'],
      ["m", "<sip:e@f>"],
      ["Via", "SIP/2.0/UDP a;branch=1 ,SIP/2.0/UDP b;branch=2"],
    ]);
    assert.deepEqual(h.getAll("Contact"), ['"Doe, John" <sip:a@b>', "<sip:c@d>", "<sip:e@f>"]);
    assert.deepEqual(h.getAll("Via"), ["SIP/2.0/UDP a;branch=1", "SIP/2.0/UDP b;branch=2"]);
    assert.equal(h.getFirst("Via"), "SIP/2.0/UDP a;branch=1");
    assert.equal(h.get("Contact"), '"Doe, John" <sip:a@b>, <sip:c@d>');
  });

  it("never splits Date, authentication headers or unknown headers", () => {
    const challenge = 'Digest realm="a.com", nonce="x", qop="auth,auth-int"';
    const h = new Headers([
      ["Date", "Sat, 13 Nov 2010 23:29:00 GMT"],
      ["WWW-Authenticate", challenge],
      ["WWW-Authenticate", 'Digest realm="b", nonce="y"'],
      ["Authorization", 'Digest username="a", realm="b"'],
      ["Proxy-Authenticate", 'Digest realm="c", nonce="z"'],
      ["Proxy-Authorization", 'Digest username="a", realm="c"'],
      ["X-List", "a, b"],
    ]);
    assert.deepEqual(h.getAll("Date"), ["Sat, 13 Nov 2010 23:29:00 GMT"]);
    assert.deepEqual(h.getAll("www-authenticate"), [challenge, 'Digest realm="b", nonce="y"']);
    assert.equal(h.getAll("Authorization").length, 1);
    assert.equal(h.getAll("Proxy-Authenticate").length, 1);
    assert.equal(h.getAll("Proxy-Authorization").length, 1);
    assert.deepEqual(h.getAll("X-List"), ["a, b"]);
    assert.equal(isListValued("WWW-Authenticate"), false);
    assert.equal(isListValued("Route"), true);
    assert.equal(isListValued("k"), true);
  });

  it("set replaces every line at the position of the first", () => {
    const h = new Headers([
      ["X-A", "1"],
      ["Route", "<sip:r1>"],
      ["X-B", "2"],
      ["Route", "<sip:r2>"],
    ]);
    h.set("route", ["<sip:x>", "<sip:y>"]);
    assert.deepEqual(h.entries(), [
      ["X-A", "1"],
      ["Route", "<sip:x>"],
      ["Route", "<sip:y>"],
      ["X-B", "2"],
    ]);
    h.set("c", "text/plain");
    assert.deepEqual(h.entries().at(-1), ["Content-Type", "text/plain"]);
  });

  it("prepend goes above the first line of that name, or to the top", () => {
    const h = new Headers([
      ["To", "<sip:a@b>"],
      ["Via", "SIP/2.0/UDP old"],
    ]);
    h.prepend("Via", "SIP/2.0/UDP new");
    h.prepend("Record-Route", "<sip:p;lr>");
    h.append("Via", "SIP/2.0/UDP last");
    assert.deepEqual(
      h.entries().map(([n, v]) => `${n}: ${v}`),
      [
        "Record-Route: <sip:p;lr>",
        "To: <sip:a@b>",
        "Via: SIP/2.0/UDP new",
        "Via: SIP/2.0/UDP old",
        "Via: SIP/2.0/UDP last",
      ],
    );
  });

  it("delete removes every line", () => {
    const h = new Headers([
      ["Via", "1"],
      ["Via", "2"],
      ["To", "t"],
    ]);
    assert.equal(h.delete("v"), true);
    assert.equal(h.delete("Via"), false);
    assert.deepEqual(h.entries(), [["To", "t"]]);
  });

  it("removeFirstValue takes one value off a combined line", () => {
    const h = new Headers([
      ["Route", "<sip:a;lr>, <sip:b;lr>"],
      ["Route", "<sip:c;lr>"],
      ["Subject", "hello, world"],
    ]);
    assert.equal(h.removeFirstValue("Route"), "<sip:a;lr>");
    assert.deepEqual(h.getAll("Route"), ["<sip:b;lr>", "<sip:c;lr>"]);
    assert.equal(h.removeFirstValue("Route"), "<sip:b;lr>");
    assert.equal(h.removeFirstValue("Route"), "<sip:c;lr>");
    assert.equal(h.removeFirstValue("Route"), undefined);
    assert.equal(h.has("Route"), false);
    assert.equal(h.removeFirstValue("Subject"), "hello, world");
    assert.equal(h.size, 0);
  });

  it("clone is independent", () => {
    const h = new Headers([["Via", "1"]]);
    const copy = h.clone();
    copy.append("Via", "2");
    h.set("Via", "0");
    assert.deepEqual(h.getAll("Via"), ["0"]);
    assert.deepEqual(copy.getAll("Via"), ["1", "2"]);
    assert.deepEqual(
      [...copy],
      [
        ["Via", "1"],
        ["Via", "2"],
      ],
    );
  });
});
