// Renders a ladder model as one self-contained inline SVG string: no script, no external assets, no ids.
import { DEFAULT_ANCHOR_PREFIX, type LadderArrow, type LadderModel, type LadderStep } from "./ladder-model";

/** Options of {@link renderLadderSvg}. */
export interface LadderSvgOptions {
  /** Overrides the model's anchor prefix: arrow i links to `#${anchorPrefix}${packet.index}`. */
  anchorPrefix?: string;
  /** Accessible name of the diagram (the root's aria-label starts with it). */
  title?: string;
  /**
   * false: leave out the `<style>`; the page then links {@link LADDER_CSS} once for all its
   * diagrams (a report of hundreds of pages would otherwise repeat it in every one).
   */
  inlineStyle?: boolean;
}

const TIME_W = 100; // left column with "+123 ms udp"
const COL_W = 200;
const ROW_H = 24;
const HEAD_H = 48;
const TOP = HEAD_H + 8;
const CHAR_W = 7.2; // generous average glyph width of 12px text, used to shorten labels
const RETRANS_W = 84; // room taken by the small " retransmission" suffix

// Every selector is scoped under .ladder: a <style> in inline SVG applies to the whole HTML page.
export const LADDER_CSS = [
  ".ladder{font:12px system-ui,-apple-system,'Segoe UI',sans-serif;background:#fff}",
  ".ladder text{fill:#222}",
  ".ladder .l-hd{fill:#f3f5f8;stroke:#9aa5b1}",
  ".ladder .l-ht{font-weight:600;text-anchor:middle}",
  ".ladder .l-hk{font-size:10px;fill:#667;text-anchor:middle}",
  ".ladder .l-life{stroke:#c5ccd6}",
  ".ladder .l-t{font:11px ui-monospace,monospace;fill:#667;text-anchor:end}",
  ".ladder .l-tp{fill:#9aa3ad}",
  ".ladder .arrow{--c:#1a2f7a}",
  ".ladder .s1{--c:#7b8591}.ladder .s2{--c:#1e7d32}.ladder .s3{--c:#d9822b}",
  ".ladder .s4{--c:#d35400}.ladder .s5,.ladder .s6{--c:#c0392b}.ladder .unparseable{--c:#8e44ad}",
  ".ladder .arrow path{stroke:var(--c);stroke-width:1.5;fill:none}",
  ".ladder .arrow .l-h{fill:var(--c);stroke:none}",
  ".ladder .retransmission path:not(.l-h){stroke-dasharray:5 3}",
  ".ladder .arrow text,.ladder .step text{paint-order:stroke;stroke:#fff;stroke-width:3px}",
  ".ladder .arrow text{fill:var(--c);text-anchor:middle}",
  ".ladder .arrow .l-s{text-anchor:start}",
  ".ladder .l-rt{font-size:10px;font-style:italic}",
  ".ladder .l-hit{fill:transparent}.ladder a:hover .l-hit{fill:#0000000f}",
  ".ladder .step path{stroke:#9aa5b1;stroke-dasharray:2 2}",
  ".ladder .step text{font-weight:600;fill:#445}",
  ".ladder rect.failed-step{fill:#c0392b;fill-opacity:.08}",
  ".ladder .failed-step path{stroke:#c0392b;stroke-dasharray:none}",
  ".ladder .failed-step text,.ladder text.failed-step{fill:#c0392b;font-weight:600}",
].join("");

/**
 * Drops what XML 1.0 forbids or what would garble the picture: C0/C1 controls (NUL included), lone
 * surrogates, U+FFFE/U+FFFF and bidi overrides (a hostile method name must not flip the text).
 */
export function cleanText(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x09 || c === 0x0a || c === 0x0d) out += " ";
    else if (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0xd800 && c <= 0xdfff) ||
      c === 0xfffe ||
      c === 0xffff ||
      c === 0x200e ||
      c === 0x200f ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    )
      continue;
    else out += ch;
  }
  return out;
}

/** Cleans and escapes text for element content and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Cleans, shortens to `max` code points with an ellipsis, then escapes. */
function fit(text: string, max: number): string {
  const chars = Array.from(cleanText(text));
  const short = chars.length <= max ? chars.join("") : `${chars.slice(0, Math.max(1, max - 1)).join("")}…`;
  return escapeXml(short);
}

/** "+1.5 ms", "+31 ms": a time after the ladder's start, as its left column and the page print it. */
export function relTime(ms: number): string {
  // Sub-10 ms gaps keep one decimal (a fast reply next to its request), without a trailing ".0".
  return `+${Math.abs(ms) < 10 ? Math.round(ms * 10) / 10 : Math.round(ms)} ms`;
}

