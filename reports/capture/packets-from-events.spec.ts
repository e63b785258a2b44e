import { test } from "node:test";
import assert from "node:assert/strict";
import { packetsFromEvents, type CapturedEvent } from "./packets-from-events";

const SERVER = { address: "127.0.0.1", port: 5060 };
const ALICE = { address: "127.0.0.1", port: 40001 };
const BOB = { address: "127.0.0.1", port: 40002 };

function ev(
  direction: "send" | "receive",
  local: { address: string; port: number },
  remote: { address: string; port: number },
  text: string,
  transport: "udp" | "tcp" = "udp",
): CapturedEvent {
  return {
    direction,
    raw: Buffer.from(text),
    local: { transport, ...local },
    remote: { transport, ...remote },
    timestamp: 1000,
  };
}

test("an in-process server: its own events are dropped, each message is kept once from the phone's side", () => {
  const packets = packetsFromEvents(
    [
      ev("send", ALICE, SERVER, "REGISTER"),
      ev("receive", SERVER, ALICE, "REGISTER"),
      ev("send", SERVER, ALICE, "200"),
      ev("receive", ALICE, SERVER, "200"),
    ],
    SERVER,
  );
  assert.deepEqual(
    packets.map((p) => [p.index, p.payload.toString(), p.src.port, p.dst.port]),
    [
      [0, "REGISTER", 40001, 5060],
      [1, "200", 5060, 40001],
    ],
  );
});

test("an external server: the phones' sends and receives are the packets", () => {
  const packets = packetsFromEvents(
    [ev("send", BOB, SERVER, "MESSAGE", "tcp"), ev("receive", BOB, SERVER, "202", "tcp")],
    SERVER,
  );
  assert.deepEqual(
    packets.map((p) => [p.payload.toString(), p.transport, p.src.port, p.dst.port]),
    [
      ["MESSAGE", "tcp", 40002, 5060],
      ["202", "tcp", 5060, 40002],
    ],
  );
});

test("phone to phone in one process: the receive is the same packet as the send", () => {
  const packets = packetsFromEvents([
    ev("send", ALICE, BOB, "MESSAGE"),
    ev("receive", BOB, ALICE, "MESSAGE"),
  ]);
  assert.equal(packets.length, 1);
  assert.deepEqual([packets[0].src, packets[0].dst], [ALICE, BOB]);
});

test("a receive from an endpoint that only received over the other transport is kept", () => {
  // The same port number on UDP and on TCP are different endpoints.
  const packets = packetsFromEvents([
    ev("send", ALICE, SERVER, "OPTIONS", "udp"),
    ev("receive", BOB, ALICE, "MESSAGE", "tcp"),
  ]);
  assert.equal(packets.length, 2);
});
