import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTargetReport, type PcapManifestEntry } from "./build-target-report";
import { writeCapture } from "./capture/capture-file";
import type { ScenarioResult } from "./run-results";

const result = (line: number, attemptId?: string): ScenarioResult => ({
  name: `scenario ${line}`,
  uri: "features/registrar/save-lookup.feature",
  line,
  tags: [],
  catalogIds: [],
  verdict: "passed",
  durationMs: 1,
  steps: [],
  ...(attemptId !== undefined ? { attemptId } : {}),
});

test("a page, a pcap and a manifest entry per scenario; stale files go; JUnit lists every scenario", () => {
  const out = mkdtempSync(join(tmpdir(), "siplab-report-"));
  try {
    const captureDir = join(out, "capture");
    mkdirSync(join(out, "scenarios"), { recursive: true });
    writeFileSync(join(out, "scenarios", "stale.html"), "old");
    const sip = Buffer.from(
      "OPTIONS sip:example.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:4000;branch=z9hG4bK1\r\nFrom: <sip:a@example.test>;tag=1\r\nTo: <sip:example.test>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
    );
    writeCapture(captureDir, "att-1", {
      version: 1,
      labels: {},
      packets: [sip, Buffer.from("garbage")].map((payload, index) => ({
        index,
        timestamp: 1000 + index,
        transport: "udp" as const,
        src: { address: "127.0.0.1", port: 4000 },
        dst: { address: "127.0.0.1", port: 5060 },
        payload,
      })),
      dbReads: [],
      steps: [],
    });
    const report = buildTargetReport({
      target: "embedded",
      results: [result(10, "att-1"), result(17)],
      outDir: out,
      captureDir,
      catalog: [],
    });
    assert.equal(existsSync(join(out, "scenarios", "stale.html")), false);
    assert.deepEqual(
      [...report.pages.values()],
      [
        "embedded/scenarios/registrar-save-lookup-L10.html",
        "embedded/scenarios/registrar-save-lookup-L17.html",
      ],
    );
    assert.equal(report.missingCaptures, 1);
    assert.match(readFileSync(join(out, "assets", "scenario.css"), "utf8"), /\.ladder \.arrow/);
    assert.ok(existsSync(join(out, "assets", "scenario.js")));
    assert.equal(report.pcaps.length, 1);
    const manifest = JSON.parse(readFileSync(join(out, "pcap", "index.json"), "utf8")) as PcapManifestEntry[];
    assert.deepEqual(manifest, [
      { file: "registrar-save-lookup-L10.pcap", packets: 2, sipMessages: 1, brokenFrames: [2] },
    ]);
    assert.equal(
      readFileSync(join(out, "pcap", "registrar-save-lookup-L10.pcap")).readUInt32LE(0),
      0xa1b2c3d4,
    );
    assert.equal((readFileSync(join(out, "junit.xml"), "utf8").match(/<testcase /g) ?? []).length, 2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
