import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMessage } from "./parse";
import type { ParseResult, SipMessage } from "./message";

const BASE = [
  "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds",
  "Max-Forwards: 70",
  "To: <sip:bob@example.com>",
  "From: Alice <sip:alice@example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710",
];

function request(lines: string[], body = "", startLine = "OPTIONS sip:bob@example.com SIP/2.0"): Buffer {
  return Buffer.from([startLine, ...lines].join("\r\n") + "\r\n\r\n" + body, "utf8");
}

function ok(data: Buffer): SipMessage {
  const r = parseMessage(data);
  assert.ok(r.ok, r.ok ? "" : r.error.message);
  return r.message;
}

function failed(data: Buffer, code = "SIP_ERR_PARSE"): Extract<ParseResult, { ok: false }> {
  const r = parseMessage(data);
  assert.equal(r.ok, false, "expected a parse error");
  assert.ok(!r.ok);
  assert.equal(r.error.code, code, r.error.message);
  assert.equal(r.raw, data);
  return r;
}

describe("parseMessage: requests and responses", () => {
  it("parses a request", () => {
    const m = ok(request([...BASE, "CSeq: 1 OPTIONS", "Content-Length: 0"]));
    assert.equal(m.type, "request");
    assert.ok(m.type === "request");
    assert.equal(m.method, "OPTIONS");
    assert.equal(m.uri, "sip:bob@example.com");
    assert.equal(m.version, "SIP/2.0");
    assert.equal(m.headers.get("call-id"), "a84b4c76e66710");
    assert.equal(m.body.length, 0);
  });

  it("parses a response with a reason phrase containing spaces, or none", () => {
    const lines = [...BASE, "CSeq: 1 INVITE", "Content-Length: 0"];
    const m = ok(request(lines, "", "SIP/2.0 183 Session Progress"));
    assert.ok(m.type === "response");
    assert.equal(m.status, 183);
    assert.equal(m.reason, "Session Progress");
    const bare = ok(request(lines, "", "SIP/2.0 200"));
    assert.ok(bare.type === "response");
    assert.equal(bare.reason, "");
  });

  it("accepts status codes 100-699 only, as exactly 3 digits", () => {
    const lines = [...BASE, "CSeq: 1 INVITE"];
    for (const code of ["100", "699", "200"]) ok(request(lines, "", `SIP/2.0 ${code} X`));
    for (const code of ["99", "099", "700", "1000", "2000", "4294967301", "20x", "abc", ""]) {
      failed(request(lines, "", `SIP/2.0 ${code} X`));
    }
  });

  it("treats the SIP-Version case-insensitively and rejects other versions with SIP_ERR_VERSION", () => {
    const lines = [...BASE, "CSeq: 1 OPTIONS"];
    assert.equal(ok(request(lines, "", "OPTIONS sip:a@b sip/2.0")).version, "SIP/2.0");
    const r = failed(request(lines, "", "OPTIONS sip:a@b SIP/3.0"), "SIP_ERR_VERSION");
    assert.equal(r.partial?.method, "OPTIONS");
    assert.equal(r.partial?.uri, "sip:a@b");
    assert.equal(r.partial?.headers?.get("Call-ID"), "a84b4c76e66710");
    failed(request(lines, "", "SIP/1.0 200 OK"), "SIP_ERR_VERSION");
    failed(request(lines, "", "OPTIONS sip:a@b HTTP/1.1"));
    failed(request(lines, "", "OPTIONS sip:a@b SIP/2.0x"));
  });

  it("rejects malformed request lines", () => {
    const lines = [...BASE, "CSeq: 1 OPTIONS"];
    for (const start of [
      "OPTIONS <sip:a@b> SIP/2.0",
      "OPTIONS sip:a@b; lr SIP/2.0",
      "OPTIONS  sip:a@b SIP/2.0",
      "OPTIONS sip:a@b SIP/2.0 ",
      "OPTIONS sip:a@b",
      "OPTIONS",
      "OPT<IONS sip:a@b SIP/2.0",
      "OPTIONS a@b SIP/2.0",
      "OPTIONS sip:host:99999 SIP/2.0",
    ]) {
      const r = failed(request(lines, "", start));
      assert.ok(r.partial?.headers?.has("Via"), start);
    }
  });

  it("keeps an unknown-scheme Request-URI and unknown methods verbatim", () => {
    const m = ok(request([...BASE, "CSeq: 1 FOO%41"], "", "FOO%41 urn:x-odd:thing SIP/2.0"));
    assert.ok(m.type === "request");
    assert.equal(m.method, "FOO%41");
    assert.equal(m.uri, "urn:x-odd:thing");
  });
});

