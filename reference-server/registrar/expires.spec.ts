import { test } from "node:test";
import assert from "node:assert/strict";
import { decideLifetime, parseDeltaSeconds } from "./expires";
import { defaultParams } from "../config/schema";

const reg = () => ({ ...defaultParams().registrar });

test("contact param wins over header, header over default", () => {
  assert.deepEqual(decideLifetime(120, 300, reg()), { ok: true, lifetime: 120 });
  assert.deepEqual(decideLifetime(undefined, 300, reg()), { ok: true, lifetime: 300 });
  assert.deepEqual(decideLifetime(undefined, undefined, reg()), { ok: true, lifetime: 3600 });
});

test("min_expires raises in mode 0 and refuses in mode 1; zero always removes", () => {
  assert.deepEqual(decideLifetime(30, undefined, reg()), { ok: true, lifetime: 60 });
  assert.deepEqual(decideLifetime(30, undefined, { ...reg(), min_expires_mode: 1 }), {
    ok: false,
    minExpires: 60,
  });
  assert.deepEqual(decideLifetime(0, undefined, { ...reg(), min_expires_mode: 1 }), {
    ok: true,
    lifetime: 0,
  });
});

test("max_expires lowers", () => {
  assert.deepEqual(decideLifetime(7200, undefined, { ...reg(), max_expires: 3600 }), {
    ok: true,
    lifetime: 3600,
  });
});

test("delta-seconds: digits only, capped at 2^32-1", () => {
  assert.equal(parseDeltaSeconds(" 60 "), 60);
  assert.equal(parseDeltaSeconds("-1"), undefined);
  assert.equal(parseDeltaSeconds("abc"), undefined);
  assert.equal(parseDeltaSeconds("99999999999999999999"), 2 ** 32 - 1);
});
