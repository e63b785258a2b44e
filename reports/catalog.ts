import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";

/** Areas an ID may start with; the tag prefix of a scenario must be one of these. */
export const CATALOG_AREAS = [
  "REG",
  "UL",
  "MSILO",
  "PRES",
  "PXML",
  "PMWI",
  "PREGI",
  "PDLG",
  "PUA",
  "PUAREG",
  "PUABLA",
] as const;

/** A scenario tag that names a catalog entry: `@REG-F-save`. */
export const CATALOG_TAG_PATTERN = new RegExp(`^@(${CATALOG_AREAS.join("|")})-`);

/** `<AREA>-<KIND>-<name>`: KIND is upper-case (P, F, B, DB, RFC3261 …). */
const ID_PATTERN = new RegExp(`^(${CATALOG_AREAS.join("|")})-([A-Z][A-Z0-9]*)-([A-Za-z0-9_.-]+)$`);
const MODULE_PATTERN = /^[a-z][a-z0-9_]*$/;

/** One behaviour of the catalog (features/catalog/*.yaml). */
export interface CatalogEntry {
  id: string;
  /** Kamailio module: registrar, usrloc, msilo … */
  module: string;
  /** The KIND part of the ID. */
  kind: string;
  summary: string;
  /** Module doc section or RFC section. */
  source: string;
  /** Whether a SIP client or a look at the DB table can see it. */
  observable: boolean;
  note?: string;
  /** Kamailio 5.6 behaviour where it differs from the summary. */
  kamailio?: string;
}

export class CatalogError extends Error {
  readonly code = "SIPLAB_ERR_CATALOG";
  constructor(readonly problems: string[]) {
    super(`invalid behaviour catalog:\n  ${problems.join("\n  ")}`);
    this.name = "CatalogError";
  }
}

const REQUIRED_STRINGS = ["id", "module", "kind", "summary", "source"] as const;
const OPTIONAL_STRINGS = ["note", "kamailio"] as const;
const KNOWN_FIELDS = new Set<string>([...REQUIRED_STRINGS, ...OPTIONAL_STRINGS, "observable"]);

/** Splits a catalog ID into its parts, or undefined when it does not have the `<AREA>-<KIND>-<name>` form. */
export function parseCatalogId(id: string): { area: string; kind: string; name: string } | undefined {
  const m = ID_PATTERN.exec(id);
  return m ? { area: m[1], kind: m[2], name: m[3] } : undefined;
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === "string" && v.trim() !== "";
}

function checkEntry(raw: unknown, where: string, problems: string[]): CatalogEntry | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`${where}: entry is not a mapping`);
    return undefined;
  }
  const rec = raw as Record<string, unknown>;
  const id = isNonEmptyString(rec.id) ? rec.id : undefined;
  const at = id ? `${where} (${id})` : where;
  const before = problems.length;
  for (const key of Object.keys(rec))
    if (!KNOWN_FIELDS.has(key)) problems.push(`${at}: unknown field "${key}"`);
  for (const key of REQUIRED_STRINGS)
    if (!isNonEmptyString(rec[key])) problems.push(`${at}: "${key}" must be a non-empty string`);
  for (const key of OPTIONAL_STRINGS)
    if (rec[key] !== undefined && !isNonEmptyString(rec[key]))
      problems.push(`${at}: "${key}" must be a non-empty string when present`);
  if (typeof rec.observable !== "boolean") problems.push(`${at}: "observable" must be true or false`);
  else if (!rec.observable && rec.note === undefined)
    problems.push(`${at}: "note" must say why the entry is not observable`);
  if (id) {
    const parts = parseCatalogId(id);
    if (!parts)
      problems.push(`${at}: id must look like <AREA>-<KIND>-<name> with AREA in ${CATALOG_AREAS.join(",")}`);
    else if (isNonEmptyString(rec.kind) && rec.kind !== parts.kind)
      problems.push(`${at}: kind "${rec.kind}" does not match the id (expected "${parts.kind}")`);
  }
  if (isNonEmptyString(rec.module) && !MODULE_PATTERN.test(rec.module))
    problems.push(`${at}: module "${rec.module}" must be a lower-case module name`);
  if (problems.length > before) return undefined;
  const entry: CatalogEntry = {
    id: rec.id as string,
    module: rec.module as string,
    kind: rec.kind as string,
    summary: rec.summary as string,
    source: rec.source as string,
    observable: rec.observable as boolean,
  };
  if (rec.note !== undefined) entry.note = rec.note as string;
  if (rec.kamailio !== undefined) entry.kamailio = rec.kamailio as string;
  return entry;
}

/** Parses the text of one catalog file; problems are appended to `problems` (file name included). */
export function parseCatalogText(text: string, file: string, problems: string[]): CatalogEntry[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    problems.push(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
    return [];
  }
  if (!Array.isArray(doc)) {
    problems.push(`${file}: must be a YAML sequence of entries`);
    return [];
  }
  const entries: CatalogEntry[] = [];
  doc.forEach((raw, i) => {
    const entry = checkEntry(raw, `${file} entry #${i + 1}`, problems);
    if (entry) entries.push(entry);
  });
  return entries;
}

/** Checks that no ID appears twice across all files. */
function checkUnique(entries: Array<{ entry: CatalogEntry; file: string }>, problems: string[]): void {
  const seen = new Map<string, string>();
  for (const { entry, file } of entries) {
    const first = seen.get(entry.id);
    if (first !== undefined) problems.push(`${file} (${entry.id}): duplicate id, first defined in ${first}`);
    else seen.set(entry.id, file);
  }
}

/** Validates a set of catalog texts (file name → YAML text) and returns every entry, in file order. */
export function parseCatalog(files: Array<{ file: string; text: string }>): CatalogEntry[] {
  const problems: string[] = [];
  const located = files.flatMap(({ file, text }) =>
    parseCatalogText(text, file, problems).map((entry) => ({ entry, file })),
  );
  checkUnique(located, problems);
  if (problems.length > 0) throw new CatalogError(problems);
  return located.map((l) => l.entry);
}

/** The repository's catalog directory. */
export function defaultCatalogDir(): string {
  return join(__dirname, "..", "features", "catalog");
}

/**
 * Loads and validates every `*.yaml` in the catalog directory (sorted by name).
 * Throws a CatalogError listing each bad entry by file and ID.
 */
export function loadCatalog(dir: string = defaultCatalogDir()): CatalogEntry[] {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .sort();
  if (names.length === 0) throw new CatalogError([`${dir}: no *.yaml catalog files`]);
  return parseCatalog(names.map((file) => ({ file, text: readFileSync(join(dir, file), "utf8") })));
}
