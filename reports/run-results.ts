import { readFileSync } from "node:fs";
import { CATALOG_TAG_PATTERN } from "./catalog";
import {
  toMillis,
  type Envelope,
  type Pickle,
  type TestCase,
  type TestStepResult,
} from "./cucumber-messages";
import { commentAboveTag, indexGherkinDocument, type GherkinIndex } from "./gherkin-index";

/**
 * - passed / failed: as run.
 * - not-applicable: skipped with a `not applicable: <reason>` attachment.
 * - divergence: failed on a target whose known difference is tagged `@<target>-divergence`.
 * - divergence-not-reproduced: tagged as diverging on the target but passed there (reported, not a failure).
 */
export type Verdict = "passed" | "failed" | "not-applicable" | "divergence" | "divergence-not-reproduced";

export interface ScenarioResult {
  name: string;
  /** Feature file, as Cucumber reports it. */
  uri: string;
  line: number;
  tags: string[];
  /** Catalog IDs among the tags, without `@`. */
  catalogIds: string[];
  verdict: Verdict;
  reason?: string;
  durationMs: number;
  /** testCaseStartedId of the attempt the verdict comes from: it names the scenario's capture file. */
  attemptId?: string;
  /** The attempt's steps and hooks, in run order. */
  steps: StepOutcome[];
}

/** One step (or hook) of a scenario attempt as it ran. */
export interface StepOutcome {
  /** "Given ", "And ", … ; empty for hooks. */
  keyword: string;
  /** The step text; "Before hook" / "After hook" for hooks. */
  text: string;
  hook: boolean;
  /** The pickle step it ran (absent for hooks): captures time steps by it. */
  pickleStepId?: string;
  status: string;
  startMs?: number;
  endMs?: number;
  /** The failure message (first lines) of a failed step. */
  message?: string;
}

/** The scenarios of one run against one target, in the order Cucumber ran them. */
export type RunResult = ScenarioResult[];

export class RunResultError extends Error {
  readonly code = "SIPLAB_ERR_RUN_RESULTS";
  constructor(message: string) {
    super(message);
    this.name = "RunResultError";
  }
}

const NOT_APPLICABLE = "not applicable: ";
const FAILING = new Set(["FAILED", "AMBIGUOUS", "UNDEFINED", "PENDING", "UNKNOWN"]);

interface Attempt {
  id: string;
  attempt: number;
  startedMs?: number;
  finishedMs?: number;
  finished: boolean;
  willBeRetried: boolean;
  steps: Array<{ testStepId: string; result: TestStepResult; finishedMs?: number }>;
  stepStarts: Map<string, number>;
  attachments: string[];
}

/** Everything the NDJSON says, indexed by id. */
interface Messages {
  documents: Map<string, GherkinIndex>;
  pickles: Map<string, Pickle>;
  testCases: TestCase[];
  attempts: Map<string, Attempt[]>;
  attemptById: Map<string, Attempt>;
}

function parseLines(text: string, source: string): Envelope[] {
  const envelopes: Envelope[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      envelopes.push(JSON.parse(line) as Envelope);
    } catch (err) {
      throw new RunResultError(`${source}:${i + 1}: not a JSON message (${(err as Error).message})`);
    }
  });
  return envelopes;
}

function decodeBody(a: NonNullable<Envelope["attachment"]>): string {
  const body = a.body ?? "";
  return a.contentEncoding === "BASE64" ? Buffer.from(body, "base64").toString("utf8") : body;
}

