// npm run conformance -- [--target NAME|PATH ...] [--parallel N] [--tags EXPR] [--no-start]
//                        [--out DIR] [--no-coverage] [feature paths]
// Runs the features against each target, writes the report (matrix, scenario pages with ladders,
// pcaps, JUnit, code coverage) under reports/out/ and prints the verdict counts.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { divergenceNames, loadProfile, REPO_ROOT, profilePath } from "../targets/load-profile";
import { buildIndex, formatSummary, loadCatalog, readRun, summarize, type RunInput } from "../reports";
import { buildTargetReport } from "../reports/build-target-report";
import { formatCoverageLine, reportCoverage } from "../reports/code-coverage";

const { values, positionals } = parseArgs({
  options: {
    target: { type: "string", multiple: true },
    parallel: { type: "string" },
    tags: { type: "string" },
    "no-start": { type: "boolean" },
    "quiet-report": { type: "boolean" },
    out: { type: "string" },
    "no-coverage": { type: "boolean" },
    help: { type: "boolean" },
  },
  allowPositionals: true,
});

if (values.help) {
  console.log(
    [
      "usage: npm run conformance -- [options] [features...]",
      "  --target NAME|PATH   embedded (default), kamailio, kamailio-*, or a profile.json; repeat for a differential run",
      "  --parallel N         Cucumber workers",
      "  --tags EXPR          Cucumber tag expression, e.g. @MSILO-B-dump-2xx-delete",
      "  --no-start           do not run the profile's start/stop commands (the server is already up)",
      "  --out DIR            report directory (default reports/out); give runs at the same time their own",
      "  --no-coverage        skip code coverage (c8)",
    ].join("\n"),
  );
  process.exit(0);
}

const OUT = values.out !== undefined ? resolve(values.out) : join(REPO_ROOT, "reports", "out");
const V8_COVERAGE = join(OUT, ".v8-coverage");

/** A path as the user can paste it: relative to where they are when below it, else absolute. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

function runShell(command: string, what: string): void {
  console.log(`[siplab] ${what}: ${command}`);
  const r = spawnSync("bash", ["-c", command], { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
}

function runCucumber(
  target: string,
  outDir: string,
  captureDir: string,
  profileTags: string | undefined,
): Promise<number> {
  const args = [
    // The package exports no bin path; resolve it from the package root.
    join(dirname(require.resolve("@cucumber/cucumber")), "..", "bin", "cucumber.js"),
    "--format",
    "progress",
    "--format",
    `message:${join(outDir, "messages.ndjson")}`,
  ];
  if (values.parallel) args.push("--parallel", values.parallel);
  const tags = [profileTags, values.tags].filter(Boolean).map((t) => `(${t})`);
  if (tags.length) args.push("--tags", tags.join(" and "));
  args.push(...(positionals.length ? positionals : ["features/**/*.feature"]));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        SIPLAB_TARGET: profilePath(target),
        SIPLAB_CAPTURE_DIR: captureDir,
        // The Cucumber process and any server it starts as a child write V8 coverage here.
        ...(values["no-coverage"] ? {} : { NODE_V8_COVERAGE: V8_COVERAGE }),
      },
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const targets = values.target?.length ? values.target : ["embedded"];
  const catalog = loadCatalog(join(REPO_ROOT, "features", "catalog"));
  const runs: RunInput[] = [];
  let failed = 0;
  let reportMs = 0;
  let htmlBytes = 0;
  let pcaps = 0;
  let pcapBytes = 0;
  rmSync(V8_COVERAGE, { recursive: true, force: true });
  for (const target of targets) {
    const profile = loadProfile(target);
    const outDir = join(OUT, profile.name);
    const captureDir = join(outDir, "capture");
    // Nothing of an earlier run of this target may be linked from the new report.
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(captureDir, { recursive: true });
    const started = Date.now();
    const manage = profile.kind === "external" && profile.start && !values["no-start"];
    console.log(`[siplab] target ${profile.name}: ${profile.description ?? ""}`);
    if (manage) runShell(profile.start!, `starting ${profile.name}`);
    try {
      await runCucumber(target, outDir, captureDir, profile.tags);
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
    const building = Date.now();
    const report = buildTargetReport({ target: profile.name, results, outDir, captureDir, catalog });
    reportMs += Date.now() - building;
    htmlBytes += report.htmlBytes;
    pcaps += report.pcaps.length;
    pcapBytes += report.pcapBytes;
    if (report.missingCaptures > 0)
      console.log(
        `[siplab] ${profile.name}: ${report.missingCaptures} scenarios left no capture (no ladder, no pcap)`,
      );
    runs.push({
      target: profile.name,
      results,
      reportLinks: { junit: `${profile.name}/junit.xml` },
      pages: report.pages,
      family: profile.family,
    });
  }
  const index = join(OUT, "index.html");
  const building = Date.now();
  const links = values["no-coverage"] ? [] : [{ label: "code coverage", href: "coverage/index.html" }];
  const { html } = buildIndex({ catalog, runs, outFile: index, links });
  reportMs += Date.now() - building;
  htmlBytes += Buffer.byteLength(html);
  if (!values["quiet-report"]) {
    console.log(
      `[siplab] report: ${shownPath(index)} (${(htmlBytes / 1e6).toFixed(2)} MB of HTML, ` +
        `${pcaps} pcaps of ${(pcapBytes / 1e6).toFixed(2)} MB, built in ${(reportMs / 1000).toFixed(2)} s)`,
    );
  }
  if (!values["no-coverage"]) {
    try {
      const figures = reportCoverage(REPO_ROOT, V8_COVERAGE, join(OUT, "coverage"));
      console.log(
        `[siplab] ${formatCoverageLine(figures)}: ${shownPath(join(figures.reportDir, "index.html"))}`,
      );
    } catch (err) {
      // Coverage is a reading, not a verdict: a failed report is said, not counted as a failed run.
      console.log(`[siplab] code coverage not reported: ${(err as Error).message}`);
    }
    // The raw V8 dumps (every script of every process, ~100 MB for a full run) served their purpose.
    rmSync(V8_COVERAGE, { recursive: true, force: true });
  }
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
