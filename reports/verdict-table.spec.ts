import { test } from "node:test";
import assert from "node:assert/strict";
import type { CatalogEntry } from "./catalog";
import type { ScenarioResult, Verdict } from "./run-results";
import { verdictTable } from "./verdict-table";

const entry = (id: string, module: string, observable = true): CatalogEntry => ({
  id,
  module,
  kind: id.split("-")[1],
  summary: id,
  source: "doc",
  observable,
  ...(observable ? {} : { note: "script only" }),
});

const run = (ids: string[], verdict: Verdict, reason?: string): ScenarioResult => ({
  name: ids.join(" "),
  steps: [],
  uri: "f.feature",
  line: 1,
  tags: ids.map((i) => `@${i}`),
  catalogIds: ids,
  verdict,
  durationMs: 1,
  ...(reason ? { reason } : {}),
});

const CATALOG = [
  entry("MSILO-F-m_store", "msilo"),
  entry("MSILO-P-sc_x", "msilo"),
  entry("MSILO-F-kemi", "msilo", false),
  entry("REG-F-save", "registrar"),
];

test("folds several runs into one column and explains n/a and divergence cells", () => {
  const table = verdictTable(
    CATALOG,
    [
      { label: "embedded", runs: [{ target: "embedded", results: [run(["MSILO-F-m_store"], "passed")] }] },
      {
        label: "kamailio",
        runs: [
          { target: "kamailio", results: [run(["MSILO-F-m_store"], "not-applicable", "needs mode 0")] },
          { target: "kamailio-x", results: [run(["MSILO-P-sc_x"], "divergence", "columns | swapped")] },
        ],
      },
    ],
    { module: "msilo" },
  );
  const rows = table.trim().split("\n");
  assert.equal(rows[0], "| ID | embedded | kamailio | notes |");
  assert.equal(rows.length, 2 + 3, "registrar entries are filtered out");
  assert.equal(rows[2], "| MSILO-F-m_store | passed | n/a | kamailio: needs mode 0 |");
  assert.equal(rows[3], "| MSILO-P-sc_x | not covered | divergence | kamailio: columns \\| swapped |");
  assert.equal(rows[4], "| MSILO-F-kemi | not observable | not observable | script only |");
});

test("a failure anywhere in a folded column wins and counts passes", () => {
  const table = verdictTable(CATALOG.slice(0, 1), [
    {
      label: "k",
      runs: [
        { target: "a", results: [run(["MSILO-F-m_store"], "passed"), run(["MSILO-F-m_store"], "passed")] },
        { target: "b", results: [run(["MSILO-F-m_store"], "failed")] },
      ],
    },
  ]);
  assert.match(table, /\| MSILO-F-m_store \| FAILED \|/);
  const passing = verdictTable(CATALOG.slice(0, 1), [
    {
      label: "k",
      runs: [
        { target: "a", results: [run(["MSILO-F-m_store"], "passed"), run(["MSILO-F-m_store"], "passed")] },
      ],
    },
  ]);
  assert.match(passing, /\| MSILO-F-m_store \| passed \(2\) \|/);
});
