import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFromArgs } from "./cli-args";
import { ConfigError } from "./config/config";

test("listen, db, domains, --set and the default rpc port (SIP port + 1)", () => {
  const c = configFromArgs([
    "--listen",
    "127.0.0.1:5080",
    "--db",
    "x.sqlite",
    "--domain",
    "example.test",
    "--set",
    "registrar.max_expires=7200",
  ]);
  assert.ok(c !== "help");
  assert.equal(c.port, 5080);
  assert.equal(c.dbPath, "x.sqlite");
  assert.deepEqual(c.domains, ["example.test"]);
  assert.deepEqual(c.rpc, { host: "127.0.0.1", port: 5081 });
  assert.equal(c.modules.registrar.max_expires, 7200);
});

test("a YAML config file applies, and --set wins over it", () => {
  const dir = mkdtempSync(join(tmpdir(), "siplab-cli-"));
  try {
    const file = join(dir, "c.yaml");
    writeFileSync(file, "registrar:\n  default_expires: 120\nusrloc:\n  timer_interval: 5\n");
    const c = configFromArgs(["--config", file, "--set", "registrar.default_expires=300"]);
    assert.ok(c !== "help");
    assert.equal(c.modules.registrar.default_expires, 300);
    assert.equal(c.modules.usrloc.timer_interval, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("mistakes are refused with the closest valid name", () => {
  assert.throws(
    () => configFromArgs(["--lisen", "127.0.0.1:5060"]),
    (e: Error) => e instanceof ConfigError && /--listen/.test(e.message),
  );
  assert.throws(() => configFromArgs(["--set", "usrloc.timer_intervall=5"]), /did you mean "timer_interval"/);
  assert.throws(() => configFromArgs(["--listen", "nowhere"]), /HOST:PORT/);
  assert.equal(configFromArgs(["--help"]), "help");
});
