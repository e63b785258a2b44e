import type { DbRow } from "../../targets/target";
import type { SiplabWorld } from "./world";

/**
 * The sc_* parameters of msilo (5.6/6.1 §3.3-§3.15) and the column each one names by default.
 * sc_mid's documented default is "mid", but the code and the shipped schema use "id".
 */
export const SILO_COLUMN_DEFAULTS = {
  sc_mid: "id",
  sc_from: "src_addr",
  sc_to: "dst_addr",
  sc_uri_user: "username",
  sc_uri_host: "domain",
  sc_body: "body",
  sc_ctype: "ctype",
  sc_exp_time: "exp_time",
  sc_inc_time: "inc_time",
  sc_snd_time: "snd_time",
  sc_stored_hdrs: "extra_hdrs",
  sc_callid: "callid",
  sc_status: "status",
} as const;

export type SiloColumnParam = keyof typeof SILO_COLUMN_DEFAULTS;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function isSiloColumnParam(name: string): name is SiloColumnParam {
  return Object.hasOwn(SILO_COLUMN_DEFAULTS, name);
}

/** A column name as SQL text: only plain identifiers are accepted, and they are double-quoted. */
export function quoteColumn(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain SQL identifier`);
  return `"${name}"`;
}

/**
 * The column `param` names on this target: what the scenario declared, else what the target's
 * profile says it runs with, else the default.
 */
export function siloColumn(world: SiplabWorld, param: SiloColumnParam): string {
  const declared = world.siloColumns.get(param) ?? world.target.profile.params.msilo?.[param];
  return declared === undefined ? SILO_COLUMN_DEFAULTS[param] : String(declared);
}

/**
 * Rows of the silo table owned by `user` in the target's domain, oldest id first. A renamed column
 * is also returned under its default name, so checks written against the default layout still read
 * it; the renamed name stays available for the scenarios about the names.
 */
export function ownerRows(world: SiplabWorld, user: string): Promise<DbRow[]> {
  const aliases = Object.entries(SILO_COLUMN_DEFAULTS)
    .map(([param, fallback]) => [siloColumn(world, param as SiloColumnParam), fallback])
    .filter(([column, fallback]) => column !== fallback)
    .map(([column, fallback]) => `, ${quoteColumn(column)} AS ${quoteColumn(fallback)}`)
    .join("");
  const user_ = quoteColumn(siloColumn(world, "sc_uri_user"));
  const host = quoteColumn(siloColumn(world, "sc_uri_host"));
  const mid = quoteColumn(siloColumn(world, "sc_mid"));
  return world.target.query(
    `SELECT *${aliases} FROM silo WHERE ${user_} = ? AND ${host} = ? ORDER BY ${mid}`,
    [user, world.target.profile.domain],
  );
}
