import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequest } from "../../sip-core";
import { avpExtraHeaders, storedExtraHeaders } from "./store";

function message(headers: [string, string][]) {
  return createRequest({
    method: "MESSAGE",
    uri: "sip:bob@example.test",
    headers: [
      ["To", "<sip:bob@example.test>"],
      ["From", "<sip:alice@example.test>;tag=1"],
      ["Call-ID", "c1"],
      ["CSeq", "1 MESSAGE"],
      ...headers,
    ],
    body: Buffer.from("hi"),
  });
}

test("unknown headers and PAI are copied in order; Subject and Expires are not", () => {
  const req = message([
    ["Subject", "no"],
    ["X-Custom", "keepme"],
    ["P-Asserted-Identity", "<sip:alice@example.test>"],
    ["Expires", "100"],
  ]);
  assert.equal(
    storedExtraHeaders(req),
    "X-Custom: keepme\r\nP-Asserted-Identity: <sip:alice@example.test>\r\n",
  );
});

test("the copied lines must stay below the 1024-byte buffer: 1023 bytes fit, 1024 do not", () => {
  // "X-Long: " + n + CRLF = n + 10 bytes.
  assert.equal(storedExtraHeaders(message([["X-Long", "x".repeat(1013)]]))?.length, 1023);
  assert.equal(storedExtraHeaders(message([["X-Long", "x".repeat(1014)]])), undefined);
});

test("the extra_hdrs_avp string is kept as it is, under the same buffer limit", () => {
  assert.equal(avpExtraHeaders("X-From-Avp: yes\r\n"), "X-From-Avp: yes\r\n");
  assert.equal(avpExtraHeaders("y".repeat(1023))?.length, 1023);
  assert.equal(avpExtraHeaders("y".repeat(1024)), undefined);
});
