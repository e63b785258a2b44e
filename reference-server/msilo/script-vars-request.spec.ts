import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequest } from "../../sip-core";
import { expand } from "./generated-message";
import { requestVariables } from "./script-vars";

const register = createRequest({
  method: "REGISTER",
  uri: "sip:example.test",
  headers: [
    ["To", '"Bob" <sip:bob@example.test>'],
    ["From", "<sip:bob@example.test>;tag=abc"],
    ["Call-ID", "reg-1@127.0.0.1"],
    ["CSeq", "1 REGISTER"],
  ],
});

test("the variables of a REGISTER: URIs without display name or tag, their parts, the Call-ID", () => {
  assert.deepEqual(requestVariables(register), {
    ru: "sip:example.test",
    rU: "",
    rd: "example.test",
    ou: "sip:example.test",
    oU: "",
    od: "example.test",
    tu: "sip:bob@example.test",
    tU: "bob",
    td: "example.test",
    fu: "sip:bob@example.test",
    fU: "bob",
    fd: "example.test",
    ci: "reg-1@127.0.0.1",
  });
});

test("msilo 5.6 §3.16 example: extra_hdrs expanded against the REGISTER", () => {
  const text = expand("X-Extra: $tu\\r\\nY-Extra: foo\\r\\n", requestVariables(register));
  assert.equal(text, "X-Extra: sip:bob@example.test\\r\\nY-Extra: foo\\r\\n");
});
