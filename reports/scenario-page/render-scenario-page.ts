import { escapeHtml } from "../build-index";
import type { CatalogEntry } from "../catalog";
import type { DbRead, ScenarioCapture } from "../capture/capture-file";
import { endpointKey, type WirePacket } from "../capture/wire-packet";
import { buildLadderModel, type LadderStep } from "../ladder/ladder-model";
import { relTime, renderLadderSvg } from "../ladder/ladder-svg";
import type { ScenarioResult, StepOutcome } from "../run-results";
import { readableRaw, readableText, startLine } from "./raw-message";

export interface ScenarioPageInput {
  target: string;
  result: ScenarioResult;
  /** Absent when the run kept no capture (the page then says so). */
  capture?: ScenarioCapture;
  catalog: ReadonlyMap<string, CatalogEntry>;
  /** Links, relative to the page; `assets` is the directory of scenario.css and scenario.js. */
  links: { index: string; assets: string; pcap?: string };
  /** Link to the full text of a message too long to show inline, by packet index. */
  rawHref?: (packet: WirePacket) => string;
}

const VERDICT_LABEL: Record<ScenarioResult["verdict"], string> = {
  passed: "passed",
  failed: "failed",
  "not-applicable": "not applicable",
  divergence: "divergence",
  "divergence-not-reproduced": "divergence not reproduced (passed)",
};

function renderSteps(steps: readonly StepOutcome[]): string {
  if (steps.length === 0) return "<p>No step ran.</p>";
  const items = steps.map((s) => {
    const when =
      s.startMs !== undefined && s.endMs !== undefined ? `${Math.round(s.endMs - s.startMs)} ms` : "";
    const text = s.hook
      ? `<span class="hook">${escapeHtml(s.text)}</span>`
      : `<span class="kw">${escapeHtml(s.keyword.trim())}</span> ${escapeHtml(s.text)}`;
    const message = s.message !== undefined ? `<pre>${escapeHtml(readableText(s.message))}</pre>` : "";
    return `<li class="s-${escapeHtml(s.status)}">${text}<span class="st">${escapeHtml(
      s.status.toLowerCase(),
    )}${when ? ` · ${when}` : ""}</span>${message}</li>`;
  });
  return `<ol class="steps">${items.join("")}</ol>`;
}

function renderMessages(input: ScenarioPageInput, packets: readonly WirePacket[], startMs?: number): string {
  if (packets.length === 0) return "<p>No SIP message was exchanged.</p>";
  const labels = input.capture?.labels ?? {};
  const name = (e: WirePacket["src"]) => labels[endpointKey(e)] ?? endpointKey(e);
  // The ladder's time base (the first step's start), so "+3 ms" means the same in both places.
  const start = startMs ?? packets[0].timestamp;
  const items = packets.map((p) => {
    const { text, cut } = readableRaw(p.payload);
    const more =
      cut > 0 ? `\n… ${cut} more bytes${input.rawHref ? "" : " (the whole message is in the pcap)"}` : "";
    const link =
      cut > 0 && input.rawHref ? ` <a href="${escapeHtml(input.rawHref(p))}">whole message</a>` : "";
    const summary = `#${p.index} ${relTime(Math.max(0, p.timestamp - start))} ${name(p.src)} → ${name(p.dst)} ${
      p.transport
    } · ${startLine(p.payload)} (${p.payload.length} bytes)`;
    return `<details class="msg" id="msg-${p.index}"><summary>${escapeHtml(summary)}</summary><pre>${escapeHtml(
      text + more,
    )}</pre>${link}</details>`;
  });
  return `<p><button id="expand-all" type="button">expand / collapse all</button></p>${items.join("\n")}`;
}

