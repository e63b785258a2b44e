import { test } from "node:test";
import assert from "node:assert/strict";
import BetterSqlite3 from "better-sqlite3";
import { ensureTables } from "../db/database";
import { DEFAULT_SILO_COLUMNS, siloTableDef } from "../db/silo-schema";
import { SiloTable, SiloTableError, type NewSiloRow } from "./silo-table";

const renamed = {
  ...DEFAULT_SILO_COLUMNS,
  id: "msg_id",
  src_addr: "sender_uri",
  username: "owner_user",
  domain: "owner_host",
  exp_time: "expires_at",
  snd_time: "remind_at",
  callid: "original_callid",
};

function row(over: Partial<NewSiloRow> = {}): NewSiloRow {
  return {
    src_addr: "sip:alice@example.test",
    dst_addr: "sip:bob@example.test",
    username: "bob",
    domain: "example.test",
    inc_time: 100,
    exp_time: 200,
    snd_time: 0,
    ctype: "text/plain",
    body: Buffer.from("hi"),
    extra_hdrs: "",
    ...over,
  };
}

test("with renamed columns rows are written under the new names and read under the default ones", () => {
  const db = new BetterSqlite3(":memory:");
  ensureTables(db, [siloTableDef("silo", renamed)]);
  const table = new SiloTable(db, "silo", renamed);
  const first = table.insert(row());
  table.insert(row({ callid: "abc@host" }));
  table.insert(row({ username: "carol", snd_time: 150 }));
  const raw = db.prepare('SELECT * FROM silo WHERE "msg_id" = ?').get(first) as Record<string, unknown>;
  assert.equal(raw.sender_uri, "sip:alice@example.test");
  assert.equal(raw.original_callid, "");
  const dumped = table.dumpable("bob", "example.test");
  assert.deepEqual(
    dumped.map((r) => [r.id, r.src_addr, r.callid]),
    [
      [first, "sip:alice@example.test", ""],
      [first + 1, "sip:alice@example.test", "abc@host"],
    ],
  );
  assert.equal(table.countOf("bob", "example.test"), 2);
  assert.deepEqual(
    table.dueReminders(160).map((r) => r.username),
    ["carol"],
  );
  assert.equal(table.deleteIds([first]), 1);
  assert.equal(table.deleteExpired(200), 2);
  db.close();
});

test("a table without the configured columns is refused at start, naming the parameter", () => {
  const db = new BetterSqlite3(":memory:");
  ensureTables(db, [siloTableDef("silo", DEFAULT_SILO_COLUMNS)]);
  assert.throws(
    () => new SiloTable(db, "silo", renamed),
    (e: SiloTableError) => /msilo\.sc_mid/.test(e.message),
  );
  assert.throws(() => new SiloTable(db, "missing"), /does not exist/);
  assert.throws(
    () => new SiloTable(db, "silo", { ...DEFAULT_SILO_COLUMNS, body: 'body" --' }),
    /plain SQL name/,
  );
  db.close();
});
