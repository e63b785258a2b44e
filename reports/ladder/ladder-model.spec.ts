import { test } from "node:test";
import assert from "node:assert/strict";
import type { PacketEndpoint } from "../capture/wire-packet";
import { buildLadderModel, type LadderStep } from "./ladder-model";
import { ALICE, BOB, packet, request, response, SERVER, T0 } from "./test-fixtures";

test("columns: `order` first, then endpoints as they appear; unknown endpoints titled by key", () => {
  const packets = [
    packet(ALICE, SERVER, request("REGISTER", 1, "z9hG4bK1"), 0),
    packet(SERVER, BOB, request("MESSAGE", 1, "z9hG4bK2"), 5),
  ];
  const model = buildLadderModel({
    packets,
    labels: { "127.0.0.1:5060": "server under test", "127.0.0.1:40001": "alice" },
    order: ["127.0.0.1:5060", "10.0.0.9:5060"],
  });
  assert.deepEqual(model.columns, [
    { key: "127.0.0.1:5060", title: "server under test" },
    { key: "10.0.0.9:5060", title: "10.0.0.9:5060" },
    { key: "127.0.0.1:40001", title: "alice" },
    { key: "127.0.0.1:40002", title: "127.0.0.1:40002" },
  ]);
  assert.deepEqual(
    model.arrows.map((a) => [a.from, a.to]),
    [
      [2, 0],
      [0, 3],
    ],
  );
});

test("labels come from own properties only; IPv6 endpoints get bracketed keys", () => {
  const v6: PacketEndpoint = { address: "::1", port: 5060 };
  const model = buildLadderModel({
    packets: [packet(v6, v6, request("OPTIONS", 1, "z9hG4bK3"), 0)],
    labels: {},
  });
  assert.deepEqual(model.columns, [{ key: "[::1]:5060", title: "[::1]:5060" }]);
  const proto = buildLadderModel({ packets: [], labels: {}, order: ["constructor"] });
  assert.equal(proto.columns[0].title, "constructor");
});

test("arrow labels, kinds and details", () => {
  const model = buildLadderModel({
    packets: [
      packet(ALICE, SERVER, request("INVITE", 7, "z9hG4bKi"), 0),
      packet(SERVER, ALICE, response(180, "Ringing", "INVITE", 7, "z9hG4bKi"), 1),
      packet(ALICE, SERVER, request("REGISTER", 2, "z9hG4bKr", "sip:example.com"), 2),
      packet(ALICE, SERVER, Buffer.concat([Buffer.from([0, 0xff]), Buffer.from(" garbage")]), 3),
    ],
    labels: {},
  });
  assert.deepEqual(
    model.arrows.map((a) => [a.kind, a.label, a.status]),
    [
      ["request", "INVITE (bob)", undefined],
      ["response", "180 Ringing", 180],
      ["request", "REGISTER", undefined],
      ["unparseable", "unparseable (10 bytes)", undefined],
    ],
  );
  assert.match(model.arrows[0].detail, /^CSeq 7 INVITE · udp · \d+ bytes$/);
  assert.equal(model.arrows[3].detail, "udp · 10 bytes");
  assert.equal(model.anchorPrefix, "msg-");
});

test("retransmissions: same path, method or status, top branch and CSeq; byte-identical repeats", () => {
  const model = buildLadderModel({
    packets: [
      packet(ALICE, SERVER, request("INVITE", 1, "z9hG4bKa"), 0),
      packet(SERVER, ALICE, response(100, "Trying", "INVITE", 1, "z9hG4bKa"), 1),
      // Same branch and CSeq, other bytes (a stack may rewrite Max-Forwards or add headers).
      packet(
        ALICE,
        SERVER,
        Buffer.from(request("INVITE", 1, "z9hG4bKa").toString().replace("70", "69")),
        500,
      ),
      packet(SERVER, ALICE, response(100, "Trying", "INVITE", 1, "z9hG4bKa"), 501),
      packet(SERVER, ALICE, response(200, "OK", "INVITE", 1, "z9hG4bKa"), 600),
      packet(SERVER, ALICE, response(200, "OK", "INVITE", 1, "z9hG4bKa"), 1100),
      // A new transaction, a different destination and a new CSeq are not retransmissions.
      packet(ALICE, SERVER, request("INVITE", 1, "z9hG4bKb"), 1200),
      packet(ALICE, BOB, request("INVITE", 1, "z9hG4bKa"), 1300),
      packet(ALICE, SERVER, request("INVITE", 2, "z9hG4bKa"), 1400),
      packet(ALICE, SERVER, Buffer.from("junk"), 1500),
      packet(ALICE, SERVER, Buffer.from("junk"), 1600),
      packet(SERVER, ALICE, Buffer.from("junk"), 1700),
    ],
    labels: {},
  });
  assert.deepEqual(
    model.arrows.map((a) => a.retransmission),
    [false, false, true, true, false, true, false, false, false, false, true, false],
  );
});

test("packets sorted by time; steps assigned by span; hooks belong to no step; first FAILED step", () => {
  const steps: LadderStep[] = [
    { keyword: "Given ", text: "alice is registered", startMs: T0 + 10, endMs: T0 + 20, status: "PASSED" },
    { keyword: "When ", text: "alice sends a MESSAGE", startMs: T0 + 20, endMs: T0 + 30, status: "FAILED" },
    { keyword: "Then ", text: "bob gets it", startMs: T0 + 30, endMs: T0 + 40, status: "SKIPPED" },
    { keyword: "And ", text: "another failure", startMs: T0 + 40, endMs: T0 + 50, status: "failed" },
  ];
  const late = packet(ALICE, SERVER, request("MESSAGE", 2, "z9hG4bKm"), 25);
  const early = packet(ALICE, SERVER, request("REGISTER", 1, "z9hG4bKr"), 15);
  const hook = packet(ALICE, SERVER, request("OPTIONS", 3, "z9hG4bKo"), 5);
  const model = buildLadderModel({ packets: [late, early, hook], labels: {}, steps, anchorPrefix: "p-" });
  assert.deepEqual(
    model.arrows.map((a) => [a.index, a.stepIndex]),
    [
      [hook.index, undefined],
      [early.index, 0],
      [late.index, 1],
    ],
  );
  assert.equal(model.failedStep, 1);
  assert.equal(model.startMs, T0 + 5);
  assert.equal(model.anchorPrefix, "p-");
  assert.equal(buildLadderModel({ packets: [], labels: {}, steps: steps.slice(0, 1) }).failedStep, undefined);
});

test("no packets and no steps", () => {
  const model = buildLadderModel({ packets: [], labels: {} });
  assert.deepEqual([model.columns, model.arrows, model.steps, model.startMs], [[], [], [], 0]);
});
