// npm run test:report -- [--out DIR] [--no-browser] [--no-pcap]
// Checks the report a conformance run wrote, as its readers use it: every pcap decodes in tshark
// with no malformed packet and as many SIP messages as the run exchanged, and the pages work in
// headless Chromium (matrix, filters, ladder, arrow → raw message). Run `npm run conformance` first.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { PcapManifestEntry } from "../reports/build-target-report";
import { checkReportInBrowser } from "../reports/browser/report-in-browser";
import { tsharkMalformedAsync } from "../reports/pcap/tshark-check";

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    "no-browser": { type: "boolean" },
    "no-pcap": { type: "boolean" },
  },
});
const OUT = resolve(values.out ?? join(__dirname, "..", "reports", "out"));

/** A path as the user can paste it: relative to where they are when below it, else absolute. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
let passed = 0;
let failed = 0;

function verdict(ok: boolean, line: string): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${line}`);
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function checkPcaps(): Promise<void> {
  const targets = existsSync(OUT)
    ? readdirSync(OUT).filter((t) => existsSync(join(OUT, t, "pcap", "index.json")))
    : [];
  if (targets.length === 0) {
    verdict(false, `pcap: no ${shownPath(OUT)}/<target>/pcap/index.json: run npm run conformance first`);
    return;
  }
  for (const target of targets) {
    const dir = join(OUT, target, "pcap");
    const manifest = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as PcapManifestEntry[];
    const started = Date.now();
    const checks = await pool(manifest, availableParallelism(), (entry) =>
      tsharkMalformedAsync(join(dir, entry.file), { expectBroken: entry.brokenFrames }),
    );
    if (checks.some((c) => !c.available)) {
      verdict(false, "pcap: tshark is not installed (bash scripts/install-report-tools.sh)");
      return;
    }
    const bad: string[] = [];
    manifest.forEach((entry, i) => {
      const r = checks[i];
      // Our parser is stricter than tshark's (e.g. "Contact: *, <uri>"), so tshark may decode
      // more messages as SIP than the run counted, but never fewer, and never more than were sent.
      if (r.malformed > 0) bad.push(`${entry.file}: ${r.malformed} malformed: ${r.details}`);
      else if (r.sipMessages < entry.sipMessages || r.sipMessages > entry.packets)
        bad.push(
          `${entry.file}: tshark decoded ${r.sipMessages} SIP messages; the run exchanged ${entry.packets}, ${entry.sipMessages} of them valid SIP`,
        );
    });
    const messages = checks.reduce((n, c) => n + c.sipMessages, 0);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    verdict(
      bad.length === 0,
      `pcap ${target}: ${manifest.length} files, ${messages} SIP messages decoded by tshark, ${bad.length} with problems (${seconds} s)`,
    );
    for (const line of bad.slice(0, 20)) console.log(`     ${line.slice(0, 300)}`);
  }
}

async function main(): Promise<void> {
  if (!values["no-pcap"]) await checkPcaps();
  if (!values["no-browser"]) {
    const started = Date.now();
    const results = await checkReportInBrowser(OUT);
    for (const r of results)
      if (r.skipped) console.log(`skip browser: ${r.name}: ${r.detail}`);
      else verdict(r.ok, `browser: ${r.name}: ${r.detail}`);
    console.log(
      `     screenshots in ${shownPath(join(OUT, "screenshots"))} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  console.log(`report checks: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(`check-report: ${(err as Error).message}`);
  process.exitCode = 2;
});