function stepText(step: LadderStep): string {
  const keyword = step.keyword?.trim();
  return keyword ? `${keyword} ${step.text}` : step.text;
}

type Row =
  { kind: "arrow"; arrow: LadderArrow } | { kind: "step"; step: number } | { kind: "failed"; step: number };

/**
 * Row order: a separator before the first packet of each step, and for the failed step a marker
 * after its last packet, or, when it sent nothing, a separator and marker where it ended in time.
 */
function layoutRows(model: LadderModel): Row[] {
  const failed = model.failedStep;
  const rows: Row[] = [];
  const shown = new Set<number>();
  let lastOfFailed = -1;
  model.arrows.forEach((a, i) => {
    if (failed !== undefined && a.stepIndex === failed) lastOfFailed = i;
  });
  let emptyFailedPending = failed !== undefined && lastOfFailed === -1;
  const placeEmptyFailed = (step: number): void => {
    rows.push({ kind: "step", step }, { kind: "failed", step });
    emptyFailedPending = false;
  };
  model.arrows.forEach((arrow, i) => {
    if (emptyFailedPending && failed !== undefined && arrow.timestamp > model.steps[failed].endMs) {
      placeEmptyFailed(failed);
    }
    if (arrow.stepIndex !== undefined && !shown.has(arrow.stepIndex)) {
      shown.add(arrow.stepIndex);
      rows.push({ kind: "step", step: arrow.stepIndex });
    }
    rows.push({ kind: "arrow", arrow });
    if (i === lastOfFailed && failed !== undefined) rows.push({ kind: "failed", step: failed });
  });
  if (emptyFailedPending && failed !== undefined) placeEmptyFailed(failed);
  return rows;
}

const colX = (col: number): number => TIME_W + col * COL_W + COL_W / 2;

function arrowClass(a: LadderArrow): string {
  const status = a.kind === "response" && a.status !== undefined ? ` s${Math.floor(a.status / 100)}` : "";
  return `arrow ${a.kind}${status}${a.retransmission ? " retransmission" : ""}`;
}

function renderArrow(model: LadderModel, a: LadderArrow, top: number, prefix: string): string {
  const y = top + 17;
  const x1 = colX(a.from);
  const x2 = colX(a.to);
  const cols = model.columns;
  const route = `${cols[a.from]?.title ?? "?"} → ${cols[a.to]?.title ?? "?"}`;
  const tip = `#${a.index} ${a.label} · ${route} · ${a.detail}${a.retransmission ? " · retransmission" : ""}`;
  const rt = a.retransmission ? `<tspan class="l-rt"> retransmission</tspan>` : "";
  const room = (a.from === a.to ? COL_W - 44 : Math.abs(x2 - x1) - 16) - (a.retransmission ? RETRANS_W : 0);
  const label = fit(a.label, Math.max(6, Math.floor(room / CHAR_W)));
  let shape: string;
  if (a.from === a.to) {
    // A loop to the right of the lifeline, its label beside it.
    shape =
      `<rect class="l-hit" x="${x1}" y="${top}" width="${COL_W - 8}" height="${ROW_H}"/>` +
      `<path d="M${x1} ${y - 8}h26v9h-26"/><path class="l-h" d="M${x1} ${y + 1}l8-4v8z"/>` +
      `<text class="l-s" x="${x1 + 32}" y="${y}">${label}${rt}</text>`;
  } else {
    const dir = x2 > x1 ? -8 : 8;
    shape =
      `<rect class="l-hit" x="${Math.min(x1, x2)}" y="${top}" width="${Math.abs(x2 - x1)}" height="${ROW_H}"/>` +
      `<path d="M${x1} ${y}H${x2}"/><path class="l-h" d="M${x2} ${y}l${dir}-4v8z"/>` +
      `<text x="${(x1 + x2) / 2}" y="${y - 4}">${label}${rt}</text>`;
  }
  const time = relTime(a.timestamp - model.startMs);
  return (
    `<a href="#${escapeXml(prefix)}${a.index}" class="${arrowClass(a)}"><title>${escapeXml(tip)}</title>` +
    `${shape}</a><text class="l-t" x="${TIME_W - 6}" y="${y}">${time} <tspan class="l-tp">${a.transport}</tspan></text>`
  );
}

function renderStepRow(model: LadderModel, step: number, top: number, width: number): string {
  const s = model.steps[step];
  const failed = step === model.failedStep;
  const status = s.status.toUpperCase();
  const suffix = status === "PASSED" || failed ? "" : ` (${status.toLowerCase()})`;
  const text = stepText(s) + suffix;
  const y = top + ROW_H - 5;
  return (
    `<g class="step${failed ? " failed-step" : ""}"><title>${escapeXml(text)}</title>` +
    `<path d="M0 ${y}H${width}"/><text x="6" y="${y - 4}">${fit(text, Math.floor(width / CHAR_W))}</text></g>`
  );
}

