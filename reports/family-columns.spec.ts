import { test } from "node:test";
import assert from "node:assert/strict";
import type { RunInput } from "./coverage";
import { coverageRows } from "./coverage";
import type { CatalogEntry } from "./catalog";
import { familyColumns } from "./family-columns";
import type { ScenarioResult, Verdict } from "./run-results";

const ENTRY: CatalogEntry = {
  id: "MSILO-B-x",
  module: "msilo",
  kind: "B",
  summary: "x",
  source: "s",
  observable: true,
};
const result = (line: number, verdict: Verdict): ScenarioResult => ({
  name: `s${line}`,
  uri: "features/msilo/x.feature",
  line,
  tags: ["@MSILO-B-x"],
  catalogIds: ["MSILO-B-x"],
  verdict,
  durationMs: 1,
  steps: [],
});
const run = (target: string, results: ScenarioResult[], family?: string): RunInput => ({
  target,
  results,
  family,
  pages: new Map(results.map((r) => [`${r.uri}:${r.line}`, `${target}/scenarios/L${r.line}.html`])),
});

test("a family gets one folded column before its instances; a lone run or a lone member stays as it is", () => {
  const columns = familyColumns([
    run("embedded", [result(1, "passed")]),
    run("kamailio", [result(1, "not-applicable")], "kamailio"),
    run("opensips", [result(1, "passed")], "opensips"),
    run("kamailio-store", [result(1, "passed")], "kamailio"),
  ]);
  assert.deepEqual(
    columns.map((c) => [c.target, c.folded ?? false, c.instance ?? false]),
    [
      ["embedded", false, false],
      ["kamailio (2 instances)", true, false],
      ["kamailio", false, true],
      ["opensips", false, false],
      ["kamailio-store", false, true],
    ],
  );
});

test("the folded cell is judged by the instance that ran the scenario, and links to its page", () => {
  const columns = familyColumns([
    run("kamailio", [result(1, "not-applicable"), result(2, "passed")], "kamailio"),
    run("kamailio-store", [result(1, "passed"), result(2, "not-applicable")], "kamailio"),
  ]);
  const folded = columns[0];
  assert.equal(coverageRows([ENTRY], columns)[0].cells[0].verdict, "passed");
  assert.equal(folded.pages?.get("features/msilo/x.feature:1"), "kamailio-store/scenarios/L1.html");
  assert.equal(folded.pages?.get("features/msilo/x.feature:2"), "kamailio/scenarios/L2.html");
});

test("a failure on any instance is the family's verdict; instances do not count as differing columns", () => {
  const columns = familyColumns([
    run("embedded", [result(1, "passed")]),
    run("kamailio", [result(1, "divergence")], "kamailio"),
    run("kamailio-store", [result(1, "failed")], "kamailio"),
  ]);
  const row = coverageRows([ENTRY], columns)[0];
  assert.deepEqual(
    row.cells.map((c) => c.verdict),
    ["passed", "failed", "divergence", "failed"],
  );
  assert.equal(row.differs, true);
  const same = coverageRows(
    [ENTRY],
    familyColumns([
      run("embedded", [result(1, "passed")]),
      run("kamailio", [result(1, "not-applicable")], "kamailio"),
      run("kamailio-store", [result(1, "passed")], "kamailio"),
    ]),
  )[0];
  // embedded passed, the family passed (an instance's n/a is not a difference)
  assert.equal(same.differs, false);
});
