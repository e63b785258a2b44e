import { test } from "node:test";
import assert from "node:assert/strict";
import { renderIndex } from "../build-index";
import type { CatalogEntry } from "../catalog";
import type { RunInput } from "../coverage";
import type { ScenarioResult } from "../run-results";
import { INDEX_JS } from "./index-js";

/** Just enough DOM for the filter script, built from the rendered matrix rows (no browser needed). */
class FakeElement {
  readonly classes: Set<string>;
  nextElementSibling: FakeElement | null = null;
  readonly children: FakeElement[] = [];
  value = "";
  checked = false;
  private listener: (() => void) | undefined;
  constructor(readonly attrs: Record<string, string>) {
    this.classes = new Set((attrs.class ?? "").split(/\s+/).filter((c) => c !== ""));
  }
  readonly classList = {
    toggle: (c: string, on: boolean) => (on ? this.classes.add(c) : this.classes.delete(c)),
    contains: (c: string) => this.classes.has(c),
  };
  getAttribute(name: string): string | null {
    return this.attrs[name] ?? null;
  }
  addEventListener(_type: string, fn: () => void): void {
    this.listener = fn;
  }
  change(): void {
    this.listener?.();
  }
  querySelectorAll(_sel: "td[data-t]"): FakeElement[] {
    return this.children.filter((c) => c.attrs["data-t"] !== undefined);
  }
}

function attrsOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

function fakeDocument(html: string) {
  const matrix = html.slice(html.indexOf('<table class="matrix">'));
  const rows = [...matrix.matchAll(/<tr([^>]*)>([^]*?)<\/tr>/g)].map((m) => {
    const tr = new FakeElement(attrsOf(m[1]));
    for (const cell of m[2].matchAll(/<(td|th)([^>]*)>/g))
      tr.children.push(new FakeElement(attrsOf(cell[2])));
    return tr;
  });
  rows.forEach((tr, i) => (tr.nextElementSibling = rows[i + 1] ?? null));
  const controls = new Map(
    ["f-module", "f-verdict", "f-target", "f-differ", "f-instances"].map((id) => [id, new FakeElement({})]),
  );
  const all = rows.flatMap((r) => [r, ...r.children]);
  const document = {
    getElementById: (id: string) => controls.get(id),
    querySelectorAll: (sel: string) => {
      if (sel === "[data-t]") return all.filter((e) => e.attrs["data-t"] !== undefined);
      if (sel === "tr.entry" || sel === "tr.group") return rows.filter((r) => r.classes.has(sel.slice(3)));
      if (sel === ".totals .instance") return [];
      throw new Error(`selector not faked: ${sel}`);
    },
  };
  new Function("document", INDEX_JS)(document);
  const visible = () =>
    rows.filter((r) => !r.classes.has("hidden") && r.attrs.id !== undefined).map((r) => r.attrs.id);
  const set = (id: string, value: string | boolean) => {
    const el = controls.get(id);
    assert.ok(el);
    if (typeof value === "boolean") el.checked = value;
    else el.value = value;
    el.change();
  };
  return { rows, visible, set };
}

const entry = (id: string, module: string): CatalogEntry => ({
  id,
  module,
  kind: "B",
  summary: id,
  source: "s",
  observable: true,
});
const result = (id: string, verdict: ScenarioResult["verdict"]): ScenarioResult => ({
  name: id,
  steps: [],
  uri: "f.feature",
  line: 1,
  tags: [`@${id}`],
  catalogIds: [id],
  verdict,
  durationMs: 0,
});
const CATALOG = [entry("REG-B-a", "registrar"), entry("REG-B-b", "registrar"), entry("UL-B-c", "usrloc")];
const RUNS: RunInput[] = [
  {
    target: "embedded",
    results: [result("REG-B-a", "passed"), result("REG-B-b", "passed"), result("UL-B-c", "passed")],
  },
  { target: "kamailio", results: [result("REG-B-a", "passed"), result("REG-B-b", "failed")] },
];

test("filters by module, verdict, target and 'targets differ'; empty groups hide", () => {
  const dom = fakeDocument(renderIndex({ catalog: CATALOG, runs: RUNS }));
  assert.deepEqual(dom.visible(), ["REG-B-a", "REG-B-b", "UL-B-c"]);

  dom.set("f-module", "usrloc");
  assert.deepEqual(dom.visible(), ["UL-B-c"]);
  const registrarGroup = dom.rows.find(
    (r) => r.classes.has("group") && r.nextElementSibling?.attrs.id === "REG-B-a",
  );
  assert.ok(registrarGroup?.classes.has("hidden"), "group without visible rows is hidden");
  dom.set("f-module", "");

  dom.set("f-verdict", "failed");
  assert.deepEqual(dom.visible(), ["REG-B-b"]);
  dom.set("f-target", "0");
  assert.deepEqual(dom.visible(), [], "nothing failed on embedded");
  const kamailioCells = dom.rows.flatMap((r) => r.children).filter((c) => c.attrs["data-t"] === "1");
  assert.ok(
    kamailioCells.length > 0 && kamailioCells.every((c) => c.classes.has("hidden")),
    "other target's column hidden",
  );
  dom.set("f-target", "1");
  assert.deepEqual(dom.visible(), ["REG-B-b"]);

  dom.set("f-verdict", "");
  dom.set("f-target", "");
  dom.set("f-differ", true);
  // UL-B-c did not run on kamailio: "not run here" is no difference.
  assert.deepEqual(dom.visible(), ["REG-B-b"]);
});

test("a family's instance columns stay hidden until 'every instance' is ticked; its folded column shows", () => {
  const family: RunInput[] = [
    { target: "embedded", results: [result("REG-B-a", "passed"), result("REG-B-b", "passed")] },
    { target: "kamailio", family: "kamailio", results: [result("REG-B-a", "not-applicable")] },
    { target: "kamailio-limits", family: "kamailio", results: [result("REG-B-a", "passed")] },
  ];
  const html = renderIndex({ catalog: CATALOG, runs: family });
  const dom = fakeDocument(html);
  const cells = (t: string) => dom.rows.flatMap((r) => r.children).filter((c) => c.attrs["data-t"] === t);
  // Columns: embedded, kamailio (2 instances), kamailio, kamailio-limits.
  assert.match(html, /<th data-t="1">kamailio \(2 instances\)<\/th>/);
  assert.ok(
    cells("1").every((c) => !c.classes.has("hidden")),
    "folded column shown",
  );
  assert.ok(
    cells("2").every((c) => c.classes.has("hidden")),
    "instance hidden",
  );
  dom.set("f-instances", true);
  assert.ok(
    cells("2").every((c) => !c.classes.has("hidden")),
    "instance shown on request",
  );
  dom.set("f-differ", true);
  // REG-B-a: passed on embedded, passed folded (limits ran it); REG-B-b never ran on kamailio.
  assert.deepEqual(dom.visible(), []);
});
