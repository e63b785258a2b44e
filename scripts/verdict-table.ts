import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadCatalog, readRun } from "../reports";
import type { RunInput } from "../reports/coverage";
import { verdictTable, type VerdictColumn } from "../reports/verdict-table";
import { divergenceNames, loadProfile, profilePath, REPO_ROOT } from "../targets/load-profile";

const USAGE = `usage: npm run report:table -- [--module msilo] [--column LABEL=RUN[,RUN...]]...
  Prints a Markdown table of catalog IDs with one verdict column per LABEL, from the runs left in
  reports/out/<target>/messages.ndjson by npm run conformance. A RUN ending in * matches a prefix
  (kamailio=kamailio* folds every Kamailio instance into one column). Default: one column per run.`;

const { values } = parseArgs({
  options: {
    module: { type: "string" },
    column: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const OUT = join(REPO_ROOT, "reports", "out");
const available = existsSync(OUT)
  ? readdirSync(OUT).filter((d) => existsSync(join(OUT, d, "messages.ndjson")))
  : [];
if (available.length === 0) {
  console.error("report:table: no runs in reports/out; run npm run conformance first");
  process.exit(1);
}
/** A run's divergence tags come from its profile (and family) when the profile is still there. */
const names = (t: string) => (existsSync(profilePath(t)) ? divergenceNames(loadProfile(t)) : [t]);
const runs = new Map<string, RunInput>(
  available.map((t) => [t, { target: t, results: readRun(join(OUT, t, "messages.ndjson"), names(t)) }]),
);

function matching(pattern: string): RunInput[] {
  const names = pattern.endsWith("*")
    ? available.filter((t) => t.startsWith(pattern.slice(0, -1)))
    : available.filter((t) => t === pattern);
  return names.map((n) => runs.get(n)!);
}

const columns: VerdictColumn[] = (values.column ?? available).map((spec) => {
  const [label, list = label] = spec.split("=");
  const picked = list.split(",").flatMap(matching);
  if (picked.length === 0) {
    console.error(`report:table: no run matches "${list}" (have: ${available.join(", ")})`);
    process.exit(2);
  }
  return { label, runs: picked };
});

process.stdout.write(verdictTable(loadCatalog(), columns, { module: values.module }));
