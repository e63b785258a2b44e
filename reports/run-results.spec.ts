import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Envelope, StepStatus } from "./cucumber-messages";
import { parseRun, readRun, RunResultError } from "./run-results";
import { formatBreakdownLine, formatSummary, formatSummaryLine, summarize } from "./run-summary";

/** Builds message envelopes shaped like cucumber-js 12 `--format message` output. */
class Fixture {
  readonly envelopes: Envelope[] = [];
  private seq = 0;
  private clock = 1_000_000;

  constructor(
    readonly uri: string,
    comments: Array<[line: number, text: string]> = [],
  ) {
    this.envelopes.push({
      gherkinDocument: {
        uri,
        feature: { tags: [], location: { line: 1 }, children: [] },
        comments: comments.map(([line, text]) => ({ location: { line, column: 1 }, text })),
      },
    });
  }

  private id(): string {
    return String(++this.seq);
  }

  /** A scenario at `line`; tags are `[name, line]`. Returns the test case id. */
  scenario(name: string, line: number, tags: Array<[string, number]>, steps: string[]): string {
    const scenarioId = this.id();
    const tagNodes = tags.map(([tagName, tagLine]) => ({
      id: this.id(),
      name: tagName,
      location: { line: tagLine },
    }));
    const astSteps = steps.map((text, i) => ({
      id: this.id(),
      keyword: i === 0 ? "Given " : "And ",
      text,
      location: { line: line + 1 + i },
    }));
    this.envelopes[0].gherkinDocument?.feature?.children?.push({
      scenario: { id: scenarioId, name, location: { line }, tags: tagNodes, steps: astSteps },
    });
    const pickleSteps = steps.map((text, i) => ({ id: this.id(), text, astNodeIds: [astSteps[i].id] }));
    const pickleId = this.id();
    this.envelopes.push({
      pickle: {
        id: pickleId,
        uri: this.uri,
        name,
        location: { line },
        astNodeIds: [scenarioId],
        tags: tagNodes.map((t) => ({ name: t.name, astNodeId: t.id })),
        steps: pickleSteps,
      },
    });
    const testCaseId = this.id();
    this.envelopes.push({
      testCase: {
        id: testCaseId,
        pickleId,
        testSteps: pickleSteps.map((s) => ({ id: `ts-${s.id}`, pickleStepId: s.id })),
      },
    });
    return testCaseId;
  }

  /** One attempt of a test case: statuses of its steps in order, plus optional attachments. */
  attempt(
    testCaseId: string,
    attempt: number,
    statuses: Array<StepStatus | [StepStatus, string]>,
    opts: { attach?: string[]; willBeRetried?: boolean; ms?: number; base64?: boolean } = {},
  ): void {
    const startedId = this.id();
    const testCase = this.envelopes.find((e) => e.testCase?.id === testCaseId)?.testCase;
    const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
    this.envelopes.push({
      testCaseStarted: { id: startedId, testCaseId, attempt, timestamp: at(this.clock) },
    });
    for (const body of opts.attach ?? [])
      this.envelopes.push({
        attachment: {
          testCaseStartedId: startedId,
          mediaType: "text/plain",
          contentEncoding: opts.base64 ? "BASE64" : "IDENTITY",
          body: opts.base64 ? Buffer.from(body).toString("base64") : body,
        },
      });
    statuses.forEach((s, i) => {
      const [status, message] = Array.isArray(s) ? s : [s, undefined];
      const testStepId = testCase?.testSteps?.[i]?.id;
      this.envelopes.push({
        testStepStarted: { testCaseStartedId: startedId, testStepId, timestamp: at(this.clock + i) },
      });
      this.envelopes.push({
        testStepFinished: {
          timestamp: at(this.clock + i + 1),
          testCaseStartedId: startedId,
          testStepId,
          testStepResult: message
            ? { status, message: `Error: ${message}\n    at x.ts:1:1`, exception: { type: "Error", message } }
            : { status },
        },
      });
    });
    this.clock += opts.ms ?? 5;
    this.envelopes.push({
      testCaseFinished: {
        testCaseStartedId: startedId,
        willBeRetried: opts.willBeRetried ?? false,
        timestamp: at(this.clock),
      },
    });
  }

