import { test } from "node:test";
import assert from "node:assert/strict";
import type { CatalogEntry } from "../catalog";
import type { ScenarioCapture } from "../capture/capture-file";
import type { ScenarioResult } from "../run-results";
import { INLINE_RAW_LIMIT, readableRaw } from "./raw-message";
import { renderScenarioPage } from "./render-scenario-page";

const ENTRY: CatalogEntry = {
  id: "MSILO-B-dump-2xx-delete",
  module: "msilo",
  kind: "B",
  summary: "A row goes only after a 2xx",
  source: "msilo 5.6 §1",
  observable: true,
};

const RESULT: ScenarioResult = {
  name: "a 480 keeps the row",
  uri: "features/msilo/dump.feature",
  line: 12,
  tags: ["@MSILO-B-dump-2xx-delete", "@wip"],
  catalogIds: ["MSILO-B-dump-2xx-delete"],
  verdict: "failed",
  reason: "expected 1 row, got 0",
  durationMs: 30,
  attemptId: "a1",
  steps: [
    { keyword: "", text: "Before hook", hook: true, status: "PASSED" },
    {
      pickleStepId: "p1",
      keyword: "Given ",
      text: "bob registers",
      hook: false,
      status: "PASSED",
      startMs: 0,
      endMs: 5,
    },
    {
      pickleStepId: "p2",
      keyword: "Then ",
      text: "the silo table has 1 row",
      hook: false,
      status: "FAILED",
      startMs: 5,
      endMs: 6,
      message: "expected 1 row, got 0",
    },
  ],
};

const request = (extra = "") =>
  Buffer.from(
    `REGISTER sip:example.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:4000;branch=z9hG4bK1\r\nCSeq: 1 REGISTER\r\nCall-ID: c1\r\nContent-Length: ${extra.length}\r\n\r\n${extra}`,
  );

const capture = (payloads: Buffer[]): ScenarioCapture => ({
  version: 1,
  server: { address: "127.0.0.1", port: 5060 },
  labels: { "127.0.0.1:5060": "embedded (server)", "127.0.0.1:4000": "bob" },
  packets: payloads.map((payload, index) => ({
    index,
    timestamp: 1 + index,
    transport: "udp",
    src: { address: "127.0.0.1", port: 4000 },
    dst: { address: "127.0.0.1", port: 5060 },
    payload,
  })),
  dbReads: [
    {
      sql: "SELECT * FROM silo WHERE username = ?",
      params: ["bob"],
      rows: [{ id: 1, body: "<hi>" }],
      rowCount: 1,
      timestamp: 5,
    },
  ],
  steps: [{ pickleStepId: "p1", startMs: 0, endMs: 5 }],
});

const page = (c?: ScenarioCapture) =>
  renderScenarioPage({
    target: "embedded",
    result: RESULT,
    capture: c,
    catalog: new Map([[ENTRY.id, ENTRY]]),
    links: { index: "../../index.html", assets: "../assets", pcap: "../pcap/x.pcap" },
    rawHref: (p) => `../messages/x-${p.index}.sip`,
  });

test("the page shows the verdict, links catalog tags to the matrix and highlights the failed step", () => {
  const html = page(capture([request()]));
  assert.match(html, /<span class="badge v-failed" id="verdict">failed<\/span>/);
  assert.match(html, /href="..\/..\/index.html#MSILO-B-dump-2xx-delete"/);
  assert.match(
    html,
    /<li class="s-FAILED"><span class="kw">Then<\/span> the silo table has 1 row.*<pre>expected 1 row, got 0<\/pre>/,
  );
  assert.match(html, /<svg[^>]*class="ladder"/);
  assert.match(html, /<details class="msg" id="msg-0">/);
  assert.match(html, /href="..\/pcap\/x.pcap" download/);
  assert.match(html, /<td>&#60;hi&#62;<\/td>/);
  // Styles and script are linked once per target, and the ladder does not repeat them.
  assert.match(html, /<link rel="stylesheet" href="..\/assets\/scenario.css">/);
  assert.match(html, /<script src="..\/assets\/scenario.js"><\/script>/);
  assert.doesNotMatch(html, /<style>/);
});

test("hostile bytes are escaped and control characters shown, never raw", () => {
  const html = page(capture([request(`<script>alert(1)</script>\u0000"'`)]));
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;\\x00&#34;&#39;/);
});

test("control bytes from the wire or the DB never reach the page raw (NUL in a stored body)", () => {
  const c = capture([request("a\u0000b")]);
  c.dbReads[0].rows[0].body = "it's \u0000after a NUL\r\n\u0007";
  const html = renderScenarioPage({
    target: "embedded",
    result: { ...RESULT, reason: "got \u0000", steps: [{ ...RESULT.steps[2], message: "body \u0001" }] },
    capture: c,
    catalog: new Map(),
    links: { index: "../../index.html", assets: "../assets" },
  });
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(html, /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
  assert.match(html, /\\x00after a NUL/);
});

test("a message longer than the inline limit is cut and linked whole", () => {
  const html = page(capture([request("x".repeat(INLINE_RAW_LIMIT * 2))]));
  assert.match(html, /… \d+ more bytes/);
  assert.match(html, /<a href="..\/messages\/x-0.sip">whole message<\/a>/);
  assert.ok(html.length < INLINE_RAW_LIMIT * 2, `page is ${html.length} bytes`);
});

test("without a capture the page says so instead of drawing an empty ladder", () => {
  const html = page(undefined);
  assert.match(html, /No capture was kept for this run/);
  assert.match(html, /No SIP message was exchanged/);
});

test("readableRaw drops CR before LF and escapes other control bytes", () => {
  assert.deepEqual(readableRaw(Buffer.from("A\r\nB\u0001\r\n")), { text: "A\nB\\x01\n", cut: 0 });
  assert.equal(readableRaw(Buffer.from("abcdef"), 2).cut, 4);
});
