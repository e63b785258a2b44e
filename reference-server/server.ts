import {
  createSipStack,
  createTransport,
  SIP_WIRE_CHANNEL,
  type SipStack,
  type Transport,
} from "../sip-core";
import BetterSqlite3 from "better-sqlite3";
import { type ServerConfig } from "./config/config";
import { createRealClock, createVirtualClock, type Clock } from "./core/clock";
import { openDatabase, ensureTables, type Database } from "./db/database";
import { LOCATION_TABLE, serverTables } from "./db/schema";
import { Usrloc } from "./registrar/usrloc";
import { DigestAuthenticator } from "./auth/digest-auth";
import { Subscribers } from "./auth/subscribers";
import { JsonRpcServer } from "./rpc/json-rpc-server";
import { registerCoreMethods, registerUsrlocMethods } from "./rpc/core-methods";
import { registerMsiloMethods, registerStatisticsMethod } from "./rpc/msilo-methods";
import { checkRoutingScript } from "./msilo/store-function";
import { createRouter, isMyself } from "./core/router";
import { Msilo } from "./msilo/msilo";
import { aorKeyOf } from "./registrar/aor";
import { lookup } from "./registrar/lookup";
import { methodAllowed } from "./registrar/methods";

export { SIP_WIRE_CHANNEL };

export interface RunningServer {
  /** Where SIP is served (UDP and TCP on the same port). */
  address: { host: string; port: number };
  /** JSON-RPC endpoint, when enabled. */
  rpcUrl: string | null;
  clock: Clock;
  close(): Promise<void>;
}

export interface ServerHooks {
  /** Errors the server survived (a handler that threw, a timer that failed). Default: ignored. */
  onError?(err: unknown): void;
}

/** Starts a reference server. Nothing happens on import; everything is closed by `close()`. */
export async function createServer(config: ServerConfig, hooks: ServerHooks = {}): Promise<RunningServer> {
  const onError = hooks.onError ?? (() => undefined);
  const routing = config.modules.siplab_routing;
  checkRoutingScript(routing);
  const clock = config.testClock
    ? createVirtualClock(onError, config.testClockStart)
    : createRealClock(onError);
  const startedAt = clock.now();
  const db = openDatabase(config.dbPath, serverTables(config.modules.msilo));
  const closers: Array<() => unknown> = [() => db.close()];
  let transport: Transport | undefined;
  let stack: SipStack | undefined;
  const rpc = config.rpc ? new JsonRpcServer() : null;
  try {
    const usrlocDb = config.modules.usrloc.db_mode === 0 ? memoryDatabase(closers) : db;
    const usrloc = new Usrloc(usrlocDb, clock);
    closers.push(clock.every(config.modules.usrloc.timer_interval * 1000, () => void usrloc.sweep()));

    transport = await createTransport({
      host: config.host,
      port: config.port,
      maxMessageSize: config.modules.core.max_message_size,
    });
    stack = createSipStack({ transport, timers: config.timers, onError });
    const ownPort = transport.port;
    const socket = `udp:${transport.host}:${ownPort}`;
    const auth = config.modules.auth.enabled
      ? new DigestAuthenticator(new Subscribers(db), config.modules.auth)
      : null;
    const msilo = routing.msilo
      ? new Msilo({
          db,
          clock,
          stack,
          params: config.modules.msilo,
          timeoutMs: config.modules.tm.fr_timer,
          onError,
          localContacts: (uri) => {
            // As Kamailio's `myself`, a URI naming another port than ours is not ours (e.g. the
            // sender's Contact a notification goes to): msilo sends there instead of looking it up.
            const otherPort = uri.port !== undefined && uri.port !== ownPort;
            if (!isMyself(config, uri.host) || otherPort) return undefined;
            const aor = aorKeyOf(uri, config.modules);
            const found = aor
              ? lookup(usrloc, aor, "MESSAGE", clock.now(), config.modules.registrar)
              : undefined;
            if (found?.code !== 1) return [];
            return found.targets.filter((b) => methodAllowed(b.methods, "MESSAGE")).map((b) => b.contact);
          },
        })
      : null;
    if (msilo) closers.push(() => msilo.close());
    stack.onRequest(createRouter({ config, stack, usrloc, clock, auth, socket, msilo, onError }));

    let rpcUrl: string | null = null;
    if (rpc && config.rpc) {
      registerCoreMethods(rpc, clock, startedAt);
      registerUsrlocMethods(rpc, usrloc, clock, config.modules.usrloc.use_domain === 1);
      registerStatisticsMethod(rpc, msilo ? { msilo: () => ({ ...msilo.stats }) } : {});
      if (msilo) registerMsiloMethods(rpc, msilo);
      rpcUrl = (await rpc.listen(config.rpc.host, config.rpc.port)).url;
    }
    const running = { transport, stack };
    return {
      address: { host: transport.host, port: transport.port },
      rpcUrl,
      clock,
      async close() {
        await rpc?.close();
        await running.stack.close();
        await running.transport.close();
        for (const c of closers.reverse()) c();
      },
    };
  } catch (err) {
    await rpc?.close();
    await stack?.close();
    await transport?.close();
    for (const c of closers.reverse()) c();
    throw err;
  }
}

function memoryDatabase(closers: Array<() => unknown>): Database {
  const mem = new BetterSqlite3(":memory:");
  ensureTables(mem, [LOCATION_TABLE]);
  closers.push(() => mem.close());
  return mem;
}
