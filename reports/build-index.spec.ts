import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CatalogEntry } from "./catalog";
import type { ScenarioResult, Verdict } from "./run-results";
import { buildIndex, escapeHtml, renderIndex } from "./build-index";
import { cellVerdict, coverageRows, unknownIds, type RunInput } from "./coverage";

const entry = (id: string, module: string, kind: string, observable = true): CatalogEntry => ({
  id,
  module,
  kind,
  summary: `summary of ${id}`,
  source: "RFC 3261 §10",
  observable,
  ...(observable ? {} : { note: "script only" }),
});

const CATALOG: CatalogEntry[] = [
  entry("REG-F-save", "registrar", "F"),
  entry("REG-P-min_expires", "registrar", "P"),
  entry("REG-F-lookup", "registrar", "F"),
  entry("REG-F-registered", "registrar", "F", false),
  entry("UL-DB-location", "usrloc", "DB"),
  { ...entry("REG-B-query", "registrar", "B"), summary: `<script>alert("x")</script> & 'q'` },
];

let line = 0;
const scenario = (name: string, ids: string[], verdict: Verdict, reason?: string): ScenarioResult => ({
  name,
  steps: [],
  uri: "features/registrar/save.feature",
  line: ++line,
  tags: ids.map((id) => `@${id}`),
  catalogIds: ids,
  verdict,
  durationMs: 1,
  ...(reason !== undefined ? { reason } : {}),
});

function runs(): RunInput[] {
  line = 0;
  const save = scenario("save stores", ["REG-F-save"], "passed");
  const minOk = scenario("min raises", ["REG-P-min_expires"], "passed");
  const minBad = scenario("min 423", ["REG-P-min_expires"], "failed", "expected 200, got <423>");
  const lookup = scenario("lookup forks", ["REG-F-lookup", "REG-X-typo"], "passed");
  const db = scenario("row written", ["UL-DB-location"], "not-applicable", "no DB access");
  const query = scenario(`query <b>"all"</b>`, ["REG-B-query"], "passed");
  return [
    {
      target: "embedded",
      results: [save, minOk, { ...minBad, verdict: "passed" }, lookup, { ...db, verdict: "passed" }, query],
    },
    {
      target: "kamailio",
      results: [
        save,
        minOk,
        minBad,
        { ...lookup, verdict: "divergence", reason: "Kamailio forks & <waits>" },
        db,
      ],
      reportLinks: { html: "kamailio/report.html?a=1&b=2", junit: "kamailio/junit.xml" },
    },
  ];
}

test("cellVerdict: failed beats divergence beats passed beats not-applicable", () => {
  const e = CATALOG[0];
  const s = (v: Verdict) => scenario("s", [e.id], v);
  assert.equal(cellVerdict(e, [s("passed"), s("divergence"), s("failed")]), "failed");
  assert.equal(cellVerdict(e, [s("passed"), s("divergence")]), "divergence");
  assert.equal(cellVerdict(e, [s("not-applicable"), s("passed")]), "passed");
  assert.equal(cellVerdict(e, [s("divergence-not-reproduced")]), "passed");
  assert.equal(cellVerdict(e, [s("not-applicable"), s("not-applicable")]), "not-applicable");
  assert.equal(cellVerdict(e, []), "not-covered");
  assert.equal(cellVerdict(CATALOG[3], []), "not-observable");
});

test("coverage rows: one per entry, one cell per run, differing rows flagged, unknown tags listed", () => {
  const rows = coverageRows(CATALOG, runs());
  assert.deepEqual(
    rows.map((r) => [r.entry.id, r.cells.map((c) => c.verdict), r.differs]),
    [
      ["REG-F-save", ["passed", "passed"], false],
      ["REG-P-min_expires", ["passed", "failed"], true],
      ["REG-F-lookup", ["passed", "divergence"], true],
      ["REG-F-registered", ["not-observable", "not-observable"], false],
      ["UL-DB-location", ["passed", "not-applicable"], true],
      // Scenarios exist for it, kamailio's run left them out: not run there, and no difference.
      ["REG-B-query", ["passed", "not-run"], false],
    ],
  );
  assert.deepEqual(
    rows[1].scenarios.map((s) => s.name),
    ["min raises", "min 423"],
  );
  assert.deepEqual(unknownIds(CATALOG, runs()), ["REG-X-typo"]);
});

function rowHtml(html: string, id: string): string {
  const m = new RegExp(`<tr class="entry" id="${id}"[^]*?</tr>`).exec(html);
  assert.ok(m, `row ${id}`);
  return m[0];
}

