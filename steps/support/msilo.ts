import assert from "node:assert/strict";
import type { SipRequest } from "../../sip-core";
import type { DbRow } from "../../targets/target";
import { ownerRows } from "./silo-columns";
import type { SiplabWorld } from "./world";

/** `<alice>` becomes alice's user name on this target, `<domain>` the target's domain. */
export function expand(world: SiplabWorld, text: string): string {
  return text.replace(/<([a-z]+)>/g, (_, name: string) =>
    name === "domain" ? world.target.profile.domain : world.user(name),
  );
}

/** Sends a MESSAGE from `from`'s phone to `uri` and records the final response. */
export async function sendMessage(
  world: SiplabWorld,
  from: string,
  uri: string,
  body: string | Buffer | undefined,
  options: { contentType?: string; headers?: [string, string][] } = {},
): Promise<void> {
  const agent = await world.phone(from);
  world.record(await agent.request("MESSAGE", { uri, body, ...options }));
}

/** The MESSAGE a phone received last (set by the "receives the MESSAGE" steps). */
export function delivered(world: SiplabWorld): SipRequest {
  assert.ok(world.lastRequest, "no MESSAGE was received yet");
  return world.lastRequest;
}

/** Rows of the silo table owned by `user` in the target's domain, oldest first (sc_* names honoured). */
export function siloRows(world: SiplabWorld, user: string): Promise<DbRow[]> {
  return ownerRows(world, user);
}

/** A silo cell as text: BLOBs (body) as UTF-8, NULL as "NULL". */
export function cellText(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return value === null || value === undefined ? "NULL" : String(value);
}

/** Kamailio's stats.get_statistics answers ["msilo:stored_messages = 3", …]; objects are accepted too. */
export async function msiloStatistics(world: SiplabWorld): Promise<Map<string, number>> {
  const result = await world.target.rpc("stats.get_statistics", ["msilo:"]);
  const stats = new Map<string, number>();
  const lines = Array.isArray(result)
    ? result.map(String)
    : Object.entries((result ?? {}) as Record<string, unknown>).map(([k, v]) => `${k} = ${String(v)}`);
  for (const line of lines) {
    const m = /^\s*(?:msilo:)?([a-z_]+)\s*=\s*(-?\d+)\s*$/.exec(line);
    if (m) stats.set(m[1], Number(m[2]));
  }
  return stats;
}
