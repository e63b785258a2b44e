import type { Clock, VirtualClock } from "../core/clock";
import type { Usrloc } from "../registrar/usrloc";
import { JsonRpcServer, RpcError, param } from "./json-rpc-server";

export const SERVER_VERSION = "siplab-reference-server 0.1.0";

export function registerCoreMethods(rpc: JsonRpcServer, clock: Clock, startedAt: number): void {
  rpc.register("core.version", () => SERVER_VERSION);
  rpc.register("core.uptime", () => ({ uptime: Math.floor((clock.now() - startedAt) / 1000) }));
  rpc.register("system.listMethods", () => rpc.listMethods());
  rpc.register("siplab.clock.now", () => ({ kind: clock.kind, now: clock.now() }));
  rpc.register("siplab.clock.advance", async (params) => {
    if (clock.kind !== "virtual")
      throw new RpcError(-32000, "the server runs on real time; start it with --test-clock");
    const seconds = Number(param(params, 0, "seconds"));
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new RpcError(-32602, "seconds must be a non-negative number");
    return (clock as VirtualClock).advance(seconds);
  });
}

/** Kamailio-style usrloc commands: ul.dump lists bindings, ul.rm removes every binding of an AoR. */
export function registerUsrlocMethods(
  rpc: JsonRpcServer,
  usrloc: Usrloc,
  clock: Clock,
  useDomain: boolean,
): void {
  rpc.register("ul.dump", () => ({
    now: new Date(clock.now()).toISOString(),
    bindings: usrloc.dump().map((b) => ({
      aor: b.domain ? `${b.username}@${b.domain}` : b.username,
      contact: b.contact,
      expires: Math.max(0, Math.round((b.expires - clock.now()) / 1000)),
      q: b.q,
      callid: b.callid,
      cseq: b.cseq,
      ruid: b.ruid,
    })),
  }));
  rpc.register("ul.rm", (params) => {
    const aor = String(param(params, 1, "aor") ?? "");
    const [username, domain] = aor.split("@");
    if (!username) throw new RpcError(-32602, "usage: ul.rm <table> <aor>");
    const all = usrloc.allOf({ username, domain: useDomain ? (domain ?? null) : null });
    if (all.length === 0) throw new RpcError(404, "AOR not found");
    usrloc.apply({ upsert: [], remove: all });
    return { removed: all.length };
  });
}
