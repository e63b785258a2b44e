import { parseNameAddr, parseUri, type SipUri } from "../../sip-core";
import type { ModuleParams } from "../config/schema";
import type { AorKey } from "./usrloc";

/** The usrloc key of a SIP URI under use_domain / case_sensitive (UL-P-use_domain, REG-P-case_sensitive). */
export function aorKeyOf(uri: SipUri, p: Pick<ModuleParams, "registrar" | "usrloc">): AorKey | undefined {
  if (!uri.user) return undefined;
  const username = p.registrar.case_sensitive ? uri.user : uri.user.toLowerCase();
  return { username, domain: p.usrloc.use_domain ? uri.host.toLowerCase() : null };
}

export function isSipScheme(uri: SipUri): boolean {
  const s = uri.scheme.toLowerCase();
  return s === "sip" || s === "sips";
}

/** The URI inside a To/From header value, when it parses. */
export function headerUri(value: string | undefined): SipUri | undefined {
  if (!value) return undefined;
  const na = parseNameAddr(value);
  return na ? parseUri(na.uri) : undefined;
}