  ndjson(): string {
    return this.envelopes.map((e) => JSON.stringify(e)).join("\n") + "\n";
  }
}

function single(build: (f: Fixture) => void, target = "embedded") {
  const f = new Fixture("features/registrar/save.feature");
  build(f);
  const results = parseRun(f.ndjson(), target);
  assert.equal(results.length, 1);
  return results[0];
}

test("a passing scenario: name, uri, line, tags, catalog IDs and duration", () => {
  const r = single((f) => {
    const tc = f.scenario(
      "registers a contact",
      7,
      [
        ["@REG-F-save", 6],
        ["@flaky", 6],
        ["@UL-DB-location", 6],
      ],
      ["a", "b"],
    );
    f.attempt(tc, 0, ["PASSED", "PASSED"], { ms: 42 });
  });
  assert.deepEqual(r, {
    name: "registers a contact",
    uri: "features/registrar/save.feature",
    line: 7,
    tags: ["@REG-F-save", "@flaky", "@UL-DB-location"],
    catalogIds: ["REG-F-save", "UL-DB-location"],
    verdict: "passed",
    durationMs: 42,
    attemptId: r.attemptId,
    steps: [
      {
        pickleStepId: r.steps[0].pickleStepId,
        keyword: "Given ",
        text: "a",
        hook: false,
        status: "PASSED",
        startMs: 1_000_000,
        endMs: 1_000_001,
      },
      {
        pickleStepId: r.steps[1].pickleStepId,
        keyword: "And ",
        text: "b",
        hook: false,
        status: "PASSED",
        startMs: 1_000_001,
        endMs: 1_000_002,
      },
    ],
  });
  assert.match(r.attemptId ?? "", /^\d+$/);
});

test("step outcomes: the last attempt's steps with keyword, status and the failure message", () => {
  const r = single((f) => {
    const tc = f.scenario("s", 4, [], ["bob registers", "the status is 200", "bob is found"]);
    f.attempt(tc, 0, ["PASSED", ["FAILED", "wrong first"], "SKIPPED"], { willBeRetried: true });
    f.attempt(tc, 1, ["PASSED", ["FAILED", "expected 200, got 404"], "SKIPPED"]);
  });
  assert.deepEqual(
    r.steps.map((s) => [s.keyword, s.text, s.status, s.message]),
    [
      ["Given ", "bob registers", "PASSED", undefined],
      ["And ", "the status is 200", "FAILED", "expected 200, got 404"],
      ["And ", "bob is found", "SKIPPED", undefined],
    ],
  );
  assert.ok(r.steps.every((s) => s.startMs !== undefined && s.endMs !== undefined && !s.hook));
});

test("catalog IDs are only the tags with a known area prefix", () => {
  const r = single((f) => {
    const tags: Array<[string, number]> = [
      "@REG-B-query",
      "@PUAREG-B-x",
      "@kamailio-divergence",
      "@FOO-B-y",
      "@wip",
    ].map((t) => [t, 3]);
    f.attempt(f.scenario("s", 4, tags, ["a"]), 0, ["PASSED"]);
  });
  assert.deepEqual(r.catalogIds, ["REG-B-query", "PUAREG-B-x"]);
});

test("failed: the first failing step's error message is the reason", () => {
  const r = single((f) => {
    const tc = f.scenario("s", 4, [], ["a", "b", "c"]);
    f.attempt(tc, 0, ["PASSED", ["FAILED", "expected 200, got 500"], "SKIPPED"]);
  });
  assert.equal(r.verdict, "failed");
  assert.equal(r.reason, "expected 200, got 500");
});

test("undefined, ambiguous and pending steps fail and name the step", () => {
  for (const [status, word] of [
    ["UNDEFINED", "undefined"],
    ["AMBIGUOUS", "ambiguous"],
    ["PENDING", "pending"],
  ] as const) {
    const r = single((f) =>
      f.attempt(f.scenario("s", 4, [], ["ok", "Bob sends"]), 0, ["PASSED", status, "SKIPPED"]),
    );
    assert.equal(r.verdict, "failed", status);
    assert.equal(r.reason, `${word} step "Bob sends"`);
  }
});

