import { parseUri, type ServerTransaction, type SipStack } from "../../sip-core";
import type { ServerConfig } from "../config/config";
import type { Clock } from "./clock";
import { reply, type Reply } from "./reply";
import type { DigestAuthenticator } from "../auth/digest-auth";
import { save } from "../registrar/save";
import { lookup } from "../registrar/lookup";
import { aorKeyOf, headerUri } from "../registrar/aor";
import type { Usrloc } from "../registrar/usrloc";
import { forwardToContacts } from "../proxy/forward";
import type { Msilo } from "../msilo/msilo";
import { dumpEligible } from "../msilo/dump-eligibility";
import { withFailureRoute } from "../msilo/failure-route";
import { dumpOwner, rewrittenRuri, storeRule } from "../msilo/store-function";
import { routingFlags } from "../msilo/skip-notification";

/** Methods this server understands; anything else is 501 (RFC 3261 §8.2.1), never 400. */
export const ALLOW = ["REGISTER", "OPTIONS", "MESSAGE", "SUBSCRIBE", "NOTIFY", "PUBLISH", "ACK", "CANCEL"];
const KNOWN = new Set([...ALLOW, "INVITE", "BYE", "INFO", "PRACK", "UPDATE", "REFER"]);
/** Option tags we implement (RFC 3261 §8.2.2.3); none yet. */
const SUPPORTED = new Set<string>();

export interface RouterDeps {
  config: ServerConfig;
  stack: SipStack;
  usrloc: Usrloc;
  clock: Clock;
  auth: DigestAuthenticator | null;
  socket: string;
  /** Offline message storage; null when siplab_routing.msilo is 0. */
  msilo: Msilo | null;
  onError(err: unknown): void;
}

/** Whether `host` is one of ours: a served domain, the listen address or localhost. */
export function isMyself(config: ServerConfig, host: string): boolean {
  const domains = new Set(config.domains.map((d) => d.toLowerCase()));
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return domains.size === 0 || domains.has(h) || h === config.host || h === "localhost";
}

