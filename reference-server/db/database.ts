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

/** Kamailio's db_sqlite stores TIMESTAMP columns as local "YYYY-MM-DD HH:MM:SS". */
export function formatDbTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function parseDbTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return NaN;
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime();
}
