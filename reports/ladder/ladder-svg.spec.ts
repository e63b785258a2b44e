import { test } from "node:test";
import assert from "node:assert/strict";
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { buildLadderModel, type LadderModel, type LadderStep } from "./ladder-model";
import { cleanText, escapeXml, LADDER_CSS, renderLadderSvg } from "./ladder-svg";
import { ALICE, BOB, packet, request, response, SERVER, T0 } from "./test-fixtures";

/** Parses strictly: any xmldom warning or error fails the test. */
function parseSvg(svg: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`xmldom ${level}: ${message}`);
    },
  });
  const doc = parser.parseFromString(svg, "image/svg+xml");
  assert.equal(doc.documentElement?.nodeName, "svg");
  return doc;
}

const byTag = (doc: Document, tag: string): Element[] => Array.from(doc.getElementsByTagName(tag));
const classes = (e: Element): string[] => (e.getAttribute("class") ?? "").split(" ");

/** Characters XML 1.0 forbids even as references (controls but TAB/LF/CR, lone surrogates, U+FFFE/F). */
function xmlForbidden(text: string): string[] {
  return Array.from(text).filter((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return (
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe
    );
  });
}

const STEPS: LadderStep[] = [
  { keyword: "Given ", text: "alice is registered", startMs: T0, endMs: T0 + 100, status: "PASSED" },
  {
    keyword: "When ",
    text: "alice sends a MESSAGE to bob",
    startMs: T0 + 100,
    endMs: T0 + 200,
    status: "FAILED",
  },
  { keyword: "Then ", text: "bob receives it", startMs: T0 + 200, endMs: T0 + 300, status: "SKIPPED" },
];

function scenario(): LadderModel {
  return buildLadderModel({
    packets: [
      packet(ALICE, SERVER, request("REGISTER", 1, "z9hG4bKr", "sip:example.com"), 10),
      packet(SERVER, ALICE, response(200, "OK", "REGISTER", 1, "z9hG4bKr"), 12),
      packet(ALICE, SERVER, request("MESSAGE", 2, "z9hG4bKm"), 110, "tcp"),
      packet(ALICE, SERVER, request("MESSAGE", 2, "z9hG4bKm"), 150, "tcp"),
      packet(SERVER, BOB, request("MESSAGE", 1, "z9hG4bKs"), 160),
      packet(BOB, SERVER, response(486, "Busy Here", "MESSAGE", 1, "z9hG4bKs"), 170),
      packet(SERVER, SERVER, request("OPTIONS", 9, "z9hG4bKself"), 180),
      packet(SERVER, ALICE, response(100, "Trying", "MESSAGE", 2, "z9hG4bKm"), 250),
    ],
    labels: { "127.0.0.1:5060": "server under test", "127.0.0.1:40001": "alice" },
    order: ["127.0.0.1:5060"],
    steps: STEPS,
  });
}

test("renders one linked, classed arrow per packet in a well-formed, accessible SVG", () => {
  const model = scenario();
  const svg = renderLadderSvg(model, { title: "REG-F-save" });
  const doc = parseSvg(svg);
  const root = doc.documentElement as Element;
  assert.equal(root.getAttribute("class"), "ladder");
  assert.equal(root.getAttribute("role"), "img");
  assert.match(root.getAttribute("viewBox") ?? "", /^0 0 \d+ \d+$/);
  assert.match(
    root.getAttribute("aria-label") ?? "",
    /^REG-F-save: 8 SIP messages between 3 endpoints, step failed/,
  );
  assert.equal(byTag(doc, "script").length, 0);
  const links = byTag(doc, "a");
  assert.equal(links.length, 8);
  assert.deepEqual(
    links.map((a) => a.getAttribute("href")),
    model.arrows.map((a) => `#msg-${a.index}`),
  );
  assert.deepEqual(
    links.map((a) => classes(a).slice(1).join(" ")),
    [
      "request",
      "response s2",
      "request",
      "request retransmission",
      "request",
      "response s4",
      "request",
      "response s1",
    ],
  );
  for (const a of links) assert.equal(a.getElementsByTagName("title").length, 1);
  assert.match(
    links[0].getElementsByTagName("title")[0].textContent ?? "",
    /CSeq 1 REGISTER · udp · \d+ bytes/,
  );
  assert.match(svg, /\+110 ms <tspan class="l-tp">tcp<\/tspan>/);
  assert.match(svg, /<tspan class="l-rt"> retransmission<\/tspan>/);
});

test("steps: separators for steps with packets, a red band and marker for the failed step", () => {
  const doc = parseSvg(renderLadderSvg(scenario()));
  const steps = byTag(doc, "g").filter((g) => classes(g).includes("step"));
  assert.deepEqual(
    steps.map((g) => g.getElementsByTagName("title")[0].textContent),
    ["Given alice is registered", "When alice sends a MESSAGE to bob", "Then bob receives it (skipped)"],
  );
  assert.ok(classes(steps[1]).includes("failed-step"));
  const marker = byTag(doc, "text").find((t) => (t.textContent ?? "").startsWith("✗ step failed"));
  assert.equal(marker?.textContent, "✗ step failed: When alice sends a MESSAGE to bob");
  // The marker follows the failed step's last packet (the self OPTIONS) and precedes the next step's.
  const y = (e: Element | undefined): number => Number(e?.getAttribute("y"));
  const rowOf = (i: number): number => y(byTag(doc, "a")[i].getElementsByTagName("text")[0]);
  assert.ok(rowOf(6) < y(marker) && y(marker) < rowOf(7));
  assert.equal(byTag(doc, "rect").filter((r) => classes(r).includes("failed-step")).length, 1);
});

