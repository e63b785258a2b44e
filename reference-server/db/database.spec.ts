import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDbTime, parseDbTime } from "./database";

test("TIMESTAMP values are Julian day numbers that round-trip to the millisecond", () => {
  const ms = Date.UTC(2026, 10, 23, 12, 0, 0);
  assert.equal(formatDbTime(0), 2440587.5);
  assert.equal(parseDbTime(formatDbTime(ms)), ms);
});

test("text timestamps (Kamailio's schema defaults) are read as UTC", () => {
  assert.equal(parseDbTime("2000-01-01 00:00:01"), Date.UTC(2000, 0, 1, 0, 0, 1));
  assert.ok(Number.isNaN(parseDbTime("yesterday")));
});
