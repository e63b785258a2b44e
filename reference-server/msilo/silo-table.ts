import type { Statement } from "better-sqlite3";
import type { Database } from "../db/database";
import {
  DEFAULT_SILO_COLUMNS,
  SILO_COLUMN_PARAMS,
  quoteIdentifier,
  type SiloColumn,
  type SiloColumnNames,
} from "../db/silo-schema";

/** One row of `silo` (MSILO-DB-silo) by its default column names; times are epoch seconds. */
export interface SiloRow {
  id: number;
  src_addr: string;
  dst_addr: string;
  username: string;
  domain: string;
  inc_time: number;
  exp_time: number;
  snd_time: number;
  ctype: string;
  body: Buffer | null;
  extra_hdrs: string | null;
  callid: string;
  status: number;
}

/** What m_store inserts; callid only with use_mode bit 1 (msilo 6.1), else the column default. */
export type NewSiloRow = Omit<SiloRow, "id" | "status" | "callid"> & { callid?: string };

export class SiloTableError extends Error {
  readonly code = "SIPLAB_ERR_SILO_TABLE";
}

const INSERTED: ReadonlyArray<keyof NewSiloRow & SiloColumn> = [
  "src_addr",
  "dst_addr",
  "username",
  "domain",
  "inc_time",
  "exp_time",
  "snd_time",
  "ctype",
  "body",
  "extra_hdrs",
  "callid",
];

/**
 * Access to the silo table. Every statement is prepared with bound parameters: user-controlled
 * values (URIs, bodies, headers) never become SQL text. The table and column names come from
 * config (db_table, sc_*); they are checked to be plain identifiers and quoted, and results are
 * read back under the default names, so the rest of msilo does not see the renaming.
 */
export class SiloTable {
  readonly #db: Database;
  readonly #sql: Record<"table" | SiloColumn, string>;
  /** `SELECT` list giving every column its default name. */
  readonly #select: string;
  /** Statements are prepared once, on first use: storing and dumping run per message. */
  readonly #statements = new Map<string, Statement>();

  constructor(db: Database, table = "silo", columns: SiloColumnNames = DEFAULT_SILO_COLUMNS) {
    this.#db = db;
    const quoted = Object.fromEntries(
      Object.entries(columns).map(([column, name]) => [column, quoteIdentifier(name, column)]),
    ) as Record<SiloColumn, string>;
    this.#sql = { table: quoteIdentifier(table, "msilo.db_table"), ...quoted };
    this.#select = (Object.keys(SILO_COLUMN_PARAMS) as SiloColumn[])
      .map((c) => `${quoted[c]} AS ${c}`)
      .join(", ");
    this.#checkColumns(table, columns);
  }

  /** A table made for other column names would fail on first use; say so at start instead. */
  #checkColumns(table: string, columns: SiloColumnNames): void {
    const have = new Set(
      (this.#db.prepare("SELECT name FROM pragma_table_info(?)").all(table) as Array<{ name: string }>).map(
        (r) => r.name.toLowerCase(),
      ),
    );
    if (have.size === 0) throw new SiloTableError(`table "${table}" (msilo.db_table) does not exist`);
    for (const [column, name] of Object.entries(columns) as Array<[SiloColumn, string]>) {
      if (!have.has(name.toLowerCase())) {
        throw new SiloTableError(
          `table "${table}" has no column "${name}" (msilo.${SILO_COLUMN_PARAMS[column]}); it has ${[...have].join(", ")}`,
        );
      }
    }
  }

  /** `sql` with `$table`, `$cols` (the SELECT list) and `$<column>` replaced by quoted names. */
  #stmt(sql: string): Statement {
    let st = this.#statements.get(sql);
    if (!st) {
      const text = sql
        .replaceAll("$cols", this.#select)
        .replace(/\$([a-z_]+)/g, (m, name: string) => this.#sql[name as SiloColumn | "table"] ?? m);
      st = this.#db.prepare(text);
      this.#statements.set(sql, st);
    }
    return st;
  }

  /** Inserts and commits (better-sqlite3 is synchronous): the row exists once this returns. */
  insert(row: NewSiloRow): number {
    const columns = INSERTED.filter((c) => row[c] !== undefined);
    const info = this.#stmt(
      `INSERT INTO $table (${columns.map((c) => `$${c}`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
    ).run(...columns.map((c) => row[c]));
    return Number(info.lastInsertRowid);
  }

  countOf(username: string, domain: string): number {
    const r = this.#stmt(`SELECT COUNT(*) AS n FROM $table WHERE $username = ? AND $domain = ?`).get(
      username,
      domain,
    ) as { n: number };
    return r.n;
  }

  /** MSILO-B-dump-select: the owner's non-reminder rows, oldest id first (expired ones included). */
  dumpable(username: string, domain: string): SiloRow[] {
    return this.#stmt(
      `SELECT $cols FROM $table WHERE $username = ? AND $domain = ? AND $snd_time = 0 ORDER BY $id`,
    ).all(username, domain) as SiloRow[];
  }

  /** MSILO-B-reminder-send: due reminders of any owner. */
  dueReminders(nowSec: number): SiloRow[] {
    return this.#stmt(`SELECT $cols FROM $table WHERE $snd_time <> 0 AND $snd_time <= ? ORDER BY $id`).all(
      nowSec,
    ) as SiloRow[];
  }

  all(): SiloRow[] {
    return this.#stmt(`SELECT $cols FROM $table ORDER BY $id`).all() as SiloRow[];
  }

  deleteIds(ids: number[]): number {
    const del = this.#stmt(`DELETE FROM $table WHERE $id = ?`);
    let n = 0;
    this.#db.transaction(() => {
      for (const id of ids) n += del.run(id).changes;
    })();
    return n;
  }

  /** MSILO-B-expire-clean: rows whose exp_time is not after now. */
  deleteExpired(nowSec: number): number {
    return this.#stmt(`DELETE FROM $table WHERE $exp_time <= ?`).run(nowSec).changes;
  }

  /** MSILO-B-reminder-outcome: a failed reminder becomes an ordinary offline message. */
  clearSendTime(ids: number[]): void {
    const upd = this.#stmt(`UPDATE $table SET $snd_time = 0 WHERE $id = ?`);
    this.#db.transaction(() => {
      for (const id of ids) upd.run(id);
    })();
  }
}
