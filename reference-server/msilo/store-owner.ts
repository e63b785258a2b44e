import { parseUri, type SipRequest, type SipUri } from "../../sip-core";
import { headerUri } from "../registrar/aor";

/** Which owner (inbox) m_store files a message under (MSILO-F-m_store*, MSILO-B-store-owner-doc). */
export type OwnerRule =
  /** Kamailio m_store() without argument: the R-URI if it is an address of record, else To. */
  | { kind: "ruri" }
  /**
   * Kamailio m_store(owner): the given URI, which needs a user part. With `addrs`, Kamailio 6.1
   * m_store_addrs(owner, srcaddr, dstaddr): those are stored instead of the From and To URIs, an
   * empty one falling back to its header (msilo 6.1 §4.2).
   */
  | { kind: "uri"; uri: string; addrs?: { src: string; dst: string } }
  /** OpenSER m_store(mode): 0 new R-URI, else original, else To; 1 original, else To; 2 To only. */
  | { kind: "mode"; mode: 0 | 1 | 2 };

/**
 * msilo overview: the R-URI is stored "only if it is a complete address of record
 * ("username@hostname")"; a contact address is not one. OpenSER tells them apart by the host: an
 * IPv4 or IPv6 literal is a contact, a name is an AoR.
 */
export function isAddressOfRecord(uri: SipUri | undefined): uri is SipUri {
  if (!uri?.user || !uri.host) return false;
  return !/^\d{1,3}(\.\d{1,3}){3}$/.test(uri.host) && !uri.host.startsWith("[");
}

function withUserAndHost(uri: SipUri | undefined): SipUri | undefined {
  return uri?.user && uri.host ? uri : undefined;
}

/**
 * The owner URI `rule` picks for `request`, or undefined when there is none (m_store then fails).
 * `newUri` is the R-URI as the script left it: rewritten before lookup, or the contact lookup
 * chose when the failure route runs.
 */
export function storeOwner(rule: OwnerRule, request: SipRequest, newUri?: string): SipUri | undefined {
  const original = parseUri(request.uri);
  const to = headerUri(request.headers.get("To"));
  switch (rule.kind) {
    case "uri": {
      const owner = parseUri(rule.uri);
      return owner?.user ? owner : undefined;
    }
    case "ruri": {
      // "If "R-URI" is not an address of record ... the URI from "To" header will be used".
      const current = newUri ? parseUri(newUri) : original;
      return isAddressOfRecord(current) ? current : withUserAndHost(to);
    }
    case "mode": {
      if (rule.mode === 2) return withUserAndHost(to);
      const rewritten = newUri ? parseUri(newUri) : undefined;
      if (rule.mode === 0 && isAddressOfRecord(rewritten)) return rewritten;
      return isAddressOfRecord(original) ? original : withUserAndHost(to);
    }
  }
}
