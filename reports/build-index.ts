import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { CatalogEntry } from "./catalog";
import {
  coverageRows,
  unknownIds,
  type CellVerdict,
  type CoverageCell,
  type CoverageRow,
  type RunInput,
} from "./coverage";
import { formatBreakdownLine, formatSummaryLine, summarize } from "./run-summary";
import { INDEX_CSS } from "./templates/index-css";
import { INDEX_JS } from "./templates/index-js";
import { familyColumns } from "./family-columns";
import { scenarioKey } from "./scenario-slug";

export interface IndexInput {
  catalog: readonly CatalogEntry[];
  runs: readonly RunInput[];
  title?: string;
  /** Run date shown in the header; now by default. */
  now?: Date;
  /** Links shown under the title, relative to index.html (e.g. the code coverage report). */
  links?: ReadonlyArray<{ label: string; href: string }>;
}

const VERDICTS: readonly CellVerdict[] = [
  "passed",
  "failed",
  "divergence",
  "not-applicable",
  "not-run",
  "not-covered",
  "not-observable",
];
const LABEL: Record<CellVerdict, string> = {
  passed: "passed",
  failed: "failed",
  divergence: "divergence",
  "not-applicable": "not applicable",
  "not-run": "not run here",
  "not-covered": "not covered",
  "not-observable": "not observable",
};
const SHORT_REASON = 90;

/** Escapes text for use in HTML element content and in double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shorten(text: string): string {
  return text.length > SHORT_REASON ? `${text.slice(0, SHORT_REASON - 1)}…` : text;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function option(value: string, label: string): string {
  return `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
}

function counts(verdicts: readonly CellVerdict[]): string {
  const parts = VERDICTS.map((v) => [v, verdicts.filter((x) => x === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `<span class="v v-${v}">${n} ${escapeHtml(LABEL[v])}</span>`);
  return parts.length > 0 ? parts.join(" ") : "—";
}

/** ` class="instance"` for a family member's column (hidden until "every instance" is ticked). */
function instanceClass(run: RunInput): string {
  return run.instance ? ` class="instance"` : "";
}

function renderTotals(
  rows: readonly CoverageRow[],
  runs: readonly RunInput[],
  columns: readonly RunInput[],
): string {
  const runRows = runs.map((run) => {
    const s = summarize(run.results);
    const links = [
      run.reportLinks?.html !== undefined
        ? `<a href="${escapeHtml(run.reportLinks.html)}">HTML report</a>`
        : "",
      run.reportLinks?.junit !== undefined ? `<a href="${escapeHtml(run.reportLinks.junit)}">JUnit</a>` : "",
    ].filter((l) => l !== "");
    return `<tr><th>${escapeHtml(run.target)}</th><td>${escapeHtml(formatSummaryLine(s))}</td><td>${escapeHtml(
      formatBreakdownLine(s),
    )}</td><td>${links.join(" · ") || "—"}</td></tr>`;
  });
  const modules = unique(rows.map((r) => r.entry.module));
  const moduleRow = (label: string, subset: readonly CoverageRow[]) =>
    `<tr><th>${escapeHtml(label)}</th><td>${subset.length}</td>${columns
      .map((c, i) => `<td${instanceClass(c)}>${counts(subset.map((r) => r.cells[i].verdict))}</td>`)
      .join("")}</tr>`;
  return [
    `<h2>Scenarios per target</h2>`,
    `<table class="totals"><thead><tr><th>Target</th><th>Scenarios</th><th>Breakdown</th><th>Reports</th></tr></thead>`,
    `<tbody>${runRows.join("")}</tbody></table>`,
    `<h2>Catalog entries per module</h2>`,
    `<table class="totals"><thead><tr><th>Module</th><th>Entries</th>${columns
      .map((r) => `<th${instanceClass(r)}>${escapeHtml(r.target)}</th>`)
      .join("")}</tr></thead>`,
    `<tbody>${modules
      .map((m) =>
        moduleRow(
          m,
          rows.filter((r) => r.entry.module === m),
        ),
      )
      .join("")}`,
    `${moduleRow("all", rows)}</tbody></table>`,
  ].join("\n");
}

function cellReason(cell: CoverageCell): string | undefined {
  if (cell.verdict === "passed") {
    const notReproduced = cell.scenarios.find((s) => s.verdict === "divergence-not-reproduced");
    return notReproduced ? "divergence not reproduced" : undefined;
  }
  return cell.scenarios.find((s) => s.verdict === cell.verdict)?.reason;
}

function pageOf(run: RunInput, s: { uri: string; line: number }): string | undefined {
  return run.pages?.get(scenarioKey(s));
}

function renderCell(cell: CoverageCell, run: RunInput, i: number): string {
  const reason = cellReason(cell);
  // The cell links to the scenario that decided its verdict (the first one with that verdict).
  const decisive =
    cell.scenarios.find((s) => s.verdict === cell.verdict) ??
    cell.scenarios.find((s) => s.verdict === "divergence-not-reproduced") ??
    cell.scenarios[0];
  const href = decisive ? pageOf(run, decisive) : undefined;
  const label = escapeHtml(LABEL[cell.verdict]);
  // A folded family repeats a scenario once per instance: list each outcome once.
  const title = unique(
    cell.scenarios.map((s) => `${s.name}: ${s.verdict}${s.reason !== undefined ? ` — ${s.reason}` : ""}`),
  );
  const titleAttr = title.length > 0 ? ` title="${escapeHtml(title.join("\n"))}"` : "";
  const small = reason !== undefined ? `<small>${escapeHtml(shorten(reason))}</small>` : "";
  return `<td class="v v-${cell.verdict}${run.instance ? " instance" : ""}" data-t="${i}" data-v="${cell.verdict}"${titleAttr}>${
    href !== undefined ? `<a href="${escapeHtml(href)}">${label}</a>` : label
  }${small}</td>`;
}

