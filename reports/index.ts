export {
  CATALOG_AREAS,
  CATALOG_TAG_PATTERN,
  CatalogError,
  defaultCatalogDir,
  loadCatalog,
  parseCatalog,
  parseCatalogId,
  parseCatalogText,
  type CatalogEntry,
} from "./catalog";
export {
  parseRun,
  readRun,
  RunResultError,
  type RunResult,
  type StepOutcome,
  type ScenarioResult,
  type Verdict,
} from "./run-results";
export {
  formatBreakdownLine,
  formatSummary,
  formatSummaryLine,
  summarize,
  type RunSummary,
} from "./run-summary";
export {
  cellVerdict,
  coverageRows,
  unknownIds,
  type CellVerdict,
  type CoverageCell,
  type CoverageRow,
  type RunInput,
} from "./coverage";
export { buildIndex, escapeHtml, renderIndex, type IndexInput } from "./build-index";
