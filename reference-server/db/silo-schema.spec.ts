import { test } from "node:test";
import assert from "node:assert/strict";
import BetterSqlite3 from "better-sqlite3";
import { ensureTables } from "./database";
import {
  DEFAULT_SILO_COLUMNS,
  quoteIdentifier,
  siloColumnNames,
  siloTableDef,
  SiloSchemaError,
} from "./silo-schema";

test("column names are plain identifiers, double-quoted; anything else is refused", () => {
  assert.equal(quoteIdentifier("sender_uri"), '"sender_uri"');
  for (const bad of ['x"; DROP TABLE silo; --', "a b", "1st", "", "naïve", "a-b", "x".repeat(65)]) {
    assert.throws(
      () => quoteIdentifier(bad),
      (e: SiloSchemaError) => e.code === "SIPLAB_ERR_SILO_SCHEMA",
    );
  }
});

test("sc_* parameters rename columns; unset ones keep the default; two params cannot share a name", () => {
  const names = siloColumnNames({ sc_from: "sender_uri", sc_mid: "mid", sc_callid: "" });
  assert.equal(names.src_addr, "sender_uri");
  assert.equal(names.id, "mid");
  assert.equal(names.callid, "callid");
  assert.equal(names.dst_addr, "dst_addr");
  assert.throws(() => siloColumnNames({ sc_from: "x", sc_to: "X" }), /both name the column/);
  assert.throws(() => siloColumnNames({ sc_body: "body; --" }), /msilo\.sc_body/);
});

test("the silo table is created under the configured names", () => {
  const db = new BetterSqlite3(":memory:");
  const columns = { ...DEFAULT_SILO_COLUMNS, id: "msg_id", src_addr: "sender_uri" };
  ensureTables(db, [siloTableDef("offline", columns)]);
  const names = (
    db.prepare("SELECT name FROM pragma_table_info('offline')").all() as Array<{ name: string }>
  ).map((r) => r.name);
  assert.ok(names.includes("msg_id") && names.includes("sender_uri") && !names.includes("src_addr"));
  assert.deepEqual(db.prepare("SELECT table_version FROM version WHERE table_name = 'offline'").get(), {
    table_version: 8,
  });
  assert.throws(() => siloTableDef("silo; DROP TABLE version", DEFAULT_SILO_COLUMNS), SiloSchemaError);
  db.close();
});