function renderHeader(model: LadderModel, y: number): string {
  const max = Math.floor((COL_W - 24) / CHAR_W);
  return model.columns
    .map((c, i) => {
      const x = colX(i);
      const key =
        c.title === c.key ? "" : `<text class="l-hk" x="${x}" y="${y + 29}">${fit(c.key, max + 4)}</text>`;
      return (
        `<g><title>${escapeXml(c.title === c.key ? c.key : `${c.title} (${c.key})`)}</title>` +
        `<rect class="l-hd" x="${x - COL_W / 2 + 8}" y="${y}" width="${COL_W - 16}" height="36" rx="4"/>` +
        `<text class="l-ht" x="${x}" y="${y + (key ? 15 : 22)}">${fit(c.title, max)}</text>${key}</g>`
      );
    })
    .join("");
}

function svgOpen(width: number, height: number, label: string, style: boolean, extraClass = ""): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="ladder${extraClass}" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" role="img" aria-label="${escapeXml(label)}">` +
    (style ? `<style>${LADDER_CSS}</style>` : "")
  );
}

function renderEmpty(model: LadderModel, title: string, style: boolean): string {
  const failed = model.failedStep === undefined ? undefined : model.steps[model.failedStep];
  const height = failed ? 52 : 32;
  const marker = failed
    ? `<text class="failed-step" x="8" y="42">${fit(`✗ step failed: ${stepText(failed)}`, 80)}</text>`
    : "";
  return (
    `${svgOpen(480, height, `${title}: no SIP messages were exchanged`, style, " empty")}` +
    `<text x="8" y="20">no SIP messages were exchanged</text>${marker}</svg>`
  );
}

/**
 * Renders the model as an inline SVG string (root class `ladder`, role="img", aria-label, viewBox).
 * Every arrow is an `<a href="#<prefix><packet index>">` with a `<title>` tooltip and the classes
 * `arrow request|response|unparseable` (+ `sN` for an N×× response, + `retransmission`). All text
 * is cleaned of control characters and XML-escaped. With no arrows it says "no SIP messages were
 * exchanged". The SVG holds no ids, so several diagrams can share one page.
 */
export function renderLadderSvg(model: LadderModel, options: LadderSvgOptions = {}): string {
  const title = options.title ?? "SIP ladder diagram";
  const style = options.inlineStyle ?? true;
  if (model.arrows.length === 0) return renderEmpty(model, title, style);
  const prefix = options.anchorPrefix ?? model.anchorPrefix ?? DEFAULT_ANCHOR_PREFIX;
  const rows = layoutRows(model);
  const width = TIME_W + model.columns.length * COL_W + 8;
  const bodyEnd = TOP + rows.length * ROW_H;
  // Long ladders repeat the column titles at the bottom, where the reader has scrolled to.
  const footer = rows.length > 25;
  const height = bodyEnd + (footer ? 52 : 12);

  const parts: string[] = [];
  const failedRows = rows.flatMap((r, i) => (r.kind !== "arrow" && r.step === model.failedStep ? [i] : []));
  if (failedRows.length > 0) {
    const first = Math.min(...failedRows);
    const last = Math.max(...failedRows);
    parts.push(
      `<rect class="failed-step" x="0" y="${TOP + first * ROW_H}" width="${width}" height="${(last - first + 1) * ROW_H}"/>`,
    );
  }
  parts.push(renderHeader(model, 6));
  const lifelines = model.columns.map((_, i) => `M${colX(i)} 42V${bodyEnd}`).join("");
  parts.push(`<path class="l-life" d="${lifelines}"/>`);
  rows.forEach((row, i) => {
    const top = TOP + i * ROW_H;
    if (row.kind === "arrow") parts.push(renderArrow(model, row.arrow, top, prefix));
    else if (row.kind === "step") parts.push(renderStepRow(model, row.step, top, width));
    else {
      const text = `✗ step failed: ${stepText(model.steps[row.step])}`;
      parts.push(
        `<text class="failed-step" x="6" y="${top + 16}">${fit(text, Math.floor(width / CHAR_W))}</text>`,
      );
    }
  });
  if (footer) parts.push(renderHeader(model, bodyEnd + 8));

  const failedNote =
    model.failedStep === undefined
      ? ""
      : `, step failed: ${Array.from(cleanText(stepText(model.steps[model.failedStep])))
          .slice(0, 200)
          .join("")}`;
  const label = `${title}: ${model.arrows.length} SIP messages between ${model.columns.length} endpoints${failedNote}`;
  return `${svgOpen(width, height, label, style)}${parts.join("\n")}</svg>`;
}
