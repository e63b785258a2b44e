// RFC 4475 torture messages through the whole stack (parser + transaction layer) over a memory
// transport: what the stack itself must guarantee, whatever the application answers.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { StreamFramer } from "../transport";
import { harness, PEER } from "./spec-helpers";

const CORPUS = join(__dirname, "..", "message", "corpus", "rfc4475");
const expectations = JSON.parse(readFileSync(join(CORPUS, "expectations.json"), "utf8")) as Record<
  string,
  { verdict: string; parseOk: boolean; errorCode?: string }
>;
const files = readdirSync(CORPUS).filter((name) => name.endsWith(".dat"));

/** Malformed requests RFC 4475 says to answer with 400 (505 for the version), which the stack does alone. */
const STATELESS_REJECTS: Record<string, number> = {
  "badinv01.dat": 400,
  "badvers.dat": 505,
  "clerr.dat": 400,
  "insuf.dat": 400,
  "ltgtruri.dat": 400,
  "mismatch01.dat": 400,
  "multi01.dat": 400,
  "ncl.dat": 400,
  "quotbal.dat": 400,
  "scalar02.dat": 400,
};

const statusOf = (raw: Buffer): number => Number(/^SIP\/2\.0 (\d{3}) /.exec(raw.toString("latin1"))?.[1]);

describe("RFC 4475 torture messages through the stack", () => {
  it("covers the whole corpus", () => {
    assert.equal(files.length, 50);
  });

  for (const name of files) {
    const expected = expectations[name];
    it(`${name}: at most one answer, only to loopback, none to a response`, () => {
      const h = harness();
      let delivered = 0;
      h.stack.onRequest((tx) => {
        delivered++;
        if (tx.request.method !== "ACK") tx.reply(tx.request.method === "INVITE" ? 486 : 200);
      });
      const raw = readFileSync(join(CORPUS, name));
      h.transport.inject(raw, PEER);
      h.transport.inject(raw, PEER); // a retransmission must not produce a different answer
      const statuses = h.transport.sent.map((s) => statusOf(s.raw));
      for (const sent of h.transport.sent) assert.equal(sent.dest.address, "127.0.0.1");
      assert.ok(delivered <= 1, "a retransmission is not a new request");
      if (expected.verdict === "response") {
        assert.deepEqual(statuses, []);
        return;
      }
      assert.ok(new Set(statuses).size <= 1, `one answer, re-sent identically: ${statuses.join(",")}`);
      if (name in STATELESS_REJECTS) {
        assert.equal(delivered, 0);
        assert.equal(statuses[0], STATELESS_REJECTS[name]);
      }
      h.clock.advance(64 * 500);
      assert.equal(h.stack.transactionCount().server, 0);
    });
  }

  it("quotbal.dat: the 400 goes to the Via port (no rport), mpart01.dat: to the source port (rport)", () => {
    const h = harness();
    h.stack.onRequest((tx) => void tx.reply(200));
    h.transport.inject(readFileSync(join(CORPUS, "quotbal.dat")), PEER);
    h.transport.inject(readFileSync(join(CORPUS, "mpart01.dat")), PEER);
    assert.deepEqual(
      h.transport.sent.map((s) => `${statusOf(s.raw)}@${s.dest.address}:${s.dest.port}`),
      ["400@127.0.0.1:5050", `200@127.0.0.1:${PEER.port}`],
    );
  });

  it("frames every file over TCP without crashing; ncl.dat fails the stream, clerr.dat waits", () => {
    for (const name of files) {
      const raw = readFileSync(join(CORPUS, name));
      const framer = new StreamFramer(65535);
      const { frames, error } = framer.push(raw);
      if (name === "ncl.dat") assert.equal(error?.error.code, "SIP_ERR_PARSE");
      if (name === "clerr.dat") assert.equal(frames.length + (error ? 1 : 0), 0);
      const framed = frames.reduce((n, f) => n + f.length, 0);
      assert.ok(framed + framer.pending + (error?.raw.length ?? 0) <= raw.length, name);
    }
  });
});