function collect(envelopes: Envelope[]): Messages {
  const m: Messages = {
    documents: new Map(),
    pickles: new Map(),
    testCases: [],
    attempts: new Map(),
    attemptById: new Map(),
  };
  for (const e of envelopes) {
    if (e.gherkinDocument?.uri !== undefined)
      m.documents.set(e.gherkinDocument.uri, indexGherkinDocument(e.gherkinDocument));
    else if (e.pickle?.id !== undefined) m.pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase?.id !== undefined) m.testCases.push(e.testCase);
    else if (e.testCaseStarted?.id !== undefined && e.testCaseStarted.testCaseId !== undefined) {
      const a: Attempt = {
        id: e.testCaseStarted.id,
        attempt: e.testCaseStarted.attempt ?? 0,
        startedMs: toMillis(e.testCaseStarted.timestamp),
        finished: false,
        willBeRetried: false,
        steps: [],
        stepStarts: new Map(),
        attachments: [],
      };
      m.attemptById.set(e.testCaseStarted.id, a);
      const list = m.attempts.get(e.testCaseStarted.testCaseId) ?? [];
      list.push(a);
      m.attempts.set(e.testCaseStarted.testCaseId, list);
    } else if (e.testStepStarted) {
      const a = m.attemptById.get(e.testStepStarted.testCaseStartedId ?? "");
      const at = toMillis(e.testStepStarted.timestamp);
      if (a && at !== undefined) a.stepStarts.set(e.testStepStarted.testStepId ?? "", at);
    } else if (e.testStepFinished) {
      const a = m.attemptById.get(e.testStepFinished.testCaseStartedId ?? "");
      a?.steps.push({
        testStepId: e.testStepFinished.testStepId ?? "",
        result: e.testStepFinished.testStepResult ?? {},
        finishedMs: toMillis(e.testStepFinished.timestamp),
      });
    } else if (e.testCaseFinished) {
      const a = m.attemptById.get(e.testCaseFinished.testCaseStartedId ?? "");
      if (a) {
        a.finished = true;
        a.willBeRetried = e.testCaseFinished.willBeRetried === true;
        a.finishedMs = toMillis(e.testCaseFinished.timestamp);
      }
    } else if (e.attachment) {
      const a = m.attemptById.get(e.attachment.testCaseStartedId ?? "");
      a?.attachments.push(decodeBody(e.attachment));
    }
  }
  return m;
}

function describeFailure(
  result: TestStepResult,
  testCase: TestCase,
  testStepId: string,
  pickle: Pickle,
): string {
  const step = testCase.testSteps?.find((s) => s.id === testStepId);
  const text = pickle.steps?.find((s) => s.id === step?.pickleStepId)?.text;
  const what = text !== undefined ? `step "${text}"` : step?.hookId !== undefined ? "hook" : "step";
  switch (result.status) {
    case "FAILED":
      return result.exception?.message ?? result.message?.split("\n")[0] ?? `${what} failed`;
    case "UNDEFINED":
      return `undefined ${what}`;
    case "AMBIGUOUS":
      return `ambiguous ${what}`;
    case "PENDING":
      return `pending ${what}`;
    default:
      return `${what} ended with status ${result.status ?? "UNKNOWN"}`;
  }
}

/** The verdict of the attempt itself, before divergence tags are considered. */
function attemptVerdict(
  a: Attempt | undefined,
  testCase: TestCase,
  pickle: Pickle,
): { verdict: "passed" | "failed" | "not-applicable"; reason?: string; assertion?: boolean } {
  if (!a) return { verdict: "failed", reason: "never started" };
  if (!a.finished || a.willBeRetried) return { verdict: "failed", reason: "did not finish" };
  const failing = a.steps.find((s) => FAILING.has(s.result.status ?? "UNKNOWN"));
  if (failing) {
    const reason = describeFailure(failing.result, testCase, failing.testStepId, pickle);
    return { verdict: "failed", reason, assertion: failing.result.status === "FAILED" };
  }
  if (a.steps.some((s) => s.result.status === "SKIPPED")) {
    const na = a.attachments.find((b) => b.startsWith(NOT_APPLICABLE));
    // A skipped scenario must never look like a pass: only a stated reason makes it "not applicable".
    if (na === undefined) return { verdict: "failed", reason: "skipped without a not-applicable reason" };
    return { verdict: "not-applicable", reason: na.slice(NOT_APPLICABLE.length).trim() };
  }
  if (a.steps.length === 0) return { verdict: "failed", reason: "no steps ran" };
  return { verdict: "passed" };
}

const MAX_STEP_MESSAGE = 2000;