test("a failed step without packets still gets its separator and marker where it ended", () => {
  const model = buildLadderModel({
    packets: [
      packet(ALICE, SERVER, request("REGISTER", 1, "z9hG4bK1"), 50),
      packet(ALICE, SERVER, request("REGISTER", 2, "z9hG4bK2"), 250),
    ],
    labels: {},
    steps: [STEPS[0], { ...STEPS[1], text: "nothing was sent" }, { ...STEPS[2], status: "PASSED" }],
  });
  const svg = renderLadderSvg(model);
  parseSvg(svg);
  const order = [
    "#msg-",
    "When nothing was sent",
    "✗ step failed: When nothing was sent",
    "Then bob receives it",
  ];
  const at: number[] = [];
  for (const s of order) at.push(svg.indexOf(s, at.length === 0 ? 0 : at[at.length - 1] + 1));
  assert.ok(
    at.every((p, i) => p !== -1 && (i === 0 || p > at[i - 1])),
    `order ${at.join(",")}`,
  );
});

test("hostile payloads, labels and step texts cannot break out of the SVG", () => {
  const evil = `"><script>alert(1)</script><x a='&\u0000\u0007\u001b\ufffe\ud800\u202e`;
  const invalidUtf8Method = Buffer.concat([
    Buffer.from("INV"),
    Buffer.from([0xc3, 0x28, 0x00, 0xff]),
    Buffer.from(' sip:"x"@h SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n'),
  ]);
  const model = buildLadderModel({
    packets: [
      packet(ALICE, SERVER, invalidUtf8Method, 1),
      packet(SERVER, ALICE, response(200, `<b>"O'K"</b> & ]]>`, "INVITE", 1, "z9hG4bKx"), 2),
      packet(ALICE, BOB, Buffer.from([0, 1, 2, 0xfe, 0xff]), 3),
    ],
    labels: { "127.0.0.1:5060": evil },
    steps: [{ keyword: evil, text: evil, startMs: T0, endMs: T0 + 10, status: "FAILED" }],
  });
  // The model keeps raw text; forge the worst labels straight into it as well.
  model.arrows[0].label = evil;
  model.arrows[2].detail = evil;
  const svg = renderLadderSvg(model, { title: evil, anchorPrefix: `x"'<` });
  assert.deepEqual(xmlForbidden(svg), []);
  const doc = parseSvg(svg);
  assert.equal(byTag(doc, "script").length, 0);
  assert.equal(byTag(doc, "x").length, 0);
  assert.equal(byTag(doc, "a").length, 3);
  assert.equal(byTag(doc, "a")[0].getAttribute("href"), `#x"'<${model.arrows[0].index}`);
  assert.ok(svg.includes("&#60;b&#62;&#34;O&#39;K&#34;&#60;/b&#62; &#38; ]]&#62;"));
  const text = doc.documentElement?.textContent ?? "";
  assert.ok(!text.includes("\u202e") && !text.includes("\u0000") && text.includes("alert(1)"));
});

test("cleanText and escapeXml", () => {
  assert.equal(cleanText("a\tb\r\nc\u0000\u0085\u202e\ud800d😀"), "a b  cd😀");
  assert.equal(escapeXml(`<a href="x">&'`), "&#60;a href=&#34;x&#34;&#62;&#38;&#39;");
});

test("no packets: a small SVG saying so (with the failed step, if any)", () => {
  const empty = renderLadderSvg(buildLadderModel({ packets: [], labels: {} }));
  const doc = parseSvg(empty);
  assert.ok(classes(doc.documentElement as Element).includes("ladder"));
  assert.match(doc.documentElement?.textContent ?? "", /no SIP messages were exchanged/);
  assert.equal(byTag(doc, "a").length, 0);
  assert.ok(empty.length < 3000);
  const failed = renderLadderSvg(buildLadderModel({ packets: [], labels: {}, steps: STEPS }));
  assert.match(parseSvg(failed).documentElement?.textContent ?? "", /✗ step failed: When alice sends/);
});

test("1,000 packets (a message-store dump) stay well under 1 MB", () => {
  const packets = [];
  for (let i = 0; i < 500; i++) {
    packets.push(packet(SERVER, BOB, request("MESSAGE", i + 1, `z9hG4bKd${i}`), i * 2));
    packets.push(packet(BOB, SERVER, response(200, "OK", "MESSAGE", i + 1, `z9hG4bKd${i}`), i * 2 + 1));
  }
  const model = buildLadderModel({
    packets,
    labels: { "127.0.0.1:5060": "server under test" },
    steps: STEPS,
  });
  const svg = renderLadderSvg(model);
  const doc = parseSvg(svg);
  assert.equal(byTag(doc, "a").length, 1000);
  assert.ok(Buffer.byteLength(svg) < 600_000, `${Buffer.byteLength(svg)} bytes`);
});

test("inlineStyle false leaves the <style> to a page that links LADDER_CSS once", () => {
  const inline = renderLadderSvg(scenario());
  const linked = renderLadderSvg(scenario(), { inlineStyle: false });
  assert.equal(byTag(parseSvg(inline), "style").length, 1);
  assert.equal(byTag(parseSvg(linked), "style").length, 0);
  assert.equal(linked.length, inline.length - `<style>${LADDER_CSS}</style>`.length);
  assert.doesNotMatch(
    renderLadderSvg(buildLadderModel({ packets: [], labels: {} }), { inlineStyle: false }),
    /<style>/,
  );
});
