import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CatalogError,
  CATALOG_TAG_PATTERN,
  loadCatalog,
  parseCatalog,
  parseCatalogId,
  parseCatalogText,
} from "./catalog";

const CATALOG_DIR = join(__dirname, "..", "features", "catalog");

// Every `###` heading and table-row ID of spec/catalog-registrar.md, copied so the test needs no outside files.
const REGISTRAR_SPEC_IDS = [
  "REG-P-default_expires",
  "REG-P-min_expires",
  "REG-P-max_expires",
  "REG-P-max_contacts",
  "REG-P-append_branches",
  "REG-P-case_sensitive",
  "REG-P-method_filtering",
  "UL-P-use_domain",
  "UL-P-db_mode",
  "UL-P-timer_interval",
  "REG-F-save",
  "REG-F-lookup",
  "REG-F-registered",
  "REG-F-unregister",
  "REG-B-contact-expires-precedence",
  "REG-B-unregister-one",
  "REG-B-unregister-all",
  "REG-B-query",
  "REG-B-multiple-contacts",
  "REG-B-callid-cseq",
  "REG-B-error-header",
  "REG-B-expiry",
  "REG-B-methods",
  "UL-B-callbacks",
  "UL-DB-location",
  "REG-RFC3261-200-bindings",
  "REG-RFC3261-423",
  "REG-RFC3261-to-aor",
];

const GOOD = `
- id: REG-F-save
  module: registrar
  kind: F
  summary: Stores bindings.
  source: registrar 5.6 §4.1
  observable: true
`;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof CatalogError, `expected CatalogError, got ${String(err)}`);
    assert.equal(err.code, "SIPLAB_ERR_CATALOG");
    return err.problems;
  }
  assert.fail("expected a CatalogError");
}

test("registrar.yaml holds exactly the spec's IDs, each once; siplab's additions live apart", () => {
  const idsOf = (file: string) => {
    const problems: string[] = [];
    const ids = parseCatalogText(readFileSync(join(CATALOG_DIR, file), "utf8"), file, problems).map(
      (e) => e.id,
    );
    assert.deepEqual(problems, []);
    return ids.sort();
  };
  assert.deepEqual(idsOf("registrar.yaml"), [...REGISTRAR_SPEC_IDS].sort());
  assert.deepEqual(idsOf("registrar-siplab.yaml"), [
    "REG-RFC3261-auth-challenge",
    "REG-RFC3261-auth-forbidden",
  ]);
  const registrar = loadCatalog().filter((e) => e.module === "registrar" || e.module === "usrloc");
  assert.equal(registrar.length, REGISTRAR_SPEC_IDS.length + 2);
});

test("registrar.yaml entries: module from the area, kind from the id, notes where not observable", () => {
  const byId = new Map(loadCatalog().map((e) => [e.id, e]));
  for (const id of REGISTRAR_SPEC_IDS) {
    const e = byId.get(id);
    assert.ok(e, id);
    assert.equal(e.module, id.startsWith("UL-") ? "usrloc" : "registrar", id);
    assert.equal(e.kind, parseCatalogId(id)?.kind, id);
    if (!e.observable) assert.ok(e.note, id);
  }
  assert.equal(byId.get("REG-F-registered")?.observable, false);
  assert.equal(byId.get("UL-B-callbacks")?.observable, false);
  assert.equal(byId.get("REG-F-save")?.observable, true);
  assert.match(byId.get("REG-RFC3261-423")?.kamailio ?? "", /min_expires_mode=1/);
  assert.equal(byId.get("REG-RFC3261-423")?.kind, "RFC3261");
  assert.equal(byId.get("UL-DB-location")?.kind, "DB");
});

test("parseCatalogId splits area, kind and name", () => {
  assert.deepEqual(parseCatalogId("REG-RFC3261-200-bindings"), {
    area: "REG",
    kind: "RFC3261",
    name: "200-bindings",
  });
  assert.deepEqual(parseCatalogId("UL-DB-location"), { area: "UL", kind: "DB", name: "location" });
  assert.equal(parseCatalogId("FOO-P-x"), undefined);
  assert.equal(parseCatalogId("REG-p-x"), undefined);
  assert.ok(CATALOG_TAG_PATTERN.test("@PUAREG-B-publish-trigger"));
  assert.ok(!CATALOG_TAG_PATTERN.test("@kamailio-divergence"));
});

test("a valid file parses into typed entries", () => {
  const [e] = parseCatalog([{ file: "a.yaml", text: GOOD }]);
  assert.deepEqual(e, {
    id: "REG-F-save",
    module: "registrar",
    kind: "F",
    summary: "Stores bindings.",
    source: "registrar 5.6 §4.1",
    observable: true,
  });
});

test("duplicate IDs across files are named with both files", () => {
  const problems = problemsOf(() =>
    parseCatalog([
      { file: "a.yaml", text: GOOD },
      { file: "b.yaml", text: GOOD },
    ]),
  );
  assert.deepEqual(problems, ["b.yaml (REG-F-save): duplicate id, first defined in a.yaml"]);
});

test("missing fields, wrong kind, unknown field and a bad id are reported by file and id", () => {
  const text = `
- id: REG-B-x
  module: registrar
  kind: F
  source: s
  observable: true
  observeable: true
- id: NOPE-B-y
  module: Registrar
  kind: B
  summary: s
  source: s
  observable: false
- 42
`;
  const problems = problemsOf(() => parseCatalog([{ file: "bad.yaml", text }]));
  assert.deepEqual(problems, [
    'bad.yaml entry #1 (REG-B-x): unknown field "observeable"',
    'bad.yaml entry #1 (REG-B-x): "summary" must be a non-empty string',
    'bad.yaml entry #1 (REG-B-x): kind "F" does not match the id (expected "B")',
    'bad.yaml entry #2 (NOPE-B-y): "note" must say why the entry is not observable',
    "bad.yaml entry #2 (NOPE-B-y): id must look like <AREA>-<KIND>-<name> with AREA in REG,UL,MSILO,PRES,PXML,PMWI,PREGI,PDLG,PUA,PUAREG,PUABLA",
    'bad.yaml entry #2 (NOPE-B-y): module "Registrar" must be a lower-case module name',
    "bad.yaml entry #3: entry is not a mapping",
  ]);
});

test("a file that is not a sequence or not YAML is rejected", () => {
  assert.match(
    problemsOf(() => parseCatalog([{ file: "m.yaml", text: "id: x" }]))[0],
    /^m\.yaml: must be a YAML sequence/,
  );
  assert.match(
    problemsOf(() => parseCatalog([{ file: "y.yaml", text: "- [unclosed" }]))[0],
    /^y\.yaml: not valid YAML/,
  );
});

test("loadCatalog reads every *.yaml of a directory in name order", () => {
  const dir = mkdtempSync(join(tmpdir(), "siplab-catalog-"));
  try {
    writeFileSync(join(dir, "b.yaml"), GOOD);
    writeFileSync(join(dir, "a.yaml"), GOOD.replace("REG-F-save", "REG-F-lookup"));
    writeFileSync(join(dir, "README.md"), "not a catalog");
    assert.deepEqual(
      loadCatalog(dir).map((e) => e.id),
      ["REG-F-lookup", "REG-F-save"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
