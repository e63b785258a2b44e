import type { ScenarioResult } from "./run-results";

/** "features/msilo/dump.feature:42": one scenario (or outline row) across runs; pages are keyed by it. */
export function scenarioKey(r: Pick<ScenarioResult, "uri" | "line">): string {
  return `${r.uri}:${r.line}`;
}

/**
 * A file name for one scenario of a run, stable across runs: feature path and line
 * ("msilo-store-L42"); an outline's example rows have lines of their own.
 */
export function scenarioSlug(r: Pick<ScenarioResult, "uri" | "line">): string {
  const path = r.uri
    .replace(/^features\//, "")
    .replace(/\.feature$/, "")
    .replace(/[^A-Za-z0-9_-]+/g, "-");
  return `${path}-L${r.line}`;
}
