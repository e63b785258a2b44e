import type { CatalogEntry } from "./catalog";
import type { ScenarioResult } from "./run-results";
import { scenarioKey } from "./scenario-slug";

/** What the matrix shows for one catalog entry on one target. */
export type CellVerdict =
  "passed" | "failed" | "divergence" | "not-applicable" | "not-run" | "not-covered" | "not-observable";

export interface RunInput {
  target: string;
  results: ScenarioResult[];
  reportLinks?: { html?: string; junit?: string };
  /** Each scenario's page, relative to index.html, by "uri:line". */
  pages?: ReadonlyMap<string, string>;
  /** Servers of one family (the kamailio-* instances) get a folded column too. */
  family?: string;
  /** A column made of a family's runs (reports/family-columns.ts), not a run of its own. */
  folded?: boolean;
  /** One run of a family that also has a folded column. */
  instance?: boolean;
}

export interface CoverageCell {
  verdict: CellVerdict;
  /** The scenarios behind the verdict, with their own verdict and reason. */
  scenarios: ScenarioResult[];
}

export interface CoverageRow {
  entry: CatalogEntry;
  /** One per run, in run order. */
  cells: CoverageCell[];
  /** Scenario names tagged with the ID in any run (feature file and line make them unique). */
  scenarios: Array<{ name: string; uri: string; line: number }>;
  /** True when the targets do not all agree. */
  differs: boolean;
}

/**
 * Folds the scenarios tagged with one ID into a verdict: failed if any failed; else divergence if
 * any; else passed if any passed (a divergence that did not reproduce is a pass); else
 * not-applicable if all were; else not covered (or not observable, for entries no client can see).
 */
export function cellVerdict(entry: CatalogEntry, scenarios: readonly ScenarioResult[]): CellVerdict {
  const has = (v: ScenarioResult["verdict"]) => scenarios.some((s) => s.verdict === v);
  if (has("failed")) return "failed";
  if (has("divergence")) return "divergence";
  if (has("passed") || has("divergence-not-reproduced")) return "passed";
  if (scenarios.length > 0 && scenarios.every((s) => s.verdict === "not-applicable")) return "not-applicable";
  return entry.observable ? "not-covered" : "not-observable";
}

function byId(results: readonly ScenarioResult[]): Map<string, ScenarioResult[]> {
  const map = new Map<string, ScenarioResult[]>();
  for (const r of results)
    for (const id of r.catalogIds) {
      const list = map.get(id) ?? [];
      list.push(r);
      map.set(id, list);
    }
  return map;
}

export function coverageRows(catalog: readonly CatalogEntry[], runs: readonly RunInput[]): CoverageRow[] {
  const indexes = runs.map((run) => byId(run.results));
  return catalog.map((entry) => {
    const tested = indexes.some((index) => (index.get(entry.id) ?? []).length > 0);
    const cells = indexes.map((index): CoverageCell => {
      const scenarios = index.get(entry.id) ?? [];
      // Scenarios exist for the ID, but this run left them out (its profile's tags): not a gap.
      if (scenarios.length === 0 && tested) return { verdict: "not-run", scenarios };
      return { verdict: cellVerdict(entry, scenarios), scenarios };
    });
    const seen = new Map<string, { name: string; uri: string; line: number }>();
    for (const cell of cells)
      for (const s of cell.scenarios) seen.set(scenarioKey(s), { name: s.name, uri: s.uri, line: s.line });
    // Compared: the runs and folded families, not the instances inside a family, and only where
    // the scenarios ran.
    const compared = cells.filter((c, i) => !runs[i].instance && c.verdict !== "not-run");
    const differs = new Set(compared.map((c) => c.verdict)).size > 1;
    return { entry, cells, scenarios: [...seen.values()], differs };
  });
}

/** Catalog-looking tags used by scenarios that name no catalog entry (typos, or entries not written yet). */
export function unknownIds(catalog: readonly CatalogEntry[], runs: readonly RunInput[]): string[] {
  const known = new Set(catalog.map((e) => e.id));
  const unknown = new Set<string>();
  for (const run of runs)
    for (const r of run.results) for (const id of r.catalogIds) if (!known.has(id)) unknown.add(id);
  return [...unknown].sort();
}
