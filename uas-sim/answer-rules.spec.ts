import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Headers } from "../sip-core";
import type { SipRequest } from "../sip-core";
import { AnswerRules, responseFor } from "./answer-rules";

function request(method: string): SipRequest {
  const headers = new Headers();
  headers.append("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1");
  headers.append("To", "<sip:bob@example.test>");
  headers.append("From", "<sip:alice@example.test>;tag=a1");
  headers.append("Call-ID", "c1@127.0.0.1");
  headers.append("CSeq", `1 ${method}`);
  return {
    type: "request",
    method,
    uri: "sip:bob@127.0.0.1:5062",
    version: "SIP/2.0",
    headers,
    body: Buffer.alloc(0),
  };
}

describe("AnswerRules", () => {
  it("answers MESSAGE, OPTIONS and NOTIFY with 200 by default", () => {
    const rules = new AnswerRules();
    for (const method of ["MESSAGE", "OPTIONS", "NOTIFY"])
      assert.deepEqual(rules.next(request(method)), { status: 200 });
  });

  it("answers other methods 405 with an Allow header listing what it accepts", () => {
    const rules = new AnswerRules();
    rules.set("INFO", { status: 200 });
    const response = responseFor(request("INVITE"), rules.next(request("INVITE")));
    assert.equal(response?.status, 405);
    assert.equal(response?.headers.get("Allow"), "MESSAGE, OPTIONS, NOTIFY, INFO");
  });

  it("consumes a list in order and keeps its last rule", () => {
    const rules = new AnswerRules();
    rules.set("message", [{ status: 480 }, { status: 200 }]);
    const statuses = [1, 2, 3].map(() => rules.next(request("MESSAGE")));
    assert.deepEqual(statuses, [{ status: 480 }, { status: 200 }, { status: 200 }]);
  });

  it("evaluates a rule function per request and can be reset", () => {
    const rules = new AnswerRules();
    rules.set("OPTIONS", (req) => ({ status: req.uri.includes("bob") ? 404 : 200 }));
    assert.deepEqual(rules.next(request("OPTIONS")), { status: 404 });
    rules.reset("OPTIONS");
    assert.deepEqual(rules.next(request("OPTIONS")), { status: 200 });
  });

  it("builds no response for noAnswer, and a body with its content type otherwise", () => {
    assert.equal(responseFor(request("MESSAGE"), { noAnswer: true }), undefined);
    const response = responseFor(request("MESSAGE"), {
      status: 202,
      reason: "Queued",
      headers: [["X-Test", "1"]],
      body: "hi",
    });
    assert.equal(response?.status, 202);
    assert.equal(response?.reason, "Queued");
    assert.equal(response?.headers.get("X-Test"), "1");
    assert.equal(response?.headers.get("Content-Type"), "text/plain");
    assert.equal(response?.body.toString(), "hi");
    assert.match(response?.headers.get("To") ?? "", /;tag=/);
  });
});
