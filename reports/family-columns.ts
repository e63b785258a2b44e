import type { RunInput } from "./coverage";
import type { ScenarioResult, Verdict } from "./run-results";
import { scenarioKey } from "./scenario-slug";

// Which instance's page a folded cell links to for one scenario: the one whose verdict decided it.
const STRENGTH: Record<Verdict, number> = {
  failed: 5,
  divergence: 4,
  passed: 3,
  "divergence-not-reproduced": 2,
  "not-applicable": 1,
};

function fold(family: string, instances: readonly RunInput[]): RunInput {
  const pages = new Map<string, string>();
  const strongest = new Map<string, number>();
  for (const run of instances)
    for (const r of run.results) {
      const key = scenarioKey(r);
      const page = run.pages?.get(key);
      if (page === undefined || (strongest.get(key) ?? 0) >= STRENGTH[r.verdict]) continue;
      strongest.set(key, STRENGTH[r.verdict]);
      pages.set(key, page);
    }
  const results: ScenarioResult[] = instances.flatMap((run) => run.results);
  return { target: `${family} (${instances.length} instances)`, results, pages, folded: true };
}

/**
 * The matrix's columns. Runs of one family (every kamailio-* instance) also get one folded column,
 * placed before them, whose cell is decided as if all their scenarios were one run: an ID that one
 * instance cannot run (not applicable) but another runs is judged by the one that ran it. The
 * instances stay as columns of their own, marked `instance` (the page hides them until asked).
 */
export function familyColumns(runs: readonly RunInput[]): RunInput[] {
  const members = new Map<string, RunInput[]>();
  for (const run of runs)
    if (run.family !== undefined) members.set(run.family, [...(members.get(run.family) ?? []), run]);
  const columns: RunInput[] = [];
  const placed = new Set<string>();
  for (const run of runs) {
    const family = run.family !== undefined ? members.get(run.family) : undefined;
    if (!family || family.length < 2) {
      columns.push(run);
      continue;
    }
    if (!placed.has(run.family!)) {
      placed.add(run.family!);
      columns.push(fold(run.family!, family));
    }
    columns.push({ ...run, instance: true });
  }
  return columns;
}