export function createRouter(deps: RouterDeps): (tx: ServerTransaction) => void {
  const { config } = deps;
  const myself = (host: string) => isMyself(config, host);
  const answer = (tx: ServerTransaction, r: Reply): void => {
    tx.reply(r.status, r.reason, { headers: r.headers, body: r.body, contentType: r.contentType });
  };

  function route(tx: ServerTransaction): void {
    const req = tx.request;
    const method = req.method;
    if (method === "ACK") return; // an ACK for a 2xx we never sent: nothing to do
    if (!KNOWN.has(method)) return answer(tx, reply(501, "Not Implemented", [["Allow", ALLOW.join(", ")]]));
    const ruri = parseUri(req.uri);
    if (!ruri) return answer(tx, reply(400, "Bad Request-URI"));
    const scheme = ruri.scheme.toLowerCase();
    // RFC 3261 §8.2.2.1: a scheme we do not understand gets 416.
    if (scheme !== "sip" && scheme !== "sips") return answer(tx, reply(416, "Unsupported URI Scheme"));
    const unsupported = [...req.headers.getAll("Require"), ...req.headers.getAll("Proxy-Require")].filter(
      (tag) => tag && !SUPPORTED.has(tag.toLowerCase()),
    );
    // RFC 3261 §8.2.2.3: unknown option tags in Require are listed back in Unsupported with 420.
    if (unsupported.length > 0 && method !== "CANCEL") {
      return answer(tx, reply(420, "Bad Extension", [["Unsupported", unsupported.join(", ")]]));
    }
    if (method === "CANCEL") return answer(tx, reply(481, "Call/Transaction Does Not Exist"));
    if (method === "INVITE")
      return answer(tx, reply(405, "Method Not Allowed", [["Allow", ALLOW.join(", ")]]));
    if (!myself(ruri.host)) return answer(tx, reply(403, "Relaying Forbidden"));

    if (method === "REGISTER") return register(tx, ruri.host);
    if (!ruri.user) {
      if (method === "OPTIONS")
        return answer(
          tx,
          reply(200, "OK", [
            ["Allow", ALLOW.join(", ")],
            ["Accept", "*/*"],
          ]),
        );
      // The msilo sample scripts: lookup fails for such a MESSAGE, so it reaches m_store.
      const userless =
        method === "MESSAGE" && deps.msilo && config.modules.siplab_routing.store_userless_ruri;
      if (!userless) return answer(tx, reply(404, "Not Found"));
    }
    toUser(tx, ruri);
  }

  function register(tx: ServerTransaction, domain: string): void {
    const req = tx.request;
    if (deps.auth) {
      const outcome = deps.auth.authenticate(req, domain, deps.clock.now());
      if (!outcome.ok) return answer(tx, outcome.reply);
      const to = headerUri(req.headers.get("To"));
      // RFC 3261 §10.3 step 4: a user not authorized for this AoR MUST get 403.
      if (to?.user && to.user.toLowerCase() !== outcome.username.toLowerCase()) {
        return answer(
          tx,
          reply(403, "Forbidden", [["P-Registrar-Error", "Authentication ID does not match the AoR"]]),
        );
      }
    }
    const result = save(req, {
      usrloc: deps.usrloc,
      clock: deps.clock,
      params: config.modules,
      socket: deps.socket,
    });
    answer(tx, result.reply);
    // The msilo sample: save() answers first, then m_dump() (MSILO-B-dump-order-vs-reply).
    // MSILO-F-m_dump-owner: m_dump("<dump_owner>") dumps that URI's inbox instead of the To's.
    const owner = parseUri(dumpOwner(config.modules.siplab_routing, req));
    if (
      deps.msilo &&
      (result.code === 1 || result.code === 2) &&
      owner?.user &&
      owner.host &&
      dumpEligible(req)
    ) {
      deps.msilo.dump({ user: owner.user, host: owner.host }, req).catch(deps.onError);
    }
  }

  /** The sample script's m_store branch: 202 stored, 503 not stored, 480 for our own traffic. */
  function storeOffline(tx: ServerTransaction, msilo: Msilo, where: "notfound" | "failure", newUri?: string) {
    const r = config.modules.siplab_routing;
    // MSILO-B-notify-loop: never store what this server generated or what concerns from_address.
    if (
      msilo.isNotificationTraffic(tx.request) ||
      `${tx.source.transport}:${tx.source.address}:${tx.source.port}` === deps.socket
    ) {
      return reply(480, "Temporarily Unavailable");
    }
    const rule = storeRule(r, where, { request: tx.request, newUri });
    // The reminder convention: `$avp(...) = $hdr(<snd_time_header>)` before m_store.
    const sndTimeAvp = r.snd_time_header ? tx.request.headers.get(r.snd_time_header)?.trim() : undefined;
    // The skip convention: `if (is_present_hf("<skip_notification_header>")) setflag(18);`.
    const flags = routingFlags(tx.request, r.skip_notification_header);
    // The extra-headers convention: `$avp(...) = $hdr(<extra_hdrs_header>) + "\r\n"` before m_store.
    const extraValue = r.extra_hdrs_header ? tx.request.headers.get(r.extra_hdrs_header)?.trim() : undefined;
    const extraHdrsAvp = extraValue !== undefined ? `${extraValue}\r\n` : undefined;
    return msilo.store(tx.request, rule, newUri, sndTimeAvp, flags, extraHdrsAvp);
  }

  function toUser(tx: ServerTransaction, ruri: NonNullable<ReturnType<typeof parseUri>>): void {
    const mf = tx.request.headers.get("Max-Forwards");
    if (mf !== undefined && Number(mf) <= 0) return answer(tx, reply(483, "Too Many Hops"));
    // siplab_routing.rewrite_ruri: the script's `$ru = ...` before lookup (an alias, a forward).
    const newUri =
      tx.request.method === "MESSAGE" ? rewrittenRuri(config.modules.siplab_routing, tx.request) : undefined;
    const lookedUp = newUri === undefined ? ruri : parseUri(newUri);
    if (!lookedUp) return answer(tx, reply(500, "Server Internal Error"));
    const aor = aorKeyOf(lookedUp, config.modules);
    const found = aor
      ? lookup(deps.usrloc, aor, tx.request.method, deps.clock.now(), config.modules.registrar)
      : { code: -1 as const };
    const msilo = tx.request.method === "MESSAGE" ? deps.msilo : null;
    if (found.code !== 1 && msilo) return answer(tx, storeOffline(tx, msilo, "notfound", newUri));
    if (found.code === -1) return answer(tx, reply(404, "Not Found"));
    if (found.code === -2) return answer(tx, reply(405, "Method Not Allowed"));
    const branch = found.targets[0]?.contact;
    const target = msilo
      ? withFailureRoute(tx, () => {
          const r = storeOffline(tx, msilo, "failure", branch);
          return r.status === 480 ? undefined : r;
        })
      : tx;
    forwardToContacts(target, found.targets, {
      stack: deps.stack,
      timeoutMs: config.modules.tm.fr_timer,
    }).catch(deps.onError);
  }

  return (tx) => {
    try {
      route(tx);
    } catch (err) {
      deps.onError(err);
      answer(tx, reply(500, "Server Internal Error"));
    }
  };
}
