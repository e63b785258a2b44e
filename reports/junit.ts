import type { ScenarioResult } from "./run-results";

function xml(text: string): string {
  // XML 1.0 cannot carry most control characters even escaped; hostile scenario text may hold them.
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "?")
      .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  );
}

export interface JunitOptions {
  target: string;
  /** Link to the scenario's page, written into system-out for CI systems that show it. */
  pageHref?: (r: ScenarioResult) => string | undefined;
}

/**
 * JUnit XML of one run, one testcase per scenario (classname = feature file). Not applicable and
 * documented divergences are `<skipped>` with their reason, so a CI system never counts them as
 * passed; failures carry the failing step's message.
 */
export function renderJunit(results: readonly ScenarioResult[], options: JunitOptions): string {
  const failures = results.filter((r) => r.verdict === "failed").length;
  const skipped = results.filter((r) => r.verdict === "not-applicable" || r.verdict === "divergence").length;
  const seconds = results.reduce((t, r) => t + r.durationMs, 0) / 1000;
  const cases = results.map((r) => {
    const attrs = `classname="${xml(r.uri)}" name="${xml(r.name)} (line ${r.line})" time="${(
      r.durationMs / 1000
    ).toFixed(3)}"`;
    const props =
      r.catalogIds.length > 0
        ? `<properties>${r.catalogIds.map((id) => `<property name="catalog" value="${xml(id)}"/>`).join("")}</properties>`
        : "";
    let outcome = "";
    if (r.verdict === "failed")
      outcome = `<failure message="${xml((r.reason ?? "failed").slice(0, 500))}">${xml(r.reason ?? "")}</failure>`;
    else if (r.verdict === "not-applicable")
      outcome = `<skipped message="${xml(`not applicable: ${r.reason ?? ""}`)}"/>`;
    else if (r.verdict === "divergence")
      outcome = `<skipped message="${xml(`documented divergence: ${r.reason ?? ""}`)}"/>`;
    const page = options.pageHref?.(r);
    const out = page !== undefined ? `<system-out>${xml(`scenario page: ${page}`)}</system-out>` : "";
    return `  <testcase ${attrs}>${props}${outcome}${out}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="siplab" tests="${results.length}" failures="${failures}" skipped="${skipped}" time="${seconds.toFixed(3)}">
<testsuite name="${xml(options.target)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds.toFixed(3)}">
${cases.join("\n")}
</testsuite>
</testsuites>
`;
}
