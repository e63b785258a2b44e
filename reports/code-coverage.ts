import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** The code a conformance run measures: the server, the wire stack and the simulator. */
export const COVERED_DIRS = ["reference-server", "sip-core", "uas-sim"] as const;

export interface CoverageFigures {
  /** Line coverage in percent, per covered directory and in all. */
  lines: Record<string, number>;
  total: number;
  reportDir: string;
}

interface SummaryEntry {
  lines: { total: number; covered: number };
}

/**
 * Turns the V8 coverage that NODE_V8_COVERAGE collected in `tempDir` (the Cucumber process and
 * any server it started as a child) into c8's HTML report and per-directory line figures. Files
 * never loaded count as 0 % (c8 --all), and unit tests are not measured.
 */
export function reportCoverage(root: string, tempDir: string, reportDir: string): CoverageFigures {
  const c8 = join(root, "node_modules", "c8", "bin", "c8.js");
  const args = [c8, "report", "--temp-directory", tempDir, "--reports-dir", reportDir, "--all"];
  for (const r of ["html", "json-summary"]) args.push("--reporter", r);
  for (const d of COVERED_DIRS) args.push("--include", `${d}/**/*.ts`);
  args.push("--exclude", "**/*.spec.ts", "--exclude", "**/*.d.ts");
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`c8 report failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
  const summaryFile = join(reportDir, "coverage-summary.json");
  if (!existsSync(summaryFile)) throw new Error(`c8 wrote no ${summaryFile}`);
  const summary = JSON.parse(readFileSync(summaryFile, "utf8")) as Record<string, SummaryEntry>;
  const sums = new Map<string, { total: number; covered: number }>();
  for (const [file, entry] of Object.entries(summary)) {
    if (file === "total") continue;
    const dir = relative(root, file).split(sep)[0];
    const sum = sums.get(dir) ?? { total: 0, covered: 0 };
    sum.total += entry.lines.total;
    sum.covered += entry.lines.covered;
    sums.set(dir, sum);
  }
  const pct = (s: { total: number; covered: number }) =>
    s.total === 0 ? 0 : Math.round((1000 * s.covered) / s.total) / 10;
  const lines: Record<string, number> = {};
  for (const d of COVERED_DIRS) lines[d] = pct(sums.get(d) ?? { total: 0, covered: 0 });
  return { lines, total: pct(summary.total.lines), reportDir };
}

/** "coverage: lines 84.1 % (reference-server 90.2 %, sip-core 81.0 %, uas-sim 77.5 %)" */
export function formatCoverageLine(f: CoverageFigures): string {
  const parts = Object.entries(f.lines).map(([d, p]) => `${d} ${p.toFixed(1)} %`);
  return `coverage: lines ${f.total.toFixed(1)} % (${parts.join(", ")})`;
}
