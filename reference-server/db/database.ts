import BetterSqlite3 from "better-sqlite3";
import { ALL_TABLES, VERSION_TABLE, type TableDef } from "./schema";

export type Database = BetterSqlite3.Database;

/**
 * Opens (creating when needed) the server's SQLite file in WAL mode with every table of
 * `tables`. A busy timeout is set so a second process reading the file (a DB check, sqlite3 on
 * the command line) never makes a write fail with "database is locked".
 */
export function openDatabase(path: string, tables: TableDef[] = ALL_TABLES): Database {
  const db = new BetterSqlite3(path);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  // NORMAL in WAL mode survives a process crash (SIGKILL); only an OS crash can lose the last commit.
  db.pragma("synchronous = NORMAL");
  ensureTables(db, tables);
  return db;
}

export function ensureTables(db: Database, tables: TableDef[]): void {
  db.exec(VERSION_TABLE);
  const setVersion = db.prepare(
    "INSERT INTO version (table_name, table_version) VALUES (?, ?) ON CONFLICT(table_name) DO NOTHING",
  );
  db.transaction(() => {
    setVersion.run("version", 1);
    for (const table of tables) {
      for (const statement of table.ddl) db.exec(statement);
      setVersion.run(table.name, table.version);
    }
  })();
}

/**
 * Kamailio 5.6's db_sqlite binds TIMESTAMP values as Julian day numbers (REAL), not text; we store
 * them the same way so `julianday(expires)` / `datetime(expires)` checks read alike on both targets.
 */
const UNIX_EPOCH_JULIAN_DAY = 2440587.5;

export function formatDbTime(ms: number): number {
  return ms / 86_400_000 + UNIX_EPOCH_JULIAN_DAY;
}

/** Reads a TIMESTAMP column written by either driver: a Julian day number or "YYYY-MM-DD HH:MM:SS" (UTC). */
export function parseDbTime(value: number | string): number {
  if (typeof value === "number") return Math.round((value - UNIX_EPOCH_JULIAN_DAY) * 86_400_000);
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}
