import { test } from "node:test";
import assert from "node:assert/strict";
import { DOMParser } from "@xmldom/xmldom";
import { renderJunit } from "./junit";
import type { ScenarioResult, Verdict } from "./run-results";

const result = (name: string, verdict: Verdict, reason?: string): ScenarioResult => ({
  name,
  uri: "features/msilo/store.feature",
  line: 7,
  tags: ["@MSILO-B-store-fields"],
  catalogIds: ["MSILO-B-store-fields"],
  verdict,
  durationMs: 1234,
  steps: [],
  ...(reason !== undefined ? { reason } : {}),
});

function parse(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level: string, msg: string) => {
      errors.push(`${level}: ${msg}`);
    },
  }).parseFromString(xml, "text/xml");
  assert.deepEqual(errors, []);
  return doc;
}

test("one testcase per scenario; not applicable and divergences are skipped with their reason", () => {
  const xml = renderJunit(
    [
      result("stores", "passed"),
      result("refuses", "failed", "expected 202, got 503"),
      result("needs auth", "not-applicable", "kamailio runs without auth"),
      result("owner rule", "divergence", "Kamailio 5.6 answers 503"),
    ],
    { target: "kamailio", pageHref: (r) => `kamailio/scenarios/${r.line}.html` },
  );
  const doc = parse(xml);
  const suite = doc.getElementsByTagName("testsuite")[0];
  assert.equal(suite.getAttribute("tests"), "4");
  assert.equal(suite.getAttribute("failures"), "1");
  assert.equal(suite.getAttribute("skipped"), "2");
  const cases = doc.getElementsByTagName("testcase");
  assert.equal(cases.length, 4);
  assert.equal(cases[0].getElementsByTagName("failure").length, 0);
  assert.equal(cases[0].getElementsByTagName("skipped").length, 0);
  assert.equal(cases[1].getElementsByTagName("failure")[0].getAttribute("message"), "expected 202, got 503");
  assert.equal(
    cases[2].getElementsByTagName("skipped")[0].getAttribute("message"),
    "not applicable: kamailio runs without auth",
  );
  assert.match(
    cases[3].getElementsByTagName("skipped")[0].getAttribute("message") ?? "",
    /^documented divergence/,
  );
  assert.equal(cases[0].getAttribute("time"), "1.234");
  assert.match(cases[0].textContent ?? "", /scenario page: kamailio\/scenarios\/7.html/);
});

test("hostile names and reasons stay well-formed XML", () => {
  const xml = renderJunit([result(`a "<b>" & \u0000 \u0007 name`, "failed", "bad \u0001 <reason>")], {
    target: "embedded",
  });
  const doc = parse(xml);
  assert.match(doc.getElementsByTagName("testcase")[0].getAttribute("name") ?? "", /^a "<b>" & \? \? name/);
});
