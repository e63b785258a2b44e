import { test } from "node:test";
import assert from "node:assert/strict";
import { applyModuleObject, parseSetOption, setParam, ConfigError } from "./config";
import { defaultParams } from "./schema";

test("defaults carry the documented names and values", () => {
  const p = defaultParams();
  assert.equal(p.registrar.default_expires, 3600);
  assert.equal(p.registrar.min_expires, 60);
  assert.equal(p.usrloc.timer_interval, 60);
});

test("unknown parameter names the closest valid one", () => {
  const p = defaultParams();
  assert.throws(
    () => setParam(p, "registrar", "default_expire", 5),
    (e: Error) => e instanceof ConfigError && /did you mean "default_expires"/.test(e.message),
  );
  assert.throws(() => setParam(p, "registar", "x", 5), /did you mean "registrar"/);
});

test("bad values are rejected with the parameter named", () => {
  const p = defaultParams();
  assert.throws(
    () => setParam(p, "registrar", "min_expires_mode", 2),
    /registrar.min_expires_mode must be one of 0, 1/,
  );
  assert.throws(() => setParam(p, "registrar", "default_expires", "soon"), /must be an integer/);
});

test("module objects and --set strings apply", () => {
  const p = defaultParams();
  applyModuleObject(p, { registrar: { default_expires: 120 }, usrloc: { timer_interval: "5" } }, "test");
  assert.equal(p.registrar.default_expires, 120);
  assert.equal(p.usrloc.timer_interval, 5);
  assert.deepEqual(parseSetOption("registrar.max_expires=7200"), {
    module: "registrar",
    name: "max_expires",
    value: "7200",
  });
  assert.throws(() => parseSetOption("nonsense"), ConfigError);
});
