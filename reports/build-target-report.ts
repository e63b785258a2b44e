import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CatalogEntry } from "./catalog";
import { readCapture } from "./capture/capture-file";
import { renderJunit } from "./junit";
import { parseMessage } from "../sip-core";
import { writePcapWithFrames } from "./pcap/pcap-writer";
import type { ScenarioResult } from "./run-results";
import { scenarioKey, scenarioSlug } from "./scenario-slug";
import { INLINE_RAW_LIMIT } from "./scenario-page/raw-message";
import { writeScenarioAssets } from "./scenario-page/page-assets";
import { renderScenarioPage } from "./scenario-page/render-scenario-page";

export interface TargetReportInput {
  target: string;
  results: readonly ScenarioResult[];
  /** reports/out/<target>: pages, pcaps and JUnit go below it. */
  outDir: string;
  /** Where the steps process wrote one capture per scenario attempt. */
  captureDir: string;
  catalog: readonly CatalogEntry[];
}

export interface TargetReport {
  /** Page of each scenario, relative to outDir's parent (where index.html is), by "uri:line". */
  pages: Map<string, string>;
  pcaps: string[];
  /** Octets of HTML written (the scenario pages). */
  htmlBytes: number;
  pcapBytes: number;
  /** Scenarios that had no capture (e.g. the run was started without a capture directory). */
  missingCaptures: number;
}

/** One pcap of the run, as `pcap/index.json` lists it for the tshark check. */
export interface PcapManifestEntry {
  file: string;
  packets: number;
  /** Messages our parser reads as SIP: tshark must decode at least these. */
  sipMessages: number;
  /** Frames whose bytes were not SIP on the wire either (hostile input): tshark may flag them. */
  brokenFrames: number[];
}

/**
 * Writes, for one run: a page per scenario (`scenarios/<slug>.html`), a pcap per scenario
 * (`pcap/<slug>.pcap`), the text of messages too long to inline (`messages/`) and `junit.xml`.
 * Old pages, pcaps and messages of the target are removed first so nothing stale is linked.
 */
export function buildTargetReport(input: TargetReportInput): TargetReport {
  const catalog = new Map(input.catalog.map((e) => [e.id, e]));
  const dirs = ["scenarios", "pcap", "messages", "assets"].map((d) => join(input.outDir, d));
  for (const d of dirs) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const report: TargetReport = {
    pages: new Map(),
    pcaps: [],
    htmlBytes: 0,
    pcapBytes: 0,
    missingCaptures: 0,
  };
  const manifest: PcapManifestEntry[] = [];
  writeScenarioAssets(join(input.outDir, "assets"));
  for (const r of input.results) {
    const slug = scenarioSlug(r);
    const capture = r.attemptId !== undefined ? readCapture(input.captureDir, r.attemptId) : undefined;
    let pcap: string | undefined;
    if (capture) {
      const { pcap: bytes, frames } = writePcapWithFrames(capture.packets);
      writeFileSync(join(input.outDir, "pcap", `${slug}.pcap`), bytes);
      report.pcaps.push(join(input.outDir, "pcap", `${slug}.pcap`));
      report.pcapBytes += bytes.length;
      const parsed = capture.packets.map((p) => parseMessage(p.payload).ok);
      manifest.push({
        file: `${slug}.pcap`,
        packets: capture.packets.length,
        sipMessages: parsed.filter(Boolean).length,
        brokenFrames: frames.filter((_, i) => !parsed[i]),
      });
      pcap = `../pcap/${slug}.pcap`;
      for (const p of capture.packets)
        if (p.payload.length > INLINE_RAW_LIMIT)
          writeFileSync(join(input.outDir, "messages", `${slug}-${p.index}.sip`), p.payload);
    } else report.missingCaptures++;
    const html = renderScenarioPage({
      target: input.target,
      result: r,
      capture,
      catalog,
      links: { index: "../../index.html", assets: "../assets", pcap },
      rawHref: (p) => `../messages/${slug}-${p.index}.sip`,
    });
    writeFileSync(join(input.outDir, "scenarios", `${slug}.html`), html);
    report.htmlBytes += Buffer.byteLength(html);
    report.pages.set(scenarioKey(r), `${input.target}/scenarios/${slug}.html`);
  }
  writeFileSync(join(input.outDir, "pcap", "index.json"), JSON.stringify(manifest, null, 1));
  writeFileSync(
    join(input.outDir, "junit.xml"),
    renderJunit(input.results, {
      target: input.target,
      pageHref: (r) => report.pages.get(scenarioKey(r)),
    }),
  );
  return report;
}
