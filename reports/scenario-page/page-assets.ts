import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LADDER_CSS } from "../ladder/ladder-svg";

/** Stylesheet shared by a target's scenario pages (linked, not repeated in each page). */
export const SCENARIO_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; max-width: 1200px; }
h1 { font-size: 1.3rem; margin: .25rem 0; }
h2 { font-size: 1.1rem; margin-top: 1.5rem; }
nav { font-size: 13px; }
.meta { color: #555; }
.badge { display: inline-block; padding: .1rem .5rem; border-radius: .3rem; font-weight: 600; }
.v-passed { background: #e3f6e5; color: #17612a; }
.v-failed { background: #fde4e4; color: #9b1c1c; }
.v-divergence, .v-divergence-not-reproduced { background: #fff3d6; color: #7a5200; }
.v-not-applicable { background: #eef0f3; color: #4a5563; }
.reason { margin: .5rem 0; padding: .5rem; background: #f6f6f8; border-left: 3px solid #999; white-space: pre-wrap; }
ol.steps { padding-left: 1.5rem; }
ol.steps li { margin: .1rem 0; }
ol.steps .kw { font-weight: 600; }
ol.steps .hook { color: #888; font-style: italic; }
ol.steps .s-FAILED { background: #fde4e4; }
ol.steps .s-SKIPPED, ol.steps .s-UNDEFINED, ol.steps .s-PENDING { color: #888; }
ol.steps .st { font-size: 12px; color: #666; margin-left: .5rem; }
ol.steps pre { margin: .25rem 0; white-space: pre-wrap; color: #9b1c1c; }
.tags code { margin-right: .4rem; }
.ladder-wrap { overflow-x: auto; border: 1px solid #ddd; padding: .5rem; }
details.msg { border-bottom: 1px solid #eee; }
details.msg summary { cursor: pointer; font-family: ui-monospace, monospace; font-size: 12px; padding: .15rem 0; }
details.msg pre { background: #f8f8fa; padding: .5rem; overflow-x: auto; font-size: 12px; margin: .25rem 0 .5rem; }
details.msg:target summary, details.msg.flash summary { background: #fff3b0; }
table.rows { border-collapse: collapse; font-size: 12px; margin: .25rem 0 1rem; }
table.rows th, table.rows td { border: 1px solid #ddd; padding: .2rem .4rem; text-align: left; vertical-align: top; max-width: 30rem; overflow-wrap: anywhere; }
code.sql { display: block; white-space: pre-wrap; }
`;

/**
 * Clicking an arrow of the ladder (a link to #msg-N) opens that message's details element and
 * brings it into view; a direct link with #msg-N does the same on load.
 */
export const SCENARIO_JS = `
(function () {
  function open(hash) {
    if (!hash || hash.indexOf("#msg-") !== 0) return;
    var el = document.getElementById(hash.slice(1));
    if (!el) return;
    el.open = true;
    el.classList.add("flash");
    el.scrollIntoView({ block: "center" });
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a") : null;
    if (!a) return;
    var href = a.getAttribute("href") || a.getAttribute("xlink:href") || "";
    if (href.indexOf("#msg-") === 0) { ev.preventDefault(); history.replaceState(null, "", href); open(href); }
  });
  document.getElementById("expand-all").addEventListener("click", function () {
    var all = document.querySelectorAll("details.msg"), anyClosed = false;
    all.forEach(function (d) { if (!d.open) anyClosed = true; });
    all.forEach(function (d) { d.open = anyClosed; });
  });
  open(location.hash);
})();
`;

/** Writes scenario.css (page and ladder styles) and scenario.js into `dir`, which must exist. */
export function writeScenarioAssets(dir: string): void {
  writeFileSync(join(dir, "scenario.css"), `${SCENARIO_CSS}\n${LADDER_CSS.replace(/\}/g, "}\n")}`);
  writeFileSync(join(dir, "scenario.js"), SCENARIO_JS);
}
