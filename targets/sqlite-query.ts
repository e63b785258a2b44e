import BetterSqlite3 from "better-sqlite3";
import type { DbRow } from "./target";

/** A read-only look at a target's SQLite file, the way a DB check from outside the server sees it. */
export function querySqlite(path: string, sql: string, params: unknown[] = []): DbRow[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql).all(...params) as DbRow[];
  } finally {
    db.close();
  }
}
