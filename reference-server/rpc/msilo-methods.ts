import type { Msilo } from "../msilo/msilo";
import { JsonRpcServer, RpcError, param } from "./json-rpc-server";

/** Statistic groups by module name: each returns `{ name: value }`. */
export type StatisticGroups = Record<string, () => Record<string, number>>;

/**
 * Kamailio's `stats.get_statistics`: params "all", "<group>:" or "<group>:<name>"; the result is a
 * list of "group:name = value" strings as kamcmd prints them.
 */
export function registerStatisticsMethod(rpc: JsonRpcServer, groups: StatisticGroups): void {
  rpc.register("stats.get_statistics", (params) => {
    const wanted = Array.isArray(params) ? params.map(String) : [String(param(params, 0, "stat") ?? "all")];
    const out: string[] = [];
    for (const [group, read] of Object.entries(groups)) {
      for (const [name, value] of Object.entries(read())) {
        const full = `${group}:${name}`;
        if (wanted.some((w) => w === "all" || w === `${group}:` || w === full))
          out.push(`${full} = ${value}`);
      }
    }
    if (out.length === 0) throw new RpcError(-32602, `no statistics match ${wanted.join(", ")}`);
    return out;
  });
}

/** `msilo.dump`: every stored row (bodies as UTF-8 text), for inspection from a harness. */
export function registerMsiloMethods(rpc: JsonRpcServer, msilo: Msilo): void {
  rpc.register("msilo.dump", () =>
    msilo.table.all().map((r) => ({ ...r, body: r.body ? Buffer.from(r.body).toString("utf8") : null })),
  );
}