test("index.html has a row per entry with a verdict cell per target", () => {
  const html = renderIndex({ catalog: CATALOG, runs: runs(), now: new Date("2025-01-02T03:04:05Z") });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /Run date 2025-01-02T03:04:05.000Z/);
  assert.equal(html.match(/<tr class="entry"/g)?.length, CATALOG.length);
  assert.doesNotMatch(html, /<(link|script) [^>]*(src|href)=/, "no external assets");

  const min = rowHtml(html, "REG-P-min_expires");
  assert.match(min, /data-differ="1"/);
  assert.match(min, /<td class="v v-passed" data-t="0" data-v="passed"/);
  assert.match(
    min,
    /data-t="1" data-v="failed" title="min raises: passed\nmin 423: failed — expected 200, got &#60;423&#62;">failed<small>expected 200, got &#60;423&#62;<\/small>/,
  );
  // scenario names link to the target's Cucumber report when one is given
  assert.match(min, /min 423<\/span> <a href="kamailio\/report.html\?a=1&#38;b=2">kamailio<\/a>/);

  assert.match(
    rowHtml(html, "REG-F-lookup"),
    /data-v="divergence"[^>]*>divergence<small>Kamailio forks &#38; &#60;waits&#62;<\/small>/,
  );
  assert.match(
    rowHtml(html, "UL-DB-location"),
    /data-v="not-applicable"[^>]*>not applicable<small>no DB access<\/small>/,
  );
  assert.match(rowHtml(html, "REG-F-registered"), /data-v="not-observable">not observable<\/td>/);
  assert.match(rowHtml(html, "REG-B-query"), /data-t="1" data-v="not-run">not run here<\/td>/);

  // grouped by module then kind, in catalog order
  const groups = [...html.matchAll(/<tr class="group"><th colspan="5">([^<]*)<\/th>/g)].map((m) => m[1]);
  assert.deepEqual(groups, ["registrar · F", "registrar · P", "registrar · B", "usrloc · DB"]);
  assert.ok(html.indexOf('id="REG-F-registered"') < html.indexOf('id="REG-P-min_expires"'));
});

test("totals per target and per module, report links and filters", () => {
  const html = renderIndex({ catalog: CATALOG, runs: runs() });
  assert.match(
    html,
    /<tr><th>kamailio<\/th><td>2 passed, 1 failed, 2 skipped<\/td><td>1 not applicable, 1 divergences<\/td>/,
  );
  assert.match(html, /<a href="kamailio\/junit.xml">JUnit<\/a>/);
  assert.match(
    html,
    /<tr><th>usrloc<\/th><td>1<\/td><td><span class="v v-passed">1 passed<\/span><\/td><td><span class="v v-not-applicable">1 not applicable<\/span><\/td><\/tr>/,
  );
  assert.match(html, /<tr><th>all<\/th><td>6<\/td>/);
  for (const id of ["f-module", "f-verdict", "f-target", "f-differ"])
    assert.match(html, new RegExp(`id="${id}"`));
  assert.match(html, /<option value="usrloc">usrloc<\/option>/);
  assert.match(html, /<option value="1">kamailio<\/option>/);
  assert.match(html, /Tags that name no catalog entry: <code>REG-X-typo<\/code>/);
});

test("everything from the catalog and the runs is HTML-escaped", () => {
  const html = renderIndex({ catalog: CATALOG, runs: runs(), title: "a <b> & c" });
  assert.match(html, /<title>a &#60;b&#62; &#38; c<\/title>/);
  assert.match(html, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; &#39;q&#39;/);
  assert.match(html, /query &#60;b&#62;&#34;all&#34;&#60;\/b&#62;/);
  assert.equal(html.match(/<script>/g)?.length, 1, "only the inline filter script");
  assert.equal(
    escapeHtml(`<a href="x" onclick='y'>&amp;</a>`),
    "&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;amp;&#60;/a&#62;",
  );
});

test("buildIndex writes the file, creating its directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "siplab-index-"));
  try {
    const outFile = join(dir, "out", "nested", "index.html");
    const { html } = buildIndex({ catalog: CATALOG, runs: runs(), outFile });
    assert.equal(readFileSync(outFile, "utf8"), html);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("links under the title are escaped", () => {
  const html = renderIndex({
    catalog: CATALOG,
    runs: [],
    links: [{ label: "code <coverage>", href: "coverage/index.html?a&b" }],
  });
  assert.match(html, /<a href="coverage\/index.html\?a&#38;b">code &#60;coverage&#62;<\/a>/);
});

test("a verdict cell links to the page of the scenario that decided it", () => {
  const [embedded, kamailio] = runs();
  const failing = kamailio.results.find((r) => r.verdict === "failed")!;
  const pages = new Map(
    kamailio.results.map((r) => [`${r.uri}:${r.line}`, `kamailio/scenarios/L${r.line}.html`]),
  );
  const html = renderIndex({ catalog: CATALOG, runs: [embedded, { ...kamailio, pages }] });
  const row = html.slice(
    html.indexOf('id="REG-P-min_expires"'),
    html.indexOf("</tr>", html.indexOf('id="REG-P-min_expires"')),
  );
  assert.match(
    row,
    new RegExp(`data-v="failed"[^>]*><a href="kamailio/scenarios/L${failing.line}.html">failed</a>`),
  );
  // The embedded run has no pages: its cell is text, its scenario list links nowhere new.
  assert.match(row, /data-t="0" data-v="passed"[^>]*>passed</);
});
