import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatCoverageLine, reportCoverage } from "./code-coverage";

const ROOT = join(__dirname, "..");

test("V8 coverage of a process becomes per-directory line figures and an HTML report", () => {
  const tmp = mkdtempSync(join(tmpdir(), "siplab-cov-"));
  try {
    const v8 = join(tmp, "v8");
    const run = spawnSync(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        "-e",
        'require("./sip-core/message/cseq").parseCSeq("1 INVITE")',
      ],
      { cwd: ROOT, env: { ...process.env, NODE_V8_COVERAGE: v8 }, encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);
    const figures = reportCoverage(ROOT, v8, join(tmp, "report"));
    assert.ok(existsSync(join(tmp, "report", "index.html")));
    assert.ok(figures.lines["sip-core"] > 0, "sip-core was loaded");
    // Files never loaded count (c8 --all): the server was not run at all.
    assert.equal(figures.lines["reference-server"], 0);
    assert.ok(figures.total > 0 && figures.total < figures.lines["sip-core"]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("the console line names every directory", () => {
  assert.equal(
    formatCoverageLine({
      lines: { "reference-server": 90.12, "sip-core": 75, "uas-sim": 85.6 },
      total: 82,
      reportDir: "x",
    }),
    "coverage: lines 82.0 % (reference-server 90.1 %, sip-core 75.0 %, uas-sim 85.6 %)",
  );
});
