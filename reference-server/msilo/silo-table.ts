import type { Statement } from "better-sqlite3";
import type { Database } from "../db/database";

/** One row of `silo` (MSILO-DB-silo); times are epoch seconds, as Kamailio stores them. */
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

export type NewSiloRow = Omit<SiloRow, "id" | "status" | "callid">;

export class SiloTableError extends Error {
  readonly code = "SIPLAB_ERR_SILO_TABLE";
}

/**
 * Access to the silo table. Every statement is prepared with bound parameters: user-controlled
 * values (URIs, bodies, headers) never become SQL text. The table name comes from config
 * (db_table) and is checked to be a plain identifier before it is used.
 */
export class SiloTable {
  readonly #db: Database;
  readonly #t: string;
  /** Statements are prepared once, on first use: storing and dumping run per message. */
  readonly #statements = new Map<string, Statement>();

  constructor(db: Database, table = "silo") {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new SiloTableError(`bad table name "${table}"`);
    this.#db = db;
    this.#t = table;
  }

  #stmt(sql: string): Statement {
    let st = this.#statements.get(sql);
    if (!st) {
      st = this.#db.prepare(sql.replaceAll("$table", this.#t));
      this.#statements.set(sql, st);
    }
    return st;
  }

  /** Inserts and commits (better-sqlite3 is synchronous): the row exists once this returns. */
  insert(row: NewSiloRow): number {
    const info = this.#stmt(
      `INSERT INTO $table (src_addr, dst_addr, username, domain, inc_time, exp_time, snd_time, ctype, body, extra_hdrs)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.src_addr,
      row.dst_addr,
      row.username,
      row.domain,
      row.inc_time,
      row.exp_time,
      row.snd_time,
      row.ctype,
      row.body,
      row.extra_hdrs,
    );
    return Number(info.lastInsertRowid);
  }

  countOf(username: string, domain: string): number {
    const r = this.#stmt(`SELECT COUNT(*) AS n FROM $table WHERE username = ? AND domain = ?`).get(
      username,
      domain,
    ) as { n: number };
    return r.n;
  }

  /** MSILO-B-dump-select: the owner's non-reminder rows, oldest id first (expired ones included). */
  dumpable(username: string, domain: string): SiloRow[] {
    return this.#stmt(
      `SELECT * FROM $table WHERE username = ? AND domain = ? AND snd_time = 0 ORDER BY id`,
    ).all(username, domain) as SiloRow[];
  }

  /** MSILO-B-reminder-send: due reminders of any owner. */
  dueReminders(nowSec: number): SiloRow[] {
    return this.#stmt(`SELECT * FROM $table WHERE snd_time <> 0 AND snd_time <= ? ORDER BY id`).all(
      nowSec,
    ) as SiloRow[];
  }

  all(): SiloRow[] {
    return this.#stmt(`SELECT * FROM $table ORDER BY id`).all() as SiloRow[];
  }

  deleteIds(ids: number[]): number {
    const del = this.#stmt(`DELETE FROM $table WHERE id = ?`);
    let n = 0;
    this.#db.transaction(() => {
      for (const id of ids) n += del.run(id).changes;
    })();
    return n;
  }

  /** MSILO-B-expire-clean: rows whose exp_time is not after now. */
  deleteExpired(nowSec: number): number {
    return this.#stmt(`DELETE FROM $table WHERE exp_time <= ?`).run(nowSec).changes;
  }

  /** MSILO-B-reminder-outcome: a failed reminder becomes an ordinary offline message. */
  clearSendTime(ids: number[]): void {
    const upd = this.#stmt(`UPDATE $table SET snd_time = 0 WHERE id = ?`);
    this.#db.transaction(() => {
      for (const id of ids) upd.run(id);
    })();
  }
}
