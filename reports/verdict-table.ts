import type { CatalogEntry } from "./catalog";
import { cellVerdict, type CellVerdict, type RunInput } from "./coverage";
import type { ScenarioResult } from "./run-results";

/** One column of the table: a label and the runs folded into it (e.g. every Kamailio instance). */
export interface VerdictColumn {
  label: string;
  runs: RunInput[];
}

export interface VerdictTableOptions {
  /** Only entries of this module (catalog `module`), or every entry. */
  module?: string;
}

const SHORT: Record<CellVerdict, string> = {
  passed: "passed",
  failed: "FAILED",
  divergence: "divergence",
  "not-applicable": "n/a",
  "not-run": "not run",
  "not-covered": "not covered",
  "not-observable": "not observable",
};

/** Why a cell is not a plain pass: the reason of its first not-applicable or divergent scenario. */
function cellNote(verdict: CellVerdict, scenarios: readonly ScenarioResult[]): string {
  if (verdict !== "not-applicable" && verdict !== "divergence") return "";
  const wanted = verdict === "divergence" ? "divergence" : "not-applicable";
  const reason = scenarios.find((s) => s.verdict === wanted)?.reason ?? "";
  return reason.replace(/\s+/g, " ").trim();
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/**
 * A Markdown table, one row per catalog entry, one verdict column per VerdictColumn, for closing
 * notes and release notes. Runs folded into one column count like the matrix's cells: a failure
 * anywhere wins, then a divergence, then a pass.
 */
export function verdictTable(
  catalog: readonly CatalogEntry[],
  columns: readonly VerdictColumn[],
  options: VerdictTableOptions = {},
): string {
  const entries = catalog.filter((e) => !options.module || e.module === options.module);
  const header = `| ID | ${columns.map((c) => c.label).join(" | ")} | notes |`;
  const rule = `|---|${columns.map(() => "---").join("|")}|---|`;
  const lines = entries.map((entry) => {
    const notes: string[] = [];
    const cells = columns.map((column) => {
      const scenarios = column.runs.flatMap((run) =>
        run.results.filter((r) => r.catalogIds.includes(entry.id)),
      );
      const verdict = cellVerdict(entry, scenarios);
      const note = cellNote(verdict, scenarios);
      if (note) notes.push(`${column.label}: ${note}`);
      if (verdict === "not-observable" && entry.note) notes.push(entry.note);
      const passed = scenarios.filter((s) => s.verdict === "passed").length;
      return verdict === "passed" && passed > 1 ? `passed (${passed})` : SHORT[verdict];
    });
    return `| ${entry.id} | ${cells.join(" | ")} | ${markdownCell([...new Set(notes)].join("; "))} |`;
  });
  return [header, rule, ...lines].join("\n") + "\n";
}
