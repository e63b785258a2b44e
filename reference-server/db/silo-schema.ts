import type { TableDef } from "./schema";

/**
 * The silo table's columns by their default names (MSILO-DB-silo) and the msilo parameter that
 * renames each one (msilo 5.6/6.1 §3.3-§3.15; sc_callid and sc_status are 6.1 names).
 */
export const SILO_COLUMN_PARAMS = {
  id: "sc_mid",
  src_addr: "sc_from",
  dst_addr: "sc_to",
  username: "sc_uri_user",
  domain: "sc_uri_host",
  inc_time: "sc_inc_time",
  exp_time: "sc_exp_time",
  snd_time: "sc_snd_time",
  ctype: "sc_ctype",
  body: "sc_body",
  extra_hdrs: "sc_stored_hdrs",
  callid: "sc_callid",
  status: "sc_status",
} as const;

export type SiloColumn = keyof typeof SILO_COLUMN_PARAMS;
/** Default column name -> the name the table really uses. */
export type SiloColumnNames = Record<SiloColumn, string>;

export const DEFAULT_SILO_COLUMNS: SiloColumnNames = Object.fromEntries(
  Object.keys(SILO_COLUMN_PARAMS).map((c) => [c, c]),
) as SiloColumnNames;

export class SiloSchemaError extends Error {
  readonly code = "SIPLAB_ERR_SILO_SCHEMA";
  constructor(message: string) {
    super(message);
    this.name = "SiloSchemaError";
  }
}

/** Names that can be spliced into SQL: plain identifiers only, never quotes, spaces or keywords' tricks. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * An identifier (table or column name from the configuration) as SQL text. Values are always bound
 * parameters; names cannot be, so they are checked against a strict pattern and double-quoted.
 */
export function quoteIdentifier(name: string, what = "identifier"): string {
  if (!IDENTIFIER.test(name)) {
    throw new SiloSchemaError(`${what} "${name}" must match ${IDENTIFIER.source} (a plain SQL name)`);
  }
  return `"${name}"`;
}

/** The column names the sc_* values in `params` (msilo module parameters) give, validated. */
export function siloColumnNames(params: Readonly<Record<string, unknown>>): SiloColumnNames {
  const out = { ...DEFAULT_SILO_COLUMNS };
  const seen = new Map<string, string>();
  for (const [column, param] of Object.entries(SILO_COLUMN_PARAMS) as Array<[SiloColumn, string]>) {
    const raw = params[param];
    const name = raw === undefined || raw === "" ? column : String(raw);
    quoteIdentifier(name, `msilo.${param}`);
    const clash = seen.get(name.toLowerCase());
    if (clash) throw new SiloSchemaError(`msilo.${param} and msilo.${clash} both name the column "${name}"`);
    seen.set(name.toLowerCase(), param);
    out[column] = name;
  }
  return out;
}

/** MSILO-DB-silo (Kamailio 5.6, version 8) under the configured table and column names. */
export function siloTableDef(table: string, c: SiloColumnNames): TableDef {
  const t = quoteIdentifier(table, "msilo.db_table");
  const q = (column: SiloColumn) => quoteIdentifier(c[column]);
  return {
    name: table,
    version: 8,
    ddl: [
      `CREATE TABLE IF NOT EXISTS ${t} (
        ${q("id")} INTEGER PRIMARY KEY NOT NULL,
        ${q("src_addr")} VARCHAR(255) DEFAULT '' NOT NULL,
        ${q("dst_addr")} VARCHAR(255) DEFAULT '' NOT NULL,
        ${q("username")} VARCHAR(64) DEFAULT '' NOT NULL,
        ${q("domain")} VARCHAR(64) DEFAULT '' NOT NULL,
        ${q("inc_time")} INTEGER DEFAULT 0 NOT NULL,
        ${q("exp_time")} INTEGER DEFAULT 0 NOT NULL,
        ${q("snd_time")} INTEGER DEFAULT 0 NOT NULL,
        ${q("ctype")} VARCHAR(32) DEFAULT 'text/plain' NOT NULL,
        ${q("body")} BLOB,
        ${q("extra_hdrs")} TEXT,
        ${q("callid")} VARCHAR(128) DEFAULT '' NOT NULL,
        ${q("status")} INTEGER DEFAULT 0 NOT NULL
      )`,
      // `table` passed quoteIdentifier above, so the derived index name is a plain name too.
      `CREATE INDEX IF NOT EXISTS "${table}_account_idx" ON ${t} (${q("username")}, ${q("domain")})`,
    ],
  };
}
