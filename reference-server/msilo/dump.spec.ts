import { test } from "node:test";
import { msiloLab, type MsiloLab } from "./test-lab";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { type Agent } from "../../uas-sim";
import type { SipRequest } from "../../sip-core";
import { type ModuleParams } from "../config/schema";

// m_dump's sending (dump() / #send of msilo.ts) against a real server on loopback.

type Lab = MsiloLab;

function lab(
  msilo: Partial<ModuleParams["msilo"]> = {},
  routing: Partial<ModuleParams["siplab_routing"]> = {},
): Promise<Lab> {
  return msiloLab({
    listen: ["udp"],
    tweak(m) {
      Object.assign(m.msilo, { check_time: 5, add_date: 0, ...msilo });
      Object.assign(m.siplab_routing, routing);
    },
  });
}

/** MESSAGE datagrams an agent received, and the distinct requests among them in arrival order. */
function received(agent: Agent): { datagrams: number; messages: SipRequest[] } {
  const seen = new Set<string>();
  const messages: SipRequest[] = [];
  let datagrams = 0;
  for (const e of agent.log.received()) {
    const m = e.message;
    if (m?.type !== "request" || m.method !== "MESSAGE") continue;
    datagrams++;
    const id = m.headers.get("Call-ID") ?? "";
    if (!seen.has(id)) messages.push(m);
    seen.add(id);
  }
  return { datagrams, messages };
}

async function untilReceived(agent: Agent, n: number, timeoutMs = 10_000): Promise<SipRequest[]> {
  const deadline = Date.now() + timeoutMs;
  while (received(agent).messages.length < n) {
    if (Date.now() > deadline) throw new Error(`only ${received(agent).messages.length} of ${n} MESSAGEs`);
    await sleep(20);
  }
  return received(agent).messages;
}

test("one REGISTER delivers 1000 stored messages once each, in id order, with no datagram lost", async () => {
  const l = await lab();
  try {
    const n = 1000;
    for (let i = 0; i < n; i += 50) {
      const batch = Array.from({ length: Math.min(50, n - i) }, (_, k) =>
        l.alice.message("sip:bob@example.test", `m${i + k}`),
      );
      for (const r of await Promise.all(batch)) assert.equal(r.status, 202);
    }
    assert.equal((await l.bob.register({ expires: 600 })).status, 200);
    const got = await untilReceived(l.bob, n);
    const ids = l.rows().map((r) => Number(r.id));
    assert.deepEqual(
      got.map((m) => m.body.toString()),
      Array.from({ length: n }, (_, i) => `m${i}`),
    );
    assert.equal(ids.length, n, "rows stay until the check_time run after their 2xx");
    // More than one datagram per MESSAGE would mean Timer E had to resend what a burst lost.
    await sleep(100);
    assert.equal(received(l.bob).datagrams, n);
  } finally {
    await l.close();
  }
});

test("extra_hdrs is expanded against the REGISTER and precedes the stored extra headers", async () => {
  const l = await lab({ extra_hdrs: "X-Extra: $tu\\r\\nY-Extra: foo\\r\\n" });
  try {
    const stored = await l.alice.message("sip:bob@example.test", "hi", { headers: [["X-Custom", "keepme"]] });
    assert.equal(stored.status, 202);
    await l.bob.register({ expires: 600 });
    const [dumped] = await untilReceived(l.bob, 1);
    const names = dumped.headers.entries().map(([name, value]) => `${name}: ${value}`);
    const at = (line: string) => names.indexOf(line);
    assert.ok(at("X-Extra: sip:bob@example.test") >= 0, names.join("\n"));
    assert.ok(at("X-Extra: sip:bob@example.test") < at("Y-Extra: foo"), names.join("\n"));
    assert.ok(at("Y-Extra: foo") < at("X-Custom: keepme"), names.join("\n"));
  } finally {
    await l.close();
  }
});

test("extra_hdrs_avp: the routed header's value is stored instead of the copied headers", async () => {
  const l = await lab({ extra_hdrs_avp: "$avp(msilo_extra_hdrs)" }, { extra_hdrs_header: "X-Msilo-Extra" });
  try {
    const res = await l.alice.message("sip:bob@example.test", "avp", {
      headers: [
        ["X-Msilo-Extra", "X-From-Avp: yes"],
        ["X-Custom", "not stored"],
      ],
    });
    assert.equal(res.status, 202);
    assert.equal(l.rows()[0].extra_hdrs, "X-From-Avp: yes\r\n");
    const plain = await l.alice.message("sip:bob@example.test", "no avp", {
      headers: [["X-Custom", "copied"]],
    });
    assert.equal(plain.status, 202);
    assert.equal(l.rows()[1].extra_hdrs, "X-Custom: copied\r\n");
    // The AVP shares m_store's 1024-byte header buffer.
    const big = await l.alice.message("sip:bob@example.test", "too big", {
      headers: [["X-Msilo-Extra", `X-Big: ${"x".repeat(1100)}`]],
    });
    assert.equal(big.status, 503);
    assert.equal(l.rows().length, 2);
  } finally {
    await l.close();
  }
});

test("without extra_hdrs_avp the routed header is an ordinary extra header", async () => {
  const l = await lab({}, { extra_hdrs_header: "X-Msilo-Extra" });
  try {
    const res = await l.alice.message("sip:bob@example.test", "plain", {
      headers: [["X-Msilo-Extra", "X-From-Avp: yes"]],
    });
    assert.equal(res.status, 202);
    assert.equal(l.rows()[0].extra_hdrs, "X-Msilo-Extra: X-From-Avp: yes\r\n");
  } finally {
    await l.close();
  }
});