function renderScenarios(row: CoverageRow, runs: readonly RunInput[]): string {
  if (row.scenarios.length === 0) return "";
  const items = row.scenarios.map((s) => {
    const links = runs.flatMap((run) => {
      const page = pageOf(run, s);
      if (page !== undefined) return [` <a href="${escapeHtml(page)}">${escapeHtml(run.target)}</a>`];
      const ran =
        run.reportLinks?.html !== undefined && run.results.some((r) => r.uri === s.uri && r.line === s.line);
      return ran
        ? [` <a href="${escapeHtml(run.reportLinks?.html ?? "")}">${escapeHtml(run.target)}</a>`]
        : [];
    });
    return `<li><span title="${escapeHtml(`${s.uri}:${s.line}`)}">${escapeHtml(s.name)}</span>${links.join("")}</li>`;
  });
  return `<ul class="scenarios">${items.join("")}</ul>`;
}

function renderRow(row: CoverageRow, columns: readonly RunInput[], runs: readonly RunInput[]): string {
  const e = row.entry;
  const extra = [
    e.note !== undefined ? `<div class="note">${escapeHtml(e.note)}</div>` : "",
    e.kamailio !== undefined ? `<div class="note">Kamailio 5.6: ${escapeHtml(e.kamailio)}</div>` : "",
  ].join("");
  // Verdicts right after the ID: a differential run is read across, row by row.
  return [
    `<tr class="entry" id="${escapeHtml(e.id)}" data-module="${escapeHtml(e.module)}" data-differ="${row.differs ? "1" : "0"}">`,
    `<td class="id">${escapeHtml(e.id)}<div class="source">${escapeHtml(e.source)}${
      e.observable ? "" : " · not observable"
    }</div></td>`,
    row.cells.map((cell, i) => renderCell(cell, columns[i], i)).join(""),
    `<td>${escapeHtml(e.summary)}${extra}</td>`,
    `<td>${renderScenarios(row, runs)}</td>`,
    `</tr>`,
  ].join("");
}

/** Rows grouped by module, then kind, each group in catalog order. */
function renderMatrix(
  rows: readonly CoverageRow[],
  columns: readonly RunInput[],
  runs: readonly RunInput[],
): string {
  const span = 3 + columns.length;
  const body: string[] = [];
  for (const module of unique(rows.map((r) => r.entry.module))) {
    const inModule = rows.filter((r) => r.entry.module === module);
    for (const kind of unique(inModule.map((r) => r.entry.kind))) {
      body.push(
        `<tr class="group"><th colspan="${span}">${escapeHtml(module)} · ${escapeHtml(kind)}</th></tr>`,
      );
      for (const row of inModule.filter((r) => r.entry.kind === kind))
        body.push(renderRow(row, columns, runs));
    }
  }
  const head = `<tr><th>ID · source</th>${columns
    .map((r, i) => `<th data-t="${i}"${instanceClass(r)}>${escapeHtml(r.target)}</th>`)
    .join("")}<th>Behaviour</th><th>Scenarios</th></tr>`;
  return `<table class="matrix"><thead>${head}</thead><tbody>\n${body.join("\n")}\n</tbody></table>`;
}

function renderFilters(rows: readonly CoverageRow[], columns: readonly RunInput[]): string {
  const modules = unique(rows.map((r) => r.entry.module));
  return [
    `<div class="filters">`,
    `<label>Module <select id="f-module">${option("", "all")}${modules.map((m) => option(m, m)).join("")}</select></label>`,
    `<label>Verdict <select id="f-verdict">${option("", "all")}${VERDICTS.map((v) => option(v, LABEL[v])).join("")}</select></label>`,
    `<label>Target <select id="f-target">${option("", "all")}${columns.map((r, i) => option(String(i), r.target)).join("")}</select></label>`,
    `<label><input type="checkbox" id="f-differ"> rows where targets differ</label>`,
    columns.some((c) => c.instance)
      ? `<label><input type="checkbox" id="f-instances"> every instance of a family</label>`
      : "",
    `</div>`,
  ].join("\n");
}

/** The whole index.html: header, totals, filters, matrix; no external assets. */
export function renderIndex(input: IndexInput): string {
  const title = input.title ?? "siplab conformance";
  const columns = familyColumns(input.runs);
  const rows = coverageRows(input.catalog, columns);
  const unknown = unknownIds(input.catalog, input.runs);
  const date = (input.now ?? new Date()).toISOString();
  const targets = input.runs.map((r) => r.target).join(", ") || "none";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${INDEX_CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="meta">Run date ${escapeHtml(date)} · targets: ${escapeHtml(targets)} · ${rows.length} catalog entries${(
    input.links ?? []
  )
    .map((l) => ` · <a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`)
    .join("")}</div>
${renderTotals(rows, input.runs, columns)}
${
  unknown.length > 0
    ? `<p class="unknown">Tags that name no catalog entry: ${unknown.map((id) => `<code>${escapeHtml(id)}</code>`).join(", ")}</p>`
    : ""
}
<h2>Coverage</h2>
${renderFilters(rows, columns)}
${renderMatrix(rows, columns, input.runs)}
<script>${INDEX_JS}</script>
</body>
</html>
`;
}

/** Writes the coverage matrix to `outFile` (creating its directory) and returns the HTML. */
export function buildIndex(input: IndexInput & { outFile: string }): { outFile: string; html: string } {
  const html = renderIndex(input);
  mkdirSync(dirname(input.outFile), { recursive: true });
  writeFileSync(input.outFile, html);
  return { outFile: input.outFile, html };
}