function stepOutcomes(
  a: Attempt | undefined,
  m: Messages,
  testCase: TestCase,
  pickle: Pickle,
): StepOutcome[] {
  if (!a) return [];
  const doc = m.documents.get(pickle.uri ?? "");
  let seenStep = false;
  return a.steps.map((s) => {
    const step = testCase.testSteps?.find((t) => t.id === s.testStepId);
    const pickleStep = pickle.steps?.find((p) => p.id === step?.pickleStepId);
    const hook = pickleStep === undefined;
    if (!hook) seenStep = true;
    const astId = pickleStep?.astNodeIds?.[0] ?? "";
    const status = s.result.status ?? "UNKNOWN";
    const outcome: StepOutcome = {
      pickleStepId: pickleStep?.id,
      keyword: hook ? "" : (doc?.steps.get(astId)?.keyword ?? ""),
      text: hook ? (seenStep ? "After hook" : "Before hook") : (pickleStep.text ?? ""),
      hook,
      status,
      startMs: a.stepStarts.get(s.testStepId),
      endMs: s.finishedMs,
    };
    const message = s.result.exception?.message ?? s.result.message;
    if (message !== undefined && status !== "PASSED") outcome.message = message.slice(0, MAX_STEP_MESSAGE);
    return outcome;
  });
}

function lastAttempt(list: Attempt[] | undefined): Attempt | undefined {
  if (!list || list.length === 0) return undefined;
  return list.reduce((best, a) => (a.attempt >= best.attempt ? a : best));
}

function scenarioResult(
  m: Messages,
  testCase: TestCase,
  names: readonly string[],
): ScenarioResult | undefined {
  const pickle = m.pickles.get(testCase.pickleId ?? "");
  if (!pickle) return undefined;
  const doc = m.documents.get(pickle.uri ?? "");
  const tags = (pickle.tags ?? []).map((t) => t.name ?? "").filter((t) => t !== "");
  const a = lastAttempt(m.attempts.get(testCase.id ?? ""));
  const own = attemptVerdict(a, testCase, pickle);
  let verdict: Verdict = own.verdict;
  let reason = own.reason;
  const divergenceTag = (pickle.tags ?? []).find((t) => names.some((n) => t.name === `@${n}-divergence`));
  const tagName = divergenceTag?.name ?? "";
  // Only an assertion failure is the documented difference; undefined or pending steps stay harness failures.
  if (divergenceTag && own.verdict === "failed" && own.assertion) {
    verdict = "divergence";
    const explanation =
      doc && divergenceTag.astNodeId ? commentAboveTag(doc, divergenceTag.astNodeId) : undefined;
    reason = explanation ?? `no explanation comment above ${tagName}; failure: ${own.reason ?? ""}`;
  } else if (divergenceTag && own.verdict === "passed") {
    verdict = "divergence-not-reproduced";
    reason = `tagged ${tagName} but passed`;
  }
  const line = pickle.location?.line ?? doc?.nodeLine.get(pickle.astNodeIds?.[0] ?? "") ?? 0;
  const durationMs =
    a?.startedMs !== undefined && a.finishedMs !== undefined
      ? Math.max(0, Math.round(a.finishedMs - a.startedMs))
      : 0;
  const result: ScenarioResult = {
    name: pickle.name ?? "",
    uri: pickle.uri ?? "",
    line,
    tags,
    catalogIds: tags.filter((t) => CATALOG_TAG_PATTERN.test(t)).map((t) => t.slice(1)),
    verdict,
    durationMs,
    steps: stepOutcomes(a, m, testCase, pickle),
  };
  if (a) result.attemptId = a.id;
  if (reason !== undefined) result.reason = reason;
  return result;
}

/**
 * Per-scenario results of a Cucumber messages NDJSON text; only each scenario's last attempt counts.
 * `target` names whose `@<name>-divergence` tags apply: the profile and its family (every
 * kamailio-* instance honours @kamailio-divergence).
 */
export function parseRun(ndjson: string, target: string | readonly string[], source = "<ndjson>"): RunResult {
  const m = collect(parseLines(ndjson, source));
  const names = typeof target === "string" ? [target] : target;
  return m.testCases
    .map((tc) => scenarioResult(m, tc, names))
    .filter((r): r is ScenarioResult => r !== undefined);
}

/**
 * Reads a `--format message:<file>` output of one run against `target` (e.g. "embedded",
 * "kamailio", or the profile name and its family; they select the `@<name>-divergence` tags). Throws RunResultError naming the file
 * and line when a line is not JSON.
 */
export function readRun(ndjsonPath: string, target: string | readonly string[]): RunResult {
  return parseRun(readFileSync(ndjsonPath, "utf8"), target, ndjsonPath);
}
