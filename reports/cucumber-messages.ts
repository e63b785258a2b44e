/**
 * The subset of @cucumber/messages envelopes the reports read. Declared here rather than imported
 * because @cucumber/messages is only a transitive dependency; every field is optional so that an
 * older or newer formatter's output degrades to "unknown" instead of a type lie.
 */
export interface Timestamp {
  seconds?: number;
  nanos?: number;
}

export interface Location {
  line?: number;
  column?: number;
}

export interface GherkinTag {
  id?: string;
  name?: string;
  location?: Location;
}

export interface GherkinComment {
  location?: Location;
  text?: string;
}

/** Feature, Rule, Scenario and Examples nodes all look like this for our purposes. */
export interface GherkinNode {
  id?: string;
  name?: string;
  location?: Location;
  tags?: GherkinTag[];
  children?: Array<{ rule?: GherkinNode; scenario?: GherkinNode; background?: GherkinNode }>;
  examples?: GherkinNode[];
  steps?: Array<{ id?: string; keyword?: string; text?: string; location?: Location }>;
}

export interface GherkinDocument {
  uri?: string;
  feature?: GherkinNode;
  comments?: GherkinComment[];
}

export interface Pickle {
  id?: string;
  uri?: string;
  name?: string;
  location?: Location;
  astNodeIds?: string[];
  tags?: Array<{ name?: string; astNodeId?: string }>;
  steps?: Array<{ id?: string; text?: string; astNodeIds?: string[] }>;
}

export interface TestCase {
  id?: string;
  pickleId?: string;
  testSteps?: Array<{ id?: string; pickleStepId?: string; hookId?: string }>;
}

export type StepStatus = "UNKNOWN" | "PASSED" | "SKIPPED" | "PENDING" | "UNDEFINED" | "AMBIGUOUS" | "FAILED";

export interface TestStepResult {
  status?: StepStatus;
  message?: string;
  exception?: { type?: string; message?: string };
  duration?: Timestamp;
}

export interface Envelope {
  gherkinDocument?: GherkinDocument;
  pickle?: Pickle;
  testCase?: TestCase;
  testCaseStarted?: { id?: string; testCaseId?: string; attempt?: number; timestamp?: Timestamp };
  testStepStarted?: { testCaseStartedId?: string; testStepId?: string; timestamp?: Timestamp };
  testStepFinished?: {
    testCaseStartedId?: string;
    testStepId?: string;
    testStepResult?: TestStepResult;
    timestamp?: Timestamp;
  };
  testCaseFinished?: { testCaseStartedId?: string; willBeRetried?: boolean; timestamp?: Timestamp };
  attachment?: { testCaseStartedId?: string; body?: string; contentEncoding?: string; mediaType?: string };
  testRunStarted?: { timestamp?: Timestamp };
  testRunFinished?: { success?: boolean; timestamp?: Timestamp };
}

export function toMillis(t: Timestamp | undefined): number | undefined {
  if (t === undefined) return undefined;
  return (t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6;
}
