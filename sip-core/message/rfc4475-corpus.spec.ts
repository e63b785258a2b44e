// Every RFC 4475 torture message against corpus/rfc4475/expectations.json.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  parseContactValue,
  parseCSeq,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  type SipMessage,
} from "./index";

interface Expectation {
  section: string;
  verdict: "valid" | "invalid" | "semantic" | "response";
  parseOk: boolean;
  errorCode?: string;
  why: string;
  sha256: string;
}

const DIR = join(__dirname, "corpus", "rfc4475");
const expectations = JSON.parse(readFileSync(join(DIR, "expectations.json"), "utf8")) as Record<
  string,
  Expectation
>;
const files = readdirSync(DIR).filter((f) => f.endsWith(".dat"));

function load(name: string): Buffer {
  return readFileSync(join(DIR, name));
}

function parsedOk(name: string): SipMessage {
  const result = parseMessage(load(name));
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  return result.message;
}

describe("RFC 4475 corpus", () => {
  it("has one expectation per file, and all 50 archive members", () => {
    assert.equal(files.length, 50);
    assert.deepEqual(Object.keys(expectations).sort(), [...files].sort());
  });

  for (const file of files) {
    const exp = expectations[file];
    it(`${file} (§${exp.section}, ${exp.verdict}) ${exp.parseOk ? "parses" : "is rejected"}`, () => {
      const raw = load(file);
      // Byte-exact storage: a rewritten line end would change the hash.
      assert.equal(createHash("sha256").update(raw).digest("hex"), exp.sha256);
      const result = parseMessage(raw);
      if (exp.parseOk) {
        assert.ok(result.ok, result.ok ? "" : result.error.message);
        return;
      }
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, exp.errorCode);
      assert.equal(result.raw, raw);
      // Enough was salvaged to answer: the headers read so far, including the Call-ID.
      assert.ok(result.partial?.headers, "partial headers");
      if (raw.includes("Call-ID:") || raw.includes("\r\ni:"))
        assert.ok(result.partial.headers.get("Call-ID"));
    });
  }

  it("wsinv: folding and LWS everywhere, Max-Forwards 68", () => {
    const m = parsedOk("wsinv.dat");
    const h = m.headers;
    assert.equal(Number(h.get("Max-Forwards")), 68);
    assert.deepEqual(parseCSeq(h.get("CSeq") ?? ""), { seq: 9, method: "INVITE" });
    assert.equal(parseNameAddr(h.get("To") ?? "")?.params.tag, "1918181833n");
    const from = parseNameAddr(h.get("From") ?? "");
    assert.equal(from?.displayName, 'J Rosenberg \\"');
    assert.equal(from?.params.tag, "98asjd8");
    const vias = h.getAll("Via").map((v) => parseVia(v));
    assert.deepEqual(
      vias.map((v) => [v?.transport, v?.host, v?.params.branch]),
      [
        ["UDP", "192.0.2.2", "390skdjuw"],
        ["TCP", "spindle.example.com", "z9hG4bK9ikj8"],
        ["UDP", "192.168.255.111", "z9hG4bK30239"],
      ],
    );
    assert.equal(h.get("Subject"), "");
    assert.equal(h.get("NewFangledHeader"), "newfangled value continued newfangled value");
    const contact = parseContactValue(h.get("Contact") ?? "");
    assert.equal(contact?.displayName, 'Quoted string ""');
    assert.equal(contact?.params.q, "0.33");
    assert.equal(m.body.length, 150);
  });

  it("esc02: unknown method, C%6Fntact is not Contact, exactly 2 Contacts", () => {
    const m = parsedOk("esc02.dat");
    assert.equal(m.type === "request" && m.method, "RE%47IST%45R");
    assert.equal(m.headers.getAll("Contact").length, 2);
    assert.equal(m.headers.get("C%6Fntact"), "<sip:alias2@host2.example.com>");
  });

  it("dblreq: Content-Length 0 wins; the trailing INVITE is ignored", () => {
    const m = parsedOk("dblreq.dat");
    assert.equal(m.type === "request" && m.method, "REGISTER");
    assert.equal(m.body.length, 0);
    assert.equal(m.headers.get("Call-ID"), "dblreq.0ha0isndaksdj99sdfafnl3lk233412");
  });

  it("mpart01: the binary body is exactly 553 octets", () => {
    const raw = load("mpart01.dat");
    const m = parsedOk("mpart01.dat");
    assert.equal(m.body.length, 553);
    assert.ok(m.body.equals(raw.subarray(raw.length - 553)));
    assert.equal(m.headers.get("Content-Type"), "multipart/mixed;boundary=7a9cbec02ceef655");
  });

  it("intmeth: unknown method and odd URIs kept verbatim", () => {
    const m = parsedOk("intmeth.dat");
    assert.ok(m.type === "request");
    assert.equal(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
    assert.equal(
      m.uri,
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
    );
    assert.equal(parseUri(m.uri)?.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assert.equal(parseNameAddr(m.headers.get("To") ?? "")?.displayName, "BEL:\x07 NUL:\x00 DEL:\x7f");
    assert.equal(m.headers.get("extensionHeader-!.%*+_`'~"), "\u{feff}\u5927\u505c\u96fb");
    assert.equal(m.headers.get("Call-ID"), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  });

  it("longreq: long Call-ID, tag and 34 Vias preserved", () => {
    const m = parsedOk("longreq.dat");
    assert.equal(
      m.headers.get("Call-ID"),
      "longreq.onereallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallylongcallid",
    );
    assert.equal(parseNameAddr(m.headers.get("From") ?? "")?.params.tag?.length, 155);
    assert.equal(m.headers.getAll("Via").length, 34);
  });

  it("inv2543: no Content-Length means the rest of the datagram", () => {
    const m = parsedOk("inv2543.dat");
    assert.ok(m.body.toString("latin1").startsWith("v=0\r\n"));
    assert.equal(m.headers.has("Max-Forwards"), false);
  });

  it("cparam01/cparam02: header parameter versus URI parameter", () => {
    const c1 = parseContactValue(parsedOk("cparam01.dat").headers.get("Contact") ?? "");
    assert.equal(c1?.uri, "sip:+19725552222@gw1.example.net");
    assert.equal(c1?.params.unknownparam, null);
    const c2 = parseContactValue(parsedOk("cparam02.dat").headers.get("Contact") ?? "");
    assert.equal(c2?.uri, "sip:+19725552222@gw1.example.net;unknownparam");
    assert.deepEqual(c2?.params, {});
  });

  it("badvers: version error with the headers needed for a 505", () => {
    const result = parseMessage(load("badvers.dat"));
    assert.ok(!result.ok);
    assert.equal(result.error.code, "SIP_ERR_VERSION");
    assert.equal(result.partial?.method, "OPTIONS");
    assert.equal(result.partial?.version, "SIP/7.0");
    for (const name of ["Via", "From", "To", "Call-ID", "CSeq"])
      assert.ok(result.partial?.headers?.has(name), name);
  });

  it("noreason and unreason: empty and UTF-8 reason phrases", () => {
    const none = parsedOk("noreason.dat");
    assert.ok(none.type === "response");
    assert.equal(none.reason, "");
    const utf8 = parsedOk("unreason.dat");
    assert.ok(utf8.type === "response");
    assert.equal(utf8.reason, "= 2**3 * 5**2 но сто девяносто девять - простое");
  });
});
