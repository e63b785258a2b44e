import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isLoopback, resolveAgentOptions } from "./agent-options";
import type { AgentOptions } from "./agent-options";

const base: AgentOptions = { aor: "sip:alice@example.test", server: { host: "127.0.0.1", port: 5060 } };

describe("resolveAgentOptions", () => {
  it("applies the defaults and splits the AOR", () => {
    const o = resolveAgentOptions(base);
    assert.equal(o.user, "alice");
    assert.equal(o.domain, "example.test");
    assert.equal(o.transport, "udp");
    assert.deepEqual(o.listen, ["udp", "tcp"]);
    assert.equal(o.host, "127.0.0.1");
    assert.equal(o.port, 0);
    assert.deepEqual(o.timers, {});
  });

  it("suggests the closest option name for a typo", () => {
    assert.throws(
      () => resolveAgentOptions({ ...base, transprt: "tcp" } as AgentOptions),
      (e: Error & { code?: string }) =>
        e.code === "SIM_ERR_OPTIONS" &&
        e.message === 'unknown agent option "transprt", did you mean "transport"?',
    );
  });

  it("refuses a server that is not on loopback", () => {
    assert.throws(
      () => resolveAgentOptions({ ...base, server: { host: "192.0.2.1", port: 5060 } }),
      /server.host must be a loopback address, got "192.0.2.1"/,
    );
  });

  it("refuses an AOR without user part and a bad port", () => {
    assert.throws(() => resolveAgentOptions({ ...base, aor: "sip:example.test" }), /aor must look like/);
    assert.throws(
      () => resolveAgentOptions({ ...base, server: { host: "127.0.0.1", port: 0 } }),
      /server.port must be an integer between 1 and 65535, got 0/,
    );
  });

  it("requires the request transport to be one the agent listens on", () => {
    assert.throws(
      () => resolveAgentOptions({ ...base, transport: "tcp", listen: ["udp"] }),
      /transport "tcp" must be one of listen \(udp\)/,
    );
    assert.deepEqual(resolveAgentOptions({ ...base, listen: ["udp"] }).listen, ["udp"]);
  });

  it("maps localhost to 127.0.0.1", () => {
    const o = resolveAgentOptions({ ...base, server: { host: "localhost", port: 5070 } });
    assert.deepEqual(o.server, { host: "127.0.0.1", port: 5070 });
  });
});

describe("isLoopback", () => {
  it("accepts 127/8, ::1 and localhost only", () => {
    assert.equal(isLoopback("127.0.0.1"), true);
    assert.equal(isLoopback("127.3.2.1"), true);
    assert.equal(isLoopback("::1"), true);
    assert.equal(isLoopback("localhost"), true);
    assert.equal(isLoopback("10.0.0.1"), false);
    assert.equal(isLoopback("127.example.test"), false);
  });
});