function renderDbRead(read: DbRead): string {
  const columns = [...new Set(read.rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => escapeHtml(v === null || v === undefined ? "NULL" : readableText(String(v)));
  const table =
    read.rows.length === 0
      ? "<p>no rows</p>"
      : `<table class="rows"><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>${read.rows
          .map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c])}</td>`).join("")}</tr>`)
          .join("")}</tbody></table>`;
  const shown = read.rowCount > read.rows.length ? ` (first ${read.rows.length} of ${read.rowCount})` : "";
  const params =
    read.params.length > 0 ? ` with ${escapeHtml(readableText(JSON.stringify(read.params)))}` : "";
  return `<div class="dbread"><code class="sql">${escapeHtml(read.sql.trim())}</code><small>${read.rowCount} row${
    read.rowCount === 1 ? "" : "s"
  }${shown}${params}</small>${table}</div>`;
}

function renderTags(input: ScenarioPageInput): string {
  const tags = input.result.tags.map((t) => {
    const entry = input.catalog.get(t.slice(1));
    return entry
      ? `<a href="${escapeHtml(input.links.index)}#${escapeHtml(entry.id)}" title="${escapeHtml(
          entry.summary,
        )}"><code>${escapeHtml(t)}</code></a>`
      : `<code>${escapeHtml(t)}</code>`;
  });
  return tags.length > 0 ? `<div class="tags">${tags.join("")}</div>` : "";
}

/** Steps with their times on the capture's clock when it has them, else Cucumber's. */
function ladderSteps(steps: readonly StepOutcome[], capture: ScenarioCapture): LadderStep[] {
  const timed = new Map((capture.steps ?? []).map((s) => [s.pickleStepId, s]));
  return steps.flatMap((s) => {
    if (s.hook) return [];
    const t = s.pickleStepId !== undefined ? timed.get(s.pickleStepId) : undefined;
    const startMs = t?.startMs ?? s.startMs;
    const endMs = t?.endMs ?? s.endMs;
    if (startMs === undefined || endMs === undefined) return [];
    return [{ text: s.text, keyword: s.keyword.trim(), startMs, endMs, status: s.status }];
  });
}

/** One scenario's page: result, steps, SIP ladder, every message, DB rows read, pcap link. */
export function renderScenarioPage(input: ScenarioPageInput): string {
  const r = input.result;
  const packets = input.capture?.packets ?? [];
  const labels = input.capture?.labels ?? {};
  const server = input.capture?.server;
  const model = input.capture
    ? buildLadderModel({
        packets,
        labels,
        order: server ? [endpointKey(server)] : [],
        steps: ladderSteps(r.steps, input.capture),
      })
    : undefined;
  const ladder = model
    ? renderLadderSvg(model, { title: r.name, inlineStyle: false })
    : "<p>No capture was kept for this run.</p>";
  const reads = input.capture?.dbReads ?? [];
  const links = [
    `<a href="${escapeHtml(input.links.index)}">coverage matrix</a>`,
    input.links.pcap ? `<a href="${escapeHtml(input.links.pcap)}" download>pcap</a>` : "",
  ].filter((l) => l !== "");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${r.name} · ${input.target}`)}</title>
<link rel="stylesheet" href="${escapeHtml(input.links.assets)}/scenario.css">
</head>
<body>
<nav>${links.join(" · ")}</nav>
<h1>${escapeHtml(r.name)}</h1>
<div class="meta"><span class="badge v-${escapeHtml(r.verdict)}" id="verdict">${escapeHtml(
    VERDICT_LABEL[r.verdict],
  )}</span> on <b>${escapeHtml(input.target)}</b> · ${escapeHtml(`${r.uri}:${r.line}`)} · ${r.durationMs} ms · ${
    packets.length
  } SIP messages</div>
${renderTags(input)}
${r.reason !== undefined ? `<div class="reason">${escapeHtml(readableText(r.reason))}</div>` : ""}
<h2>Steps</h2>
${renderSteps(r.steps)}
<h2>SIP ladder</h2>
<div class="ladder-wrap">${ladder}</div>
<h2>Messages</h2>
${renderMessages(input, packets, model?.startMs)}
<h2>Database rows read</h2>
${reads.length > 0 ? reads.map(renderDbRead).join("\n") : "<p>The scenario read no database rows.</p>"}
<script src="${escapeHtml(input.links.assets)}/scenario.js"></script>
</body>
</html>
`;
}
