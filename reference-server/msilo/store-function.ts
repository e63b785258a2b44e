import type { SipRequest } from "../../sip-core";
import { ConfigError } from "../config/config";
import type { ModuleParams } from "../config/schema";
import { checkTemplate, expandTemplate, type ScriptContext } from "./script-vars";
import { bareUri } from "./store";
import type { OwnerRule } from "./store-owner";

/**
 * The msilo calls of the reference server's routing "script", chosen by siplab_routing.* the way
 * a Kamailio or OpenSER config would write them (the msilo sample scripts):
 *
 * - not registered (lookup fails) and failure route (the UA rejected the MESSAGE):
 *   `m_store()` / `m_store("<owner>")` (store_function "m_store"), OpenSER `m_store("<mode>")`
 *   ("m_store_mode") or Kamailio 6.1 `m_store_addrs("<owner>", "<src>", "<dst>")` ("m_store_addrs");
 * - REGISTER: `m_dump()` or `m_dump("<dump_owner>")`;
 * - before lookup, `$ru = "<rewrite_ruri>"` when that expands to something.
 *
 * Arguments are templates with Kamailio pseudo-variables (script-vars.ts).
 */
type Routing = ModuleParams["siplab_routing"];

export const STORE_FUNCTIONS = ["m_store", "m_store_mode", "m_store_addrs"] as const;

const TEMPLATES = [
  "store_owner_notfound",
  "store_owner_failure",
  "store_src_addr",
  "store_dst_addr",
  "dump_owner",
  "rewrite_ruri",
] as const;

/** Refuses at start a script the reference server cannot run. */
export function checkRoutingScript(r: Routing): void {
  if (!(STORE_FUNCTIONS as readonly string[]).includes(r.store_function)) {
    throw new ConfigError(
      `siplab_routing.store_function must be one of ${STORE_FUNCTIONS.join(", ")}, got "${r.store_function}"`,
    );
  }
  for (const name of TEMPLATES) checkTemplate(`siplab_routing.${name}`, r[name]);
}

/** The owner rule of the store call the script makes on the `where` path. */
export function storeRule(r: Routing, where: "notfound" | "failure", ctx: ScriptContext): OwnerRule {
  if (r.store_function === "m_store_mode") {
    const mode = where === "notfound" ? r.store_mode_notfound : r.store_mode_failure;
    return { kind: "mode", mode: mode as 0 | 1 | 2 };
  }
  const owner = where === "notfound" ? r.store_owner_notfound : r.store_owner_failure;
  if (r.store_function === "m_store_addrs") {
    // msilo 6.1 §4.2: all three arguments are given; an empty owner is no SIP URI and fails.
    const src = expandTemplate(r.store_src_addr, ctx);
    const dst = expandTemplate(r.store_dst_addr, ctx);
    return { kind: "uri", uri: expandTemplate(owner, ctx), addrs: { src, dst } };
  }
  return owner === "" ? { kind: "ruri" } : { kind: "uri", uri: expandTemplate(owner, ctx) };
}

/** The URI whose inbox m_dump sends: the To URI (m_dump()), else the expanded dump_owner. */
export function dumpOwner(r: Routing, request: SipRequest): string {
  if (r.dump_owner === "") return bareUri(request.headers.get("To"));
  return expandTemplate(r.dump_owner, { request });
}

/** The R-URI the script sets before lookup, or undefined when it leaves the R-URI alone. */
export function rewrittenRuri(r: Routing, request: SipRequest): string | undefined {
  if (r.rewrite_ruri === "") return undefined;
  return expandTemplate(r.rewrite_ruri, { request }).trim() || undefined;
}
