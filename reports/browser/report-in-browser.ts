import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Page } from "playwright-core";

/** Debian's chromium; CHROMIUM_PATH points elsewhere. Playwright's own browser download is not used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// As root in a closed network: no sandbox, and no background connections that would be refused.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface BrowserCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** The report had nothing to check this on (e.g. no failed step in an all-green run). */
  skipped?: boolean;
}

async function check(results: BrowserCheck[], name: string, run: () => Promise<string>): Promise<void> {
  try {
    results.push({ name, ok: true, detail: await run() });
  } catch (err) {
    results.push({ name, ok: false, detail: (err as Error).message.split("\n")[0] });
  }
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function visibleRows(page: Page): Promise<number> {
  return page.locator("table.matrix tr.entry:not(.hidden)").count();
}

/**
 * Opens `<outDir>/index.html` in headless Chromium as a reader would and checks that the matrix
 * renders, that the filters filter, and that a scenario page shows its ladder and opens a message
 * when an arrow is clicked. Screenshots of both go to `<outDir>/screenshots/`.
 */
export async function checkReportInBrowser(outDir: string): Promise<BrowserCheck[]> {
  const index = join(outDir, "index.html");
  if (!existsSync(index)) throw new Error(`${index} does not exist: run npm run conformance first`);
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: bash scripts/install-report-tools.sh`);
  const shots = join(outDir, "screenshots");
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const results: BrowserCheck[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(index).href);
    let total = 0;
    await check(results, "matrix renders", async () => {
      total = await page.locator("table.matrix tr.entry").count();
      expect(total > 0, "no catalog rows in the matrix");
      expect(await page.locator("table.matrix").isVisible(), "the matrix is not visible");
      const targets = await page.locator("table.matrix thead th[data-t]").count();
      expect(targets > 0, "no target column");
      return `${total} catalog rows, ${targets} target column(s)`;
    });
    await page.screenshot({ path: join(shots, "matrix.png"), fullPage: false });
    await check(results, "verdict filter", async () => {
      await page.selectOption("#f-verdict", "passed");
      const shown = await visibleRows(page);
      const wrong = await page
        .locator("table.matrix tr.entry:not(.hidden)")
        .filter({ hasNot: page.locator('td[data-v="passed"]') })
        .count();
      expect(shown > 0, "no row left after filtering on passed");
      expect(wrong === 0, `${wrong} visible rows have no passed cell`);
      await page.selectOption("#f-verdict", "");
      expect((await visibleRows(page)) === total, "clearing the filter did not bring every row back");
      return `${shown} of ${total} rows have a passed cell`;
    });
    await check(results, "module filter", async () => {
      const modules = await page
        .locator("#f-module option")
        .evaluateAll((os) =>
          os.map((o) => (o as unknown as { value: string }).value).filter((v) => v !== ""),
        );
      expect(modules.length > 0, "no module to filter on");
      await page.selectOption("#f-module", modules[0]);
      const shown = await visibleRows(page);
      const other = await page
        .locator(`table.matrix tr.entry:not(.hidden):not([data-module="${modules[0]}"])`)
        .count();
      await page.selectOption("#f-module", "");
      expect(shown > 0 && other === 0, `module ${modules[0]}: ${shown} shown, ${other} of other modules`);
      return `${modules[0]}: ${shown} rows`;
    });
    await check(results, "targets-differ filter", async () => {
      await page.check("#f-differ");
      // Every row left shows at least two verdicts among the visible columns that ran it.
      const verdicts = await page
        .locator("table.matrix tr.entry:not(.hidden)")
        .evaluateAll((trs) =>
          trs.map((tr) =>
            [
              ...(tr as unknown as { querySelectorAll(s: string): Iterable<unknown> }).querySelectorAll(
                "td[data-v]:not(.hidden)",
              ),
            ]
              .map((td) => (td as { getAttribute(a: string): string }).getAttribute("data-v"))
              .filter((v) => v !== "not-run"),
          ),
        );
      await page.uncheck("#f-differ");
      const same = verdicts.filter((v) => new Set(v).size < 2).length;
      expect(same === 0, `${same} of ${verdicts.length} rows shown as differing show one verdict`);
      return `${verdicts.length} rows differ`;
    });
    let scenarioUrl = "";
    await check(results, "cell links to its scenario", async () => {
      const link = page.locator("table.matrix td[data-v] a").first();
      expect((await link.count()) > 0, "no verdict cell links to a scenario page");
      await link.click();
      await page.waitForLoadState("load");
      scenarioUrl = page.url();
      expect(scenarioUrl.includes("/scenarios/"), `the link led to ${scenarioUrl}`);
      return scenarioUrl.slice(scenarioUrl.lastIndexOf("/") + 1);
    });
    await check(results, "ladder SVG visible", async () => {
      expect(scenarioUrl !== "", "no scenario page was reached");
      // The cell's scenario may have sent no message; look further among the linked pages.
      await page.goto(pathToFileURL(index).href);
      const hrefs = await page
        .locator("table.matrix td[data-v] a")
        .evaluateAll((as) =>
          [...new Set(as.map((a) => (a as unknown as { href: string }).href))].slice(0, 40),
        );
      for (const href of hrefs) {
        await page.goto(href);
        if ((await page.locator("svg.ladder a").count()) > 0) break;
      }
      const arrows = await page.locator("svg.ladder a").count();
      expect(await page.locator("svg.ladder").isVisible(), "no visible svg.ladder");
      expect(arrows > 0, `none of ${hrefs.length} linked scenario pages has a ladder arrow`);
      // The stylesheet is linked (assets/scenario.css): a page without it has no coloured badge.
      const badge = await page
        .locator("#verdict")
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(el).backgroundColor,
        );
      expect(badge !== "rgba(0, 0, 0, 0)", "the page's stylesheet did not load");
      const box = await page.locator("svg.ladder").boundingBox();
      expect(box !== null && box.width > 100 && box.height > 50, "the ladder has no size");
      return `${arrows} arrows, ${Math.round(box!.width)}×${Math.round(box!.height)} px`;
    });
    await page.screenshot({ path: join(shots, "ladder.png"), fullPage: true });
    await check(results, "arrow opens its message", async () => {
      const arrow = page.locator("svg.ladder a").first();
      const href = (await arrow.getAttribute("href")) ?? "";
      await arrow.click();
      const details = page.locator(`details${href}`);
      expect(await details.evaluate((d) => (d as unknown as { open: boolean }).open), `${href} did not open`);
      expect(await details.locator("pre").isVisible(), "the raw message is not visible");
      return `${href} open`;
    });
    const failing = page.locator(
      'table.matrix td[data-v="failed"] a, table.matrix td[data-v="divergence"] a',
    );
    await page.goto(pathToFileURL(index).href);
    if ((await failing.count()) === 0) {
      results.push({
        name: "failed step highlighted",
        ok: true,
        skipped: true,
        detail: "no failed or divergent scenario in this run",
      });
    } else {
      await check(results, "failed step highlighted", async () => {
        await failing.first().click();
        await page.waitForLoadState("load");
        const step = page.locator("ol.steps li.s-FAILED");
        expect(await step.first().isVisible(), "no highlighted failed step in the step list");
        const marked = await page.locator("svg.ladder .failed-step").count();
        expect(marked > 0, "the ladder does not mark the failed step");
        await page.screenshot({ path: join(shots, "failed-step.png"), fullPage: true });
        return `${(await step.first().innerText()).split("\n")[0].slice(0, 80)}`;
      });
    }
    await check(results, "no script errors", async () => {
      expect(errors.length === 0, errors.join("; "));
      return "none";
    });
  } finally {
    await browser.close();
  }
  return results;
}
