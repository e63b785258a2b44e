import { DEFAULT_SILO_COLUMNS, siloColumnNames, siloTableDef } from "./silo-schema";

/**
 * Tables with the columns and table versions of Kamailio 5.6's SQLite schema, so a DB check written
 * for one target runs unchanged on the other. Written from the column lists in the 5.6 admin guides.
 */
export interface TableDef {
  name: string;
  version: number;
  ddl: string[];
}

export const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS version (
  id INTEGER PRIMARY KEY NOT NULL,
  table_name VARCHAR(32) NOT NULL,
  table_version INTEGER DEFAULT 0 NOT NULL,
  CONSTRAINT version_table_name_idx UNIQUE (table_name)
)`;

export const LOCATION_TABLE: TableDef = {
  name: "location",
  version: 9,
  ddl: [
    `CREATE TABLE IF NOT EXISTS location (
      id INTEGER PRIMARY KEY NOT NULL,
      ruid VARCHAR(64) DEFAULT '' NOT NULL,
      username VARCHAR(64) DEFAULT '' NOT NULL,
      domain VARCHAR(64) DEFAULT NULL,
      contact VARCHAR(512) DEFAULT '' NOT NULL,
      received VARCHAR(128) DEFAULT NULL,
      path VARCHAR(512) DEFAULT NULL,
      expires TIMESTAMP WITHOUT TIME ZONE DEFAULT '2030-05-28 21:32:15' NOT NULL,
      q REAL DEFAULT 1.0 NOT NULL,
      callid VARCHAR(255) DEFAULT 'Default-Call-ID' NOT NULL,
      cseq INTEGER DEFAULT 1 NOT NULL,
      last_modified TIMESTAMP WITHOUT TIME ZONE DEFAULT '2000-01-01 00:00:01' NOT NULL,
      flags INTEGER DEFAULT 0 NOT NULL,
      cflags INTEGER DEFAULT 0 NOT NULL,
      user_agent VARCHAR(255) DEFAULT '' NOT NULL,
      socket VARCHAR(64) DEFAULT NULL,
      methods INTEGER DEFAULT NULL,
      instance VARCHAR(255) DEFAULT NULL,
      reg_id INTEGER DEFAULT 0 NOT NULL,
      server_id INTEGER DEFAULT 0 NOT NULL,
      connection_id INTEGER DEFAULT 0 NOT NULL,
      keepalive INTEGER DEFAULT 0 NOT NULL,
      partition INTEGER DEFAULT 0 NOT NULL,
      CONSTRAINT location_ruid_idx UNIQUE (ruid)
    )`,
    `CREATE INDEX IF NOT EXISTS location_account_contact_idx ON location (username, domain, contact)`,
    `CREATE INDEX IF NOT EXISTS location_expires_idx ON location (expires)`,
    `CREATE INDEX IF NOT EXISTS location_tcpcon_idx ON location (connection_id)`,
    `CREATE INDEX IF NOT EXISTS location_connection_idx ON location (server_id, connection_id)`,
  ],
};

export const SUBSCRIBER_TABLE: TableDef = {
  name: "subscriber",
  version: 7,
  ddl: [
    `CREATE TABLE IF NOT EXISTS subscriber (
      id INTEGER PRIMARY KEY NOT NULL,
      username VARCHAR(64) DEFAULT '' NOT NULL,
      domain VARCHAR(64) DEFAULT '' NOT NULL,
      password VARCHAR(64) DEFAULT '' NOT NULL,
      ha1 VARCHAR(128) DEFAULT '' NOT NULL,
      ha1b VARCHAR(128) DEFAULT '' NOT NULL,
      CONSTRAINT subscriber_account_idx UNIQUE (username, domain)
    )`,
    `CREATE INDEX IF NOT EXISTS subscriber_username_idx ON subscriber (username)`,
  ],
};

/** MSILO-DB-silo: Kamailio 5.6's offline message store, table version 8. Times are epoch seconds. */
export const SILO_TABLE: TableDef = siloTableDef("silo", DEFAULT_SILO_COLUMNS);

export const ALL_TABLES: TableDef[] = [LOCATION_TABLE, SUBSCRIBER_TABLE, SILO_TABLE];

/**
 * The tables a server with these msilo parameters uses: the silo table under its configured name
 * (db_table) and column names (sc_*). Throws SiloSchemaError for a name that is not a plain identifier.
 */
export function serverTables(msilo: Readonly<Record<string, unknown>> & { db_table: string }): TableDef[] {
  const silo = siloTableDef(msilo.db_table, siloColumnNames(msilo));
  return ALL_TABLES.map((t) => (t === SILO_TABLE ? silo : t));
}
