import type { ScenarioResult } from "./run-results";

export interface RunSummary {
  /** Includes divergences that did not reproduce (the scenario passed). */
  passed: number;
  failed: number;
  notApplicable: number;
  divergences: number;
  /** Scenarios tagged as diverging on the target that passed there anyway; counted in `passed`. */
  divergencesNotReproduced: number;
  total: number;
}

export function summarize(results: readonly ScenarioResult[]): RunSummary {
  const s: RunSummary = {
    passed: 0,
    failed: 0,
    notApplicable: 0,
    divergences: 0,
    divergencesNotReproduced: 0,
    total: results.length,
  };
  for (const r of results) {
    if (r.verdict === "passed") s.passed++;
    else if (r.verdict === "divergence-not-reproduced") {
      s.passed++;
      s.divergencesNotReproduced++;
    } else if (r.verdict === "not-applicable") s.notApplicable++;
    else if (r.verdict === "divergence") s.divergences++;
    else s.failed++;
  }
  return s;
}

/** The CI line: `N passed, N failed, N skipped` (skipped = not applicable + divergences). */
export function formatSummaryLine(s: RunSummary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.notApplicable + s.divergences} skipped`;
}

/** What "skipped" is made of; printed on the line before the summary line. */
export function formatBreakdownLine(s: RunSummary): string {
  const line = `${s.notApplicable} not applicable, ${s.divergences} divergences`;
  return s.divergencesNotReproduced > 0
    ? `${line}, ${s.divergencesNotReproduced} divergences not reproduced`
    : line;
}

/** Breakdown line, then the CI summary line. */
export function formatSummary(s: RunSummary): string {
  return `${formatBreakdownLine(s)}\n${formatSummaryLine(s)}`;
}
