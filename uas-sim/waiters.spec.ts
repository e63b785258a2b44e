import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SipRequest, SipResponse, WireEvent } from "../sip-core";
import { MessageLog, summarizeEntry } from "./message-log";
import { requestMatcher, responseMatcher, specMatcher, Waiters } from "./waiters";

const REMOTE = { transport: "udp" as const, address: "127.0.0.1", port: 5060 };
const LOCAL = { transport: "udp" as const, address: "127.0.0.1", port: 40000 };

function sipText(startLine: string, method: string, extra = ""): Buffer {
  return Buffer.from(
    `${startLine}\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-x\r\nTo: <sip:a@example.test>\r\n` +
      `From: <sip:b@example.test>;tag=1\r\nCall-ID: c@h\r\nCSeq: 1 ${method}\r\n${extra}Content-Length: 0\r\n\r\n`,
  );
}

function receive(log: MessageLog, raw: Buffer): void {
  const event: WireEvent = { direction: "receive", raw, local: LOCAL, remote: REMOTE, timestamp: Date.now() };
  log.record(event);
}

const request = (method: string, extra = ""): Buffer =>
  sipText(`${method} sip:a@example.test SIP/2.0`, method, extra);
const response = (status: number, reason: string, method = "SUBSCRIBE"): Buffer =>
  sipText(`SIP/2.0 ${status} ${reason}`, method);

describe("Waiters", () => {
  it("takes an already received message, then waits for the next one", async () => {
    const log = new MessageLog();
    const waiters = new Waiters(log);
    receive(log, request("MESSAGE", "X-N: 1\r\n"));
    const first = await waiters.waitFor(requestMatcher("MESSAGE"), 100);
    assert.equal((first.message as SipRequest).headers.get("X-N"), "1");
    const second = waiters.waitFor(requestMatcher("MESSAGE"), 1000);
    receive(log, request("MESSAGE", "X-N: 2\r\n"));
    assert.equal(((await second).message as SipRequest).headers.get("X-N"), "2");
    waiters.close();
  });

  it("times out with SIP_ERR_TIMEOUT and lists what was received", async () => {
    const log = new MessageLog();
    const waiters = new Waiters(log);
    receive(log, request("OPTIONS"));
    receive(log, response(481, "Call/Transaction Does Not Exist"));
    await waiters.waitFor(requestMatcher("OPTIONS"), 100);
    await assert.rejects(waiters.waitFor(responseMatcher(200), 30), (error: Error & { code?: string }) => {
      assert.equal(error.code, "SIP_ERR_TIMEOUT");
      assert.match(error.message, /^no 200 response within 30 ms; received:/);
      assert.match(
        error.message,
        /<- OPTIONS sip:a@example.test \(CSeq 1 OPTIONS\) udp 127\.0\.0\.1:5060 \[taken/,
      );
      assert.match(error.message, /<- 481 Call\/Transaction Does Not Exist \(CSeq 1 SUBSCRIBE\)/);
      return true;
    });
    waiters.close();
  });

  it("waits for several messages in any order, one distinct message each", async () => {
    const log = new MessageLog();
    const waiters = new Waiters(log);
    // The NOTIFY arrives first. The first spec would accept any request, so a greedy match would
    // give it the NOTIFY and leave the second spec nothing; the assignment must swap them.
    const all = waiters.waitForAll(
      [
        specMatcher({ request: () => true }),
        specMatcher({ request: "NOTIFY" }),
        specMatcher({ response: 200 }),
      ],
      1000,
    );
    receive(log, request("NOTIFY"));
    receive(log, response(200, "OK"));
    receive(log, request("MESSAGE"));
    const [any, notify, ok] = await all;
    assert.equal((any.message as SipRequest).method, "MESSAGE");
    assert.equal((notify.message as SipRequest).method, "NOTIFY");
    assert.equal((ok.message as SipResponse).status, 200);
    waiters.close();
  });

  it("gives the earlier of two concurrent waits the earlier message", async () => {
    const log = new MessageLog();
    const waiters = new Waiters(log);
    const a = waiters.waitFor(requestMatcher("NOTIFY"), 1000);
    const b = waiters.waitFor(requestMatcher("NOTIFY"), 1000);
    receive(log, request("NOTIFY", "X-N: 1\r\n"));
    receive(log, request("NOTIFY", "X-N: 2\r\n"));
    assert.equal(((await a).message as SipRequest).headers.get("X-N"), "1");
    assert.equal(((await b).message as SipRequest).headers.get("X-N"), "2");
    waiters.close();
  });

  it("expectNone resolves when nothing matching arrives and rejects when it does", async () => {
    const log = new MessageLog();
    const waiters = new Waiters(log);
    const quiet = waiters.expectNone(requestMatcher("MESSAGE"), 50);
    receive(log, request("OPTIONS"));
    await quiet;
    const noisy = waiters.expectNone(requestMatcher("MESSAGE"), 1000);
    setTimeout(() => receive(log, request("MESSAGE")), 10);
    await assert.rejects(noisy, (error: Error & { code?: string }) => {
      assert.equal(error.code, "SIP_ERR_UNEXPECTED");
      assert.match(error.message, /expected no MESSAGE request but got: <- MESSAGE/);
      return true;
    });
    // The unconsumed MESSAGE counts against a later expectNone too.
    await assert.rejects(waiters.expectNone(requestMatcher("MESSAGE"), 1000), /expected no MESSAGE request/);
    waiters.close();
  });

  it("rejects pending waits with SIM_ERR_CLOSED on close", async () => {
    const log = new MessageLog();
    const waiters = new Waiters(log);
    const pending = waiters.waitFor(requestMatcher("BYE"), 5000);
    const none = waiters.expectNone(requestMatcher("BYE"), 5000);
    waiters.close();
    await assert.rejects(pending, { code: "SIM_ERR_CLOSED" });
    await assert.rejects(none, { code: "SIM_ERR_CLOSED" });
  });
});

describe("MessageLog", () => {
  it("records unparseable bytes with the reason", () => {
    const log = new MessageLog();
    receive(log, Buffer.from("garbage\r\n\r\n"));
    const [entry] = log.entries;
    assert.equal(entry.message, undefined);
    assert.equal(entry.index, 0);
    assert.equal(entry.transport, "udp");
    assert.match(summarizeEntry(entry), /^<- unparseable 11 bytes \(.+\) udp 127\.0\.0\.1:5060$/);
  });
});

describe("Waiters with a throwing predicate", () => {
  it("rejects that wait with the predicate's error", async () => {
    const log = new MessageLog();
    const waiters = new Waiters(log);
    const boom = (): boolean => {
      throw new Error("bad predicate");
    };
    const pending = waiters.waitFor(requestMatcher(boom), 1000);
    receive(log, request("MESSAGE"));
    await assert.rejects(pending, /bad predicate/);
    await assert.rejects(waiters.expectNone(requestMatcher(boom), 100), /bad predicate/);
    waiters.close();
  });
});