test("skipped with a not-applicable attachment is not-applicable, with the reason", () => {
  const r = single((f) => {
    const tc = f.scenario("s", 4, [], ["a", "b"]);
    f.attempt(tc, 0, ["SKIPPED", "SKIPPED"], {
      attach: ["log line", "not applicable: usrloc db_mode 0 on this target"],
    });
  });
  assert.equal(r.verdict, "not-applicable");
  assert.equal(r.reason, "usrloc db_mode 0 on this target");
});

test("a base64 attachment is decoded", () => {
  const r = single((f) =>
    f.attempt(f.scenario("s", 4, [], ["a"]), 0, ["SKIPPED"], {
      attach: ["not applicable: no RPC"],
      base64: true,
    }),
  );
  assert.equal(r.verdict, "not-applicable");
  assert.equal(r.reason, "no RPC");
});

test("skipped without a not-applicable reason is a failure, never a pass", () => {
  const r = single((f) =>
    f.attempt(f.scenario("s", 4, [], ["a", "b"]), 0, ["PASSED", "SKIPPED"], { attach: ["hello"] }),
  );
  assert.equal(r.verdict, "failed");
  assert.equal(r.reason, "skipped without a not-applicable reason");
});

test("retries: only the last attempt counts", () => {
  const f = new Fixture("f.feature");
  const flaky = f.scenario("flaky", 4, [["@flaky", 3]], ["a"]);
  const broken = f.scenario("broken", 8, [], ["a"]);
  f.attempt(flaky, 0, [["FAILED", "first"]], { willBeRetried: true });
  f.attempt(broken, 0, ["PASSED"], { willBeRetried: true });
  f.attempt(flaky, 1, ["PASSED"], { ms: 9 });
  f.attempt(broken, 1, [["FAILED", "second"]]);
  const [a, b] = parseRun(f.ndjson(), "embedded");
  assert.equal(a.verdict, "passed");
  assert.equal(a.durationMs, 9);
  assert.equal(b.verdict, "failed");
  assert.equal(b.reason, "second");
});

test("a case that never finished or never started fails", () => {
  const f = new Fixture("f.feature");
  f.scenario("never started", 4, [], ["a"]);
  const tc = f.scenario("retry lost", 8, [], ["a"]);
  f.attempt(tc, 0, [["FAILED", "x"]], { willBeRetried: true });
  const results = parseRun(f.ndjson(), "embedded");
  assert.deepEqual(
    results.map((r) => [r.verdict, r.reason]),
    [
      ["failed", "never started"],
      ["failed", "did not finish"],
    ],
  );
});

test("divergence: a tagged failure on its target carries the comment above the tags", () => {
  const f = new Fixture("f.feature", [
    [5, "  # Kamailio 5.6 answers 500 when the DB insert fails,"],
    [6, "  #   not 503."],
    [9, "  # unrelated comment below the tags"],
  ]);
  const tc = f.scenario(
    "s",
    10,
    [
      ["@REG-B-error-header", 7],
      ["@kamailio-divergence", 8],
    ],
    ["a"],
  );
  f.attempt(tc, 0, [["FAILED", "expected 503"]]);
  const [onKamailio] = parseRun(f.ndjson(), "kamailio");
  assert.equal(onKamailio.verdict, "divergence");
  assert.equal(onKamailio.reason, "Kamailio 5.6 answers 500 when the DB insert fails, not 503.");
  const [onEmbedded] = parseRun(f.ndjson(), "embedded");
  assert.equal(onEmbedded.verdict, "failed");
  assert.equal(onEmbedded.reason, "expected 503");
});

test("divergence without a comment still says what failed", () => {
  const f = new Fixture("f.feature", [[2, "# far away"]]);
  f.attempt(f.scenario("s", 5, [["@kamailio-divergence", 4]], ["a"]), 0, [["FAILED", "boom"]]);
  const [r] = parseRun(f.ndjson(), "kamailio");
  assert.equal(r.verdict, "divergence");
  assert.equal(r.reason, "no explanation comment above @kamailio-divergence; failure: boom");
});

