// parse(serialize(m)) keeps method/status, URI, headers and body, for every well-formed message we have.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { WELL_FORMED } from "./corpus/well-formed";
import { parseMessage } from "./parse";
import { serializeMessage } from "./serialize";
import type { SipMessage } from "./message";

const RFC4475 = join(__dirname, "corpus", "rfc4475");
const expectations = JSON.parse(readFileSync(join(RFC4475, "expectations.json"), "utf8")) as Record<
  string,
  { parseOk: boolean }
>;

const corpus = [
  ...WELL_FORMED,
  ...readdirSync(RFC4475)
    .filter((f) => f.endsWith(".dat") && expectations[f]?.parseOk)
    .map((f) => ({ name: `rfc4475/${f}`, raw: readFileSync(join(RFC4475, f)) })),
];

function withoutLength(m: SipMessage): [string, string][] {
  return m.headers.entries().filter(([n]) => n !== "Content-Length");
}

describe("round trip parse(serialize(m))", () => {
  for (const { name, raw } of corpus) {
    it(name, () => {
      const first = parseMessage(raw);
      assert.ok(first.ok, first.ok ? "" : first.error.message);
      const m = first.message;
      const wire = serializeMessage(m);
      const second = parseMessage(wire);
      assert.ok(second.ok, second.ok ? "" : second.error.message);
      const again = second.message;
      assert.equal(again.type, m.type);
      if (m.type === "request" && again.type === "request") {
        assert.equal(again.method, m.method);
        assert.equal(again.uri, m.uri);
      } else if (m.type === "response" && again.type === "response") {
        assert.equal(again.status, m.status);
        assert.equal(again.reason, m.reason);
      }
      assert.deepEqual(withoutLength(again), withoutLength(m));
      assert.equal(again.headers.get("Content-Length"), String(m.body.length));
      assert.ok(again.body.equals(m.body));
      // Serialisation is a fixed point after one pass.
      assert.ok(serializeMessage(again).equals(wire));
    });
  }

  it("covers the valid RFC 4475 messages too", () => {
    const parseable = Object.values(expectations).filter((e) => e.parseOk).length;
    assert.ok(parseable >= 25);
    assert.equal(corpus.length, WELL_FORMED.length + parseable);
  });
});
