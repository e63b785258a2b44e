import { parseUri, type SipRequest, type SipUri } from "../../sip-core";
import { headerUri } from "../registrar/aor";
import type { NewSiloRow } from "./silo-table";

/** Which owner m_store files a message under (MSILO-F-m_store*). */
export type OwnerRule =
  /** Kamailio m_store() / m_store("$ou"): the R-URI, which must have a user part. */
  | { kind: "ruri" }
  /** OpenSER m_store(mode): 0 new R-URI, else original, else To; 1 original, else To; 2 To only. */
  | { kind: "mode"; mode: 0 | 1 | 2 };

export interface StoreInput {
  request: SipRequest;
  /** The R-URI after lookup rewrote it (failure route), when it differs from the original. */
  branchUri?: string;
  rule: OwnerRule;
  nowSec: number;
  expireTime: number;
}

export type StoreOutcome = { ok: true; row: NewSiloRow } | { ok: false; why: string };

const EXTRA_LIMIT = 1024;
/** Headers Kamailio's parser knows; m_store copies every other one (MSILO-B-store-extra-hdrs). */
const KNOWN = new Set([
  "via",
  "to",
  "from",
  "cseq",
  "call-id",
  "contact",
  "max-forwards",
  "route",
  "record-route",
  "content-type",
  "content-length",
  "authorization",
  "expires",
  "proxy-authorization",
  "supported",
  "require",
  "proxy-require",
  "unsupported",
  "allow",
  "event",
  "accept",
  "accept-language",
  "organization",
  "priority",
  "subject",
  "user-agent",
  "server",
  "content-disposition",
  "diversion",
  "remote-party-id",
  "refer-to",
  "session-expires",
  "min-se",
  "sip-if-match",
  "subscription-state",
  "date",
  "identity",
  "identity-info",
  "path",
  "reason",
  "retry-after",
  "min-expires",
  "www-authenticate",
  "proxy-authenticate",
  "accept-contact",
  "allow-events",
  "content-encoding",
  "referred-by",
  "reject-contact",
  "request-disposition",
  "call-info",
  "accept-encoding",
]);
const ALWAYS_COPIED = new Set(["p-asserted-identity", "p-preferred-identity", "privacy"]);

/** The host of an AoR must be a name, not an address literal (OpenSER's "complete AoR" rule). */
function isAor(uri: SipUri | undefined): uri is SipUri {
  if (!uri?.user || !uri.host) return false;
  return !/^\d{1,3}(\.\d{1,3}){3}$/.test(uri.host) && !uri.host.startsWith("[");
}

function ownerOf(input: StoreInput): SipUri | undefined {
  const original = parseUri(input.request.uri);
  const to = headerUri(input.request.headers.get("To"));
  if (input.rule.kind === "ruri") return original?.user ? original : undefined;
  const mode = input.rule.mode;
  if (mode === 2) return to?.user && to.host ? to : undefined;
  const rewritten = input.branchUri ? parseUri(input.branchUri) : undefined;
  if (mode === 0 && isAor(rewritten)) return rewritten;
  if (isAor(original)) return original;
  return to?.user && to.host ? to : undefined;
}

/** MSILO-B-store-ctype: type/subtype only; text/plain and message/cpim are stored as text/plain. */
export function storedContentType(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === "") return "text/plain";
  const token = value.split(";")[0].trim().toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(token)) return undefined;
  return token === "message/cpim" ? "text/plain" : token;
}

/** MSILO-B-store-extra-hdrs: unknown headers plus PAI/PPI/Privacy, verbatim and in order. */
export function storedExtraHeaders(req: SipRequest): string | undefined {
  let out = "";
  for (const [name, value] of req.headers.entries()) {
    const lower = name.toLowerCase();
    if (KNOWN.has(lower) && !ALWAYS_COPIED.has(lower)) continue;
    out += `${name}: ${value}\r\n`;
  }
  return Buffer.byteLength(out) > EXTRA_LIMIT ? undefined : out;
}

/** The silo row m_store would insert for `input.request`, or why it refuses. */
export function buildSiloRow(input: StoreInput): StoreOutcome {
  const req = input.request;
  // MSILO-B-store-body-required: a MESSAGE without a body is not stored.
  if (!req.body || req.body.length === 0) return { ok: false, why: "no body" };
  const owner = ownerOf(input);
  if (!owner?.user) return { ok: false, why: "owner URI has no user part" };
  const ctype = storedContentType(req.headers.get("Content-Type"));
  if (!ctype) return { ok: false, why: "unparseable Content-Type" };
  const from = headerUri(req.headers.get("From"));
  const to = headerUri(req.headers.get("To"));
  if (!from || !to) return { ok: false, why: "bad From or To" };
  const extra = storedExtraHeaders(req);
  if (extra === undefined) return { ok: false, why: "extra headers exceed 1024 bytes" };
  // MSILO-B-store-expires-header: a positive, smaller Expires shortens the lifetime.
  const expires = Number(req.headers.get("Expires") ?? "NaN");
  const lifetime =
    Number.isInteger(expires) && expires > 0 && expires < input.expireTime ? expires : input.expireTime;
  return {
    ok: true,
    row: {
      src_addr: bareUri(req.headers.get("From")),
      dst_addr: bareUri(req.headers.get("To")),
      username: owner.user,
      domain: owner.host,
      inc_time: input.nowSec,
      exp_time: input.nowSec + lifetime,
      snd_time: 0,
      ctype,
      body: req.body,
      extra_hdrs: extra,
    },
  };
}

/** MSILO-B-store-fields: the URI of a From/To value, without display name or tag. */
export function bareUri(value: string | undefined): string {
  const m = /<([^>]*)>/.exec(value ?? "");
  if (m) return m[1];
  return (value ?? "").split(";")[0].trim();
}
