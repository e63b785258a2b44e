// npm run conformance -- [--target NAME|PATH ...] [--parallel N] [--tags EXPR] [--no-start] [feature paths]
// Runs the features against each target, writes reports/out/ and prints the verdict counts.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { divergenceNames, loadProfile, REPO_ROOT, profilePath } from "../targets/load-profile";
import { buildIndex, formatSummary, loadCatalog, readRun, summarize, type ScenarioResult } from "../reports";

const { values, positionals } = parseArgs({
  options: {
    target: { type: "string", multiple: true },
    parallel: { type: "string" },
    tags: { type: "string" },
    "no-start": { type: "boolean" },
    "quiet-report": { type: "boolean" },
    help: { type: "boolean" },
  },
  allowPositionals: true,
});

if (values.help) {
  console.log(
    "usage: npm run conformance -- [--target embedded|kamailio|PATH/profile.json ...] [--parallel N] [--tags EXPR] [--no-start] [features...]",
  );
  process.exit(0);
}

const OUT = join(REPO_ROOT, "reports", "out");

function runShell(command: string, what: string): void {
  console.log(`[siplab] ${what}: ${command}`);
  const r = spawnSync("bash", ["-c", command], { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
}

function runCucumber(target: string, outDir: string, profileTags: string | undefined): Promise<number> {
  const args = [
    // The package exports no bin path; resolve it from the package root.
    join(dirname(require.resolve("@cucumber/cucumber")), "..", "bin", "cucumber.js"),
    "--format",
    "progress",
    "--format",
    `message:${join(outDir, "messages.ndjson")}`,
    "--format",
    `html:${join(outDir, "cucumber.html")}`,
    "--format",
    `junit:${join(outDir, "junit.xml")}`,
  ];
  if (values.parallel) args.push("--parallel", values.parallel);
  const tags = [profileTags, values.tags].filter(Boolean).map((t) => `(${t})`);
  if (tags.length) args.push("--tags", tags.join(" and "));
  args.push(...(positionals.length ? positionals : ["features/**/*.feature"]));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: "inherit",
      env: { ...process.env, SIPLAB_TARGET: profilePath(target) },
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const targets = values.target?.length ? values.target : ["embedded"];
  const catalog = loadCatalog(join(REPO_ROOT, "features", "catalog"));
  const runs: Array<{
    target: string;
    results: ScenarioResult[];
    reportLinks: { html: string; junit: string };
  }> = [];
  let failed = 0;
  for (const target of targets) {
    const profile = loadProfile(target);
    const outDir = join(OUT, profile.name);
    mkdirSync(outDir, { recursive: true });
    const started = Date.now();
    const manage = profile.kind === "external" && profile.start && !values["no-start"];
    console.log(`[siplab] target ${profile.name}: ${profile.description ?? ""}`);
    if (manage) runShell(profile.start!, `starting ${profile.name}`);
    try {
      await runCucumber(target, outDir, profile.tags);
    } finally {
      if (manage && profile.stop) runShell(profile.stop, `stopping ${profile.name}`);
    }
    const results = readRun(join(outDir, "messages.ndjson"), divergenceNames(profile));
    if (results.length === 0) {
      console.log(`[siplab] ${profile.name}: no scenario ran; that is a failure, not a pass`);
      failed++;
    }
    const s = summarize(results);
    failed += s.failed;
    writeFileSync(join(outDir, "summary.json"), JSON.stringify({ target: profile.name, ...s }, null, 2));
    console.log(
      `[siplab] ${profile.name}: ${results.length} scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${s.passed} passed, ${s.failed} failed, ${s.notApplicable} not applicable, ${s.divergences} divergences`,
    );
    for (const r of results.filter((x) => x.verdict === "failed")) {
      console.log(`  FAILED ${r.name} (${r.uri}:${r.line}): ${r.reason ?? ""}`.slice(0, 400));
    }
    runs.push({
      target: profile.name,
      results,
      reportLinks: { html: `${profile.name}/cucumber.html`, junit: `${profile.name}/junit.xml` },
    });
  }
  const index = join(OUT, "index.html");
  buildIndex({ catalog, runs, outFile: index });
  if (!values["quiet-report"]) console.log(`[siplab] report: ${relative(process.cwd(), index)}`);
  console.log(formatSummary(summarize(runs.flatMap((r) => r.results))));
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[siplab] ${(err as Error).message}`);
    process.exit(2);
  },
);
