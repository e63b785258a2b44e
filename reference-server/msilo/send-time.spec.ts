import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSndTimeAvpName, parseSendTime } from "./send-time";

const local = (...a: [number, number, number, number, number, number]) =>
  Math.floor(new Date(...a).getTime() / 1000);

test("YYYYMMDDHHMMSS is read as the server's local time", () => {
  assert.equal(parseSendTime("20060101201500"), local(2006, 0, 1, 20, 15, 0));
  assert.equal(parseSendTime("20261123235959"), local(2026, 10, 23, 23, 59, 59));
});

test("values out of the documented form are refused (ordinary message)", () => {
  for (const bad of [
    "",
    "2026-11-23",
    "20261123 120000",
    "202611231200000", // 15 characters
    "19991231235959", // year must start with 2
    "20260023120000", // month 00
    "20261323120000", // month 13
    "20262023120000", // month tens digit 2
    "20261100120000", // day 00
    "20261132120000", // day 32
    "20261140120000", // day tens digit 4
    "20261123240000", // hour 24
    "20261123300000", // hour tens digit 3
    "20261123126000", // minute 60
    "20261123120060", // second 60
  ]) {
    assert.equal(parseSendTime(bad), undefined, bad);
  }
});

test("calendar normalisation as mktime does it: 31 February rolls into March", () => {
  assert.equal(parseSendTime("20260231120000"), local(2026, 2, 3, 12, 0, 0));
});

test("shorter prefixes are accepted with the missing fields zero", () => {
  assert.equal(parseSendTime("2026"), local(2025, 11, 31, 0, 0, 0)); // day 0 of January
  assert.equal(parseSendTime("20261123"), local(2026, 10, 23, 0, 0, 0));
  assert.equal(parseSendTime("2026112312"), local(2026, 10, 23, 12, 0, 0));
});

test("snd_time_avp must name an AVP", () => {
  checkSndTimeAvpName("");
  checkSndTimeAvpName("$avp(snd_time)");
  checkSndTimeAvpName("$avp(i:123)");
  assert.throws(() => checkSndTimeAvpName("snd_time"), { code: "SIPLAB_ERR_SND_TIME_AVP" });
  assert.throws(() => checkSndTimeAvpName("$var(x)"), { code: "SIPLAB_ERR_SND_TIME_AVP" });
});