test("an undefined step on a divergence-tagged scenario stays a failure", () => {
  const f = new Fixture("f.feature", [[3, "# why"]]);
  f.attempt(f.scenario("s", 5, [["@kamailio-divergence", 4]], ["a"]), 0, ["UNDEFINED"]);
  assert.equal(parseRun(f.ndjson(), "kamailio")[0].verdict, "failed");
});

test("divergence-not-reproduced when the tagged scenario passes on that target", () => {
  const f = new Fixture("f.feature", [[3, "# why"]]);
  f.attempt(f.scenario("s", 5, [["@kamailio-divergence", 4]], ["a"]), 0, ["PASSED"]);
  assert.equal(parseRun(f.ndjson(), "kamailio")[0].verdict, "divergence-not-reproduced");
  assert.equal(parseRun(f.ndjson(), "embedded")[0].verdict, "passed");
});

test("summary counts and the CI lines", () => {
  const f = new Fixture("f.feature", [[1, "# why"]]);
  const verdicts: Array<[Array<[string, number]>, Parameters<Fixture["attempt"]>[2], string[]]> = [
    [[], ["PASSED"], []],
    [[], ["PASSED"], []],
    [[], [["FAILED", "x"]], []],
    [[], ["SKIPPED"], []],
    [[], ["SKIPPED"], ["not applicable: n/a"]],
    [[["@kamailio-divergence", 20]], [["FAILED", "x"]], []],
    [[["@kamailio-divergence", 30]], ["PASSED"], []],
  ];
  verdicts.forEach(([tags, statuses, attach], i) =>
    f.attempt(f.scenario(`s${i}`, 40 + i, tags, ["a"]), 0, statuses, { attach }),
  );
  const s = summarize(parseRun(f.ndjson(), "kamailio"));
  assert.deepEqual(s, {
    passed: 3,
    failed: 2,
    notApplicable: 1,
    divergences: 1,
    divergencesNotReproduced: 1,
    total: 7,
  });
  assert.equal(formatSummaryLine(s), "3 passed, 2 failed, 2 skipped");
  assert.match(formatSummaryLine(s), /^\d+ passed, \d+ failed(, \d+ skipped)?$/);
  assert.equal(formatBreakdownLine(s), "1 not applicable, 1 divergences, 1 divergences not reproduced");
  assert.equal(
    formatSummary(s),
    "1 not applicable, 1 divergences, 1 divergences not reproduced\n3 passed, 2 failed, 2 skipped",
  );
  assert.equal(formatBreakdownLine(summarize([])), "0 not applicable, 0 divergences");
});

test("readRun reads a file and names it (and the line) when a line is not JSON", () => {
  const dir = mkdtempSync(join(tmpdir(), "siplab-run-"));
  try {
    const f = new Fixture("f.feature", [[2, "# 5.6 replies 500"]]);
    f.envelopes.push({ testRunStarted: { timestamp: { seconds: 1_700_000_000, nanos: 0 } } });
    f.attempt(f.scenario("s", 4, [], ["a"]), 0, ["PASSED"]);
    f.attempt(f.scenario("d", 4, [["@kamailio-divergence", 3]], ["a"]), 0, [["FAILED", "x"]]);
    const good = join(dir, "good.ndjson");
    writeFileSync(good, f.ndjson());
    assert.deepEqual(
      readRun(good, "kamailio").map((r) => [r.name, r.verdict, r.reason]),
      [
        ["s", "passed", undefined],
        ["d", "divergence", "5.6 replies 500"],
      ],
    );
    const bad = join(dir, "bad.ndjson");
    writeFileSync(bad, `${JSON.stringify({ meta: {} })}\n{oops\n`);
    assert.throws(
      () => readRun(bad, "embedded"),
      (err: unknown) =>
        err instanceof RunResultError &&
        err.code === "SIPLAB_ERR_RUN_RESULTS" &&
        err.message.startsWith(`${bad}:2:`),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
