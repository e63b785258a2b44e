import type { SipRequest } from "../../sip-core";
import { headerUri } from "../registrar/aor";
import type { NewSiloRow } from "./silo-table";
import { storeOwner, type OwnerRule } from "./store-owner";

export type { OwnerRule } from "./store-owner";

export interface StoreInput {
  request: SipRequest;
  /** The R-URI as the script left it (rewritten before lookup, or lookup's contact in the failure route). */
  branchUri?: string;
  rule: OwnerRule;
  /** use_mode bit 1 (msilo 6.1 §3.34): the Call-ID to keep with the message. */
  callId?: string;
  nowSec: number;
  expireTime: number;
  /** Reminder time (epoch s) m_store read from snd_time_avp; absent: an ordinary message (0). */
  sndTime?: number;
  /** The string in extra_hdrs_avp (MSILO-P-extra_hdrs_avp): kept instead of the copied headers. */
  extraHdrs?: string;
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

/** MSILO-B-store-ctype: type/subtype only; text/plain and message/cpim are stored as text/plain. */
export function storedContentType(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === "") return "text/plain";
  const token = value.split(";")[0].trim().toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(token)) return undefined;
  return token === "message/cpim" ? "text/plain" : token;
}

/** MSILO-P-extra_hdrs_avp: the AVP's string as it is; it shares the 1024-byte buffer. */
export function avpExtraHeaders(value: string): string | undefined {
  return Buffer.byteLength(value) >= EXTRA_LIMIT ? undefined : value;
}

/** MSILO-B-store-extra-hdrs: unknown headers plus PAI/PPI/Privacy, verbatim and in order. */
export function storedExtraHeaders(req: SipRequest): string | undefined {
  let out = "";
  for (const [name, value] of req.headers.entries()) {
    const lower = name.toLowerCase();
    if (KNOWN.has(lower) && !ALWAYS_COPIED.has(lower)) continue;
    out += `${name}: ${value}\r\n`;
  }
  // Kamailio copies each line only while it is shorter than the space left: a full buffer fails.
  return Buffer.byteLength(out) >= EXTRA_LIMIT ? undefined : out;
}

/** The silo row m_store would insert for `input.request`, or why it refuses. */
export function buildSiloRow(input: StoreInput): StoreOutcome {
  const req = input.request;
  // MSILO-B-store-body-required: a MESSAGE without a body is not stored.
  if (!req.body || req.body.length === 0) return { ok: false, why: "no body" };
  const owner = storeOwner(input.rule, req, input.branchUri);
  const addrs = input.rule.kind === "uri" ? input.rule.addrs : undefined;
  if (!owner?.user) return { ok: false, why: "owner URI has no user part" };
  const ctype = storedContentType(req.headers.get("Content-Type"));
  if (!ctype) return { ok: false, why: "unparseable Content-Type" };
  const from = headerUri(req.headers.get("From"));
  const to = headerUri(req.headers.get("To"));
  if (!from || !to) return { ok: false, why: "bad From or To" };
  const extra = input.extraHdrs !== undefined ? avpExtraHeaders(input.extraHdrs) : storedExtraHeaders(req);
  if (extra === undefined) return { ok: false, why: "extra headers exceed 1024 bytes" };
  // MSILO-B-store-expires-header: a positive, smaller Expires shortens the lifetime.
  const expires = Number(req.headers.get("Expires") ?? "NaN");
  const lifetime =
    Number.isInteger(expires) && expires > 0 && expires < input.expireTime ? expires : input.expireTime;
  return {
    ok: true,
    row: {
      src_addr: addrs?.src || bareUri(req.headers.get("From")),
      dst_addr: addrs?.dst || bareUri(req.headers.get("To")),
      username: owner.user,
      domain: owner.host,
      inc_time: input.nowSec,
      exp_time: input.nowSec + lifetime,
      snd_time: input.sndTime ?? 0,
      ctype,
      body: req.body,
      extra_hdrs: extra,
      ...(input.callId !== undefined ? { callid: input.callId } : {}),
    },
  };
}

/** MSILO-B-store-fields: the URI of a From/To value, without display name or tag. */
export function bareUri(value: string | undefined): string {
  const m = /<([^>]*)>/.exec(value ?? "");
  if (m) return m[1];
  return (value ?? "").split(";")[0].trim();
}