describe("parseMessage: header section", () => {
  it("unfolds continuation lines, trims LWS around the colon, expands compact names", () => {
    const m = ok(
      request([
        "v  :  SIP/2.0/UDP a.example.com",
        "  ;branch=z9hG4bK1",
        "MAX-FORWARDS: 0068",
        "t:",
        "\t<sip:bob@example.com>",
        "f: <sip:alice@example.com>;tag=1",
        "i: abc",
        "CSeq: 0009",
        "  OPTIONS",
        "X-Note: one",
        " two",
        "l: 0",
      ]),
    );
    assert.equal(m.headers.get("Via"), "SIP/2.0/UDP a.example.com ;branch=z9hG4bK1");
    assert.equal(m.headers.get("Max-Forwards"), "0068");
    assert.equal(m.headers.get("To"), "<sip:bob@example.com>");
    assert.equal(m.headers.get("CSeq"), "0009 OPTIONS");
    assert.equal(m.headers.get("X-Note"), "one two");
    assert.deepEqual(
      m.headers.entries().map(([n]) => n),
      ["Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "X-Note", "Content-Length"],
    );
  });

  it("tolerates bare LF line ends, leading CRLFs and a missing empty line", () => {
    const lf = Buffer.from(["OPTIONS sip:a@b SIP/2.0", ...BASE, "CSeq: 1 OPTIONS", "", ""].join("\n"));
    assert.equal(ok(lf).headers.get("CSeq"), "1 OPTIONS");
    const leading = Buffer.concat([Buffer.from("\r\n\r\n"), request([...BASE, "CSeq: 1 OPTIONS"])]);
    assert.equal(ok(leading).headers.get("Call-ID"), "a84b4c76e66710");
    const open = Buffer.from(["OPTIONS sip:a@b SIP/2.0", ...BASE, "CSeq: 1 OPTIONS", "l: 0"].join("\r\n"));
    const m = ok(open);
    assert.equal(m.body.length, 0);
    assert.equal(m.headers.get("Content-Length"), "0");
  });

  it("reports malformed header lines but keeps the rest in partial", () => {
    for (const bad of ["No colon here", ": empty name", "Bad Name: x", " continuation-first: x"]) {
      const lines = bad.startsWith(" ")
        ? [bad, ...BASE, "CSeq: 1 OPTIONS"]
        : [...BASE, bad, "CSeq: 1 OPTIONS"];
      const r = failed(request(lines));
      assert.equal(r.partial?.headers?.get("CSeq"), "1 OPTIONS", bad);
      assert.equal(r.partial?.isResponse, false);
    }
  });

  it("rejects duplicated single-value headers", () => {
    for (const dup of [
      "Call-ID: other",
      "i: other",
      "From: <sip:x@y>;tag=2",
      "To: <sip:x@y>",
      "CSeq: 2 OPTIONS",
      "Max-Forwards: 5",
      "l: 0",
    ]) {
      const r = failed(request([...BASE, "CSeq: 1 OPTIONS", "Content-Length: 0", dup]));
      assert.match(r.error.message, /duplicate/, dup);
    }
    // Via, Contact and unknown headers may repeat.
    ok(request([...BASE, "Via: SIP/2.0/UDP b;branch=z9hG4bK2", "CSeq: 1 OPTIONS", "X-A: 1", "X-A: 2"]));
  });

  it("requires Via, From, To, Call-ID and CSeq but not Max-Forwards", () => {
    const all = [...BASE, "CSeq: 1 OPTIONS"];
    for (const name of ["Via", "To", "From", "Call-ID", "CSeq"]) {
      const r = failed(request(all.filter((l) => !l.startsWith(name + ":"))));
      assert.match(r.error.message, new RegExp(`missing mandatory header ${name}`));
    }
    ok(request(all.filter((l) => !l.startsWith("Max-Forwards"))));
  });

  it("checks CSeq and Max-Forwards values", () => {
    failed(request([...BASE, "CSeq: 4294967296 OPTIONS"]));
    ok(
      request([...BASE.filter((l) => !l.startsWith("Max")), "Max-Forwards: 255", "CSeq: 4294967295 OPTIONS"]),
    );
    const mismatch = failed(request([...BASE, "CSeq: 1 INVITE"]));
    assert.match(mismatch.error.message, /does not match/);
    failed(request([...BASE, "CSeq: 1 options"]));
    for (const mf of ["256", "-1", "ten", ""]) {
      failed(
        request([...BASE.filter((l) => !l.startsWith("Max")), `Max-Forwards: ${mf}`, "CSeq: 1 OPTIONS"]),
      );
    }
    // A response's CSeq method is whatever the request's was.
    ok(request([...BASE, "CSeq: 1 INVITE"], "", "SIP/2.0 200 OK"));
  });

  it("rejects malformed From, To, Contact and Via values", () => {
    const lines = (extra: string[]) => [
      ...BASE.filter((l) => !/^(To|From|Via):/.test(l)),
      "CSeq: 1 OPTIONS",
      ...extra,
    ];
    const to = "To: <sip:bob@example.com>";
    const from = "From: <sip:alice@example.com>;tag=1";
    const via = "Via: SIP/2.0/UDP a;branch=z9hG4bK1";
    for (const bad of [
      'To: "Mr. J. User <sip:j.user@example.com>',
      'From: "unterminated <sip:a@b>;tag=1',
      'Contact: "open <sip:c@d>',
      "Contact: <sip:c@d>;;;",
      "Contact: *, <sip:c@d>",
      "Contact: ",
      "Via: SIP/2.0/UDP 192.0.2.15;;,;,,",
      "Via: garbage",
    ]) {
      const chosen = [to, from, via].filter((l) => l.split(":")[0] !== bad.split(":")[0]);
      failed(request(lines([...chosen, bad])));
    }
    const m = ok(request(lines([to, from, via, "Contact: *", "Expires: 0"])));
    assert.equal(m.headers.get("Contact"), "*");
  });
});

describe("parseMessage: body and Content-Length", () => {
  it("takes exactly Content-Length octets of a UTF-8 body and ignores the rest", () => {
    const body = "Grüße 世界 👋";
    const octets = Buffer.byteLength(body);
    const m = ok(request([...BASE, "CSeq: 1 OPTIONS", `Content-Length: ${octets}`], body + "JUNK"));
    assert.equal(m.body.toString("utf8"), body);
    assert.equal(m.body.length, octets);
  });

  it("without Content-Length takes the rest of the datagram", () => {
    const m = ok(request([...BASE, "CSeq: 1 OPTIONS"], "v=0\r\n\r\nrest"));
    assert.equal(m.body.toString(), "v=0\r\n\r\nrest");
  });

  it("allows leading zeros but rejects bad, huge, negative, duplicated or short lengths", () => {
    assert.equal(
      ok(request([...BASE, "CSeq: 1 OPTIONS", "Content-Length: 0004"], "abcd")).body.toString(),
      "abcd",
    );
    for (const cl of [
      "-999",
      "99999999999999999999",
      "9007199254740992",
      "12a",
      "1 2",
      "0x10",
      "+5",
      "",
      "1e3",
    ]) {
      const r = failed(request([...BASE, "CSeq: 1 OPTIONS", `Content-Length: ${cl}`], "abcd"));
      assert.ok(r.partial?.headers?.has("CSeq"), cl);
    }
    const short = failed(request([...BASE, "CSeq: 1 OPTIONS", "Content-Length: 9999"], "abcd"));
    assert.match(short.error.message, /exceeds/);
    failed(request([...BASE, "CSeq: 1 OPTIONS", "Content-Length: 4", "l: 4"], "abcd"));
  });
});

describe("parseMessage: robustness", () => {
  it("returns an error for empty and garbage input", () => {
    failed(Buffer.alloc(0));
    failed(Buffer.from("\r\n\r\n"));
    failed(Buffer.from("\x00\x01\x02 garbage"));
    failed(Buffer.from([0xff, 0xfe, 0x0d, 0x0a]));
  });

  it("never throws on random mutations of a valid message", () => {
    const valid = request(
      [...BASE, 'Contact: "A, B" <sip:a@b>;q=0.5', "CSeq: 1 OPTIONS", "Content-Length: 4"],
      "abcd",
    );
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = Buffer.from(' \t\r\n:;,"<>\\=@%0aZ\x00\xff');
    for (let i = 0; i < 3000; i++) {
      const copy = Buffer.from(valid);
      const edits = 1 + rand(6);
      for (let e = 0; e < edits; e++) copy[rand(copy.length)] = alphabet[rand(alphabet.length)];
      const cut = rand(4) === 0 ? copy.subarray(0, rand(copy.length)) : copy;
      const r = parseMessage(cut);
      assert.equal(typeof r.ok, "boolean");
      if (!r.ok) assert.ok(r.error.code === "SIP_ERR_PARSE" || r.error.code === "SIP_ERR_VERSION");
    }
  });

  it("stays linear on large inputs", () => {
    const many = Array.from({ length: 20000 }, (_, i) => `X-H${i}: v`);
    const contacts = `Contact: ${Array.from({ length: 20000 }, (_, i) => `<sip:u${i}@h>`).join(", ")}`;
    const data = request([...BASE, "CSeq: 1 OPTIONS", contacts, ...many]);
    const started = performance.now();
    const m = ok(data);
    assert.equal(m.headers.getAll("Contact").length, 20000);
    // Quadratic work on ~1 MB would take minutes; linear work takes milliseconds.
    assert.ok(performance.now() - started < 5000);
  });
});
