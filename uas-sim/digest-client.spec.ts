import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Headers, parseAuthParams, verifyAuthorization } from "../sip-core";
import type { ServerTransaction, SipRequest, SipResponse } from "../sip-core";
import { createAgent } from "./agent";
import { answerChallenge, chooseChallenge } from "./digest-client";
import { summarizeEntry } from "./message-log";
import { buildRequest } from "./requests";
import { startTestUas } from "./test-uas";

const MD5 = 'Digest realm="example.test", nonce="n-md5", qop="auth", algorithm=MD5';
const SHA = 'Digest realm="example.test", nonce="n-sha", qop="auth", algorithm=SHA-256';
const PASSWORD = "secret";

function challenge(status: number, values: string[]): SipResponse {
  const headers = new Headers();
  for (const v of values) headers.append(status === 407 ? "Proxy-Authenticate" : "WWW-Authenticate", v);
  return { type: "response", status, reason: "", version: "SIP/2.0", headers, body: Buffer.alloc(0) };
}

const identity = {
  aor: "sip:alice@example.test",
  domain: "example.test",
  contact: "sip:alice@127.0.0.1:5062",
  host: "127.0.0.1",
};

describe("chooseChallenge", () => {
  it("prefers SHA-256 over MD5 whatever the order", () => {
    assert.equal(chooseChallenge(challenge(401, [MD5, SHA]))?.algorithm, "SHA-256");
    assert.equal(chooseChallenge(challenge(401, [SHA, MD5]))?.challenge, SHA);
  });

  it("takes a challenge without algorithm as MD5 and skips unknown algorithms and schemes", () => {
    const plain = 'Digest realm="r", nonce="n"';
    const chosen = chooseChallenge(
      challenge(401, ['Basic realm="r"', 'Digest realm="r", nonce="x", algorithm=SHA-1', plain]),
    );
    assert.deepEqual(chosen, { challenge: plain, algorithm: "MD5", header: "Authorization" });
    assert.equal(chooseChallenge(challenge(401, ['Basic realm="r"'])), undefined);
  });

  it("answers a 407 in Proxy-Authorization", () => {
    assert.equal(chooseChallenge(challenge(407, [MD5]))?.header, "Proxy-Authorization");
  });
});

describe("answerChallenge", () => {
  it("copies the request with the next CSeq and valid credentials", () => {
    const request = buildRequest(identity, {
      method: "MESSAGE",
      uri: "sip:bob@example.test",
      cseq: 4,
      body: "x",
    });
    const retry = answerChallenge(
      request,
      challenge(401, [MD5, SHA]),
      { username: "alice", password: PASSWORD },
      5,
    );
    assert.ok(retry);
    assert.equal(retry.headers.get("CSeq"), "5 MESSAGE");
    assert.equal(request.headers.get("CSeq"), "4 MESSAGE", "the original is untouched");
    assert.equal(retry.headers.get("Call-ID"), request.headers.get("Call-ID"));
    assert.equal(retry.headers.get("From"), request.headers.get("From"));
    const credentials = retry.headers.get("Authorization") ?? "";
    assert.equal(parseAuthParams(credentials)?.params.algorithm, "SHA-256");
    assert.equal(verifyAuthorization(credentials, { method: "MESSAGE", password: PASSWORD }), true);
    assert.equal(
      answerChallenge(request, challenge(403, [MD5]), { username: "a", password: "b" }, 5),
      undefined,
    );
  });
});

describe("Agent digest authentication", () => {
  const closers: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const c of closers) await c.close();
  });

  /** A registrar that challenges every request without valid credentials. */
  async function challengingRegistrar(offers: string[], status = 401) {
    const uas = await startTestUas((tx: ServerTransaction) => {
      const credentials = tx.request.headers.get(status === 407 ? "Proxy-Authorization" : "Authorization");
      if (
        credentials &&
        verifyAuthorization(credentials, { method: tx.request.method, password: PASSWORD })
      ) {
        tx.reply(200);
        return;
      }
      const header = status === 407 ? "Proxy-Authenticate" : "WWW-Authenticate";
      tx.reply(status, undefined, { headers: offers.map((o): [string, string] => [header, o]) });
    });
    closers.push(uas);
    return uas;
  }

  async function alice(port: number, password = PASSWORD) {
    const agent = await createAgent({
      aor: "sip:alice@example.test",
      server: { host: "127.0.0.1", port },
      credentials: { username: "alice", password },
    });
    closers.push(agent);
    return agent;
  }

  it("answers a 401 once with SHA-256 and returns the final 200", async () => {
    const uas = await challengingRegistrar([MD5, SHA]);
    const agent = await alice(uas.port);
    const response = await agent.register({ expires: 60 });
    assert.equal(response.status, 200);
    assert.deepEqual(
      agent.log.entries.map((e) => summarizeEntry(e).split(" udp ")[0]),
      [
        "-> REGISTER sip:example.test (CSeq 1 REGISTER)",
        "<- 401 Unauthorized (CSeq 1 REGISTER)",
        "-> REGISTER sip:example.test (CSeq 2 REGISTER)",
        "<- 200 OK (CSeq 2 REGISTER)",
      ],
    );
    const [first, second] = uas.requests as SipRequest[];
    assert.equal(second.headers.get("Call-ID"), first.headers.get("Call-ID"));
    assert.notEqual(second.headers.get("Via"), first.headers.get("Via"), "a new transaction, a new branch");
    assert.match(second.headers.get("Authorization") ?? "", /algorithm=SHA-256/);
    // The next REGISTER continues after the retried CSeq.
    await agent.register();
    assert.equal(uas.requests[2].headers.get("CSeq"), "3 REGISTER");
  });

  it("answers a 407 with Proxy-Authorization for any method", async () => {
    const uas = await challengingRegistrar([MD5], 407);
    const agent = await alice(uas.port);
    const response = await agent.message("sip:bob@example.test", "hello");
    assert.equal(response.status, 200);
    assert.match(uas.requests[1].headers.get("Proxy-Authorization") ?? "", /algorithm=MD5/);
    assert.equal(uas.requests[1].headers.get("CSeq"), "2 MESSAGE");
  });

  it("retries only once: wrong credentials end with the second 401", async () => {
    const uas = await challengingRegistrar([SHA]);
    const agent = await alice(uas.port, "wrong");
    const response = await agent.register();
    assert.equal(response.status, 401);
    assert.equal(uas.requests.length, 2);
  });
});
