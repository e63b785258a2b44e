/**
 * Module parameters, with their documented names and defaults in one place. Names follow the
 * Kamailio 5.6 admin guides so a Kamailio user recognises them; where our default differs from
 * Kamailio's the comment says why.
 */
export type ParamType = "int" | "string" | "bool";

export interface ParamSpec {
  type: ParamType;
  default: number | string;
  /** Allowed integer values or range, checked at start. */
  min?: number;
  max?: number;
  oneOf?: readonly number[];
  doc: string;
}

export const MODULE_SCHEMA = {
  // Not a Kamailio name: Kamailio fixes 65535 octets for UDP at build time and bounds TCP by
  // tcp_rd_buf_size (16384 in 5.6). One limit for both transports, RFC 3261 §21.4.11 413 above it.
  core: {
    max_message_size: {
      type: "int",
      default: 65535,
      min: 1024,
      max: 16 * 1024 * 1024,
      doc: "largest SIP message taken, header section plus body, in octets; a larger request over TCP gets 413",
    },
  },
  registrar: {
    default_expires: {
      type: "int",
      default: 3600,
      min: 0,
      doc: "lifetime when neither Contact expires nor Expires is given",
    },
    min_expires: {
      type: "int",
      default: 60,
      min: 0,
      doc: "shortest accepted non-zero lifetime (0 disables)",
    },
    min_expires_mode: {
      type: "int",
      default: 0,
      oneOf: [0, 1],
      doc: "0 raise short lifetimes to min_expires, 1 answer 423",
    },
    max_expires: { type: "int", default: 0, min: 0, doc: "longest lifetime (0 disables)" },
    max_contacts: { type: "int", default: 0, min: 0, doc: "bindings allowed per AoR (0 = unlimited)" },
    retry_after: {
      type: "int",
      default: 0,
      min: 0,
      doc: "Retry-After seconds on the 503 for too many contacts",
    },
    append_branches: {
      type: "int",
      default: 1,
      oneOf: [0, 1],
      doc: "lookup forks to every contact (1) or the best one (0)",
    },
    case_sensitive: { type: "int", default: 0, oneOf: [0, 1], doc: "AoR comparison is case sensitive" },
    method_filtering: {
      type: "int",
      default: 0,
      oneOf: [0, 1],
      doc: "lookup skips contacts that do not allow the method",
    },
  },
  usrloc: {
    // Kamailio defaults to 0 (memory only); a test tool wants the table, so we write through.
    db_mode: {
      type: "int",
      default: 1,
      oneOf: [0, 1],
      doc: "0 memory only, 1 write-through to the location table",
    },
    use_domain: { type: "int", default: 0, oneOf: [0, 1], doc: "AoR key is user (0) or user@domain (1)" },
    timer_interval: {
      type: "int",
      default: 60,
      min: 1,
      doc: "seconds between sweeps that delete expired bindings",
    },
  },
  auth: {
    enabled: { type: "int", default: 0, oneOf: [0, 1], doc: "challenge REGISTER with digest authentication" },
    realm: { type: "string", default: "", doc: "digest realm (empty: the To domain)" },
    algorithms: { type: "string", default: "SHA-256,MD5", doc: "challenges offered, in preference order" },
    nonce_expire: { type: "int", default: 300, min: 1, doc: "seconds a nonce stays valid" },
  },
  tm: {
    fr_timer: {
      type: "int",
      default: 30000,
      min: 100,
      doc: "ms to wait for a final response when forwarding",
    },
  },
  // Kamailio 5.6 msilo admin guide §3 (catalog MSILO-P-*). Header-line parameters take whole
  // lines; a literal backslash-r backslash-n in a config file also ends a line.
  msilo: {
    db_table: { type: "string", default: "silo", doc: "table holding stored messages" },
    from_address: { type: "string", default: "", doc: "From of the offline notification (empty: none)" },
    // OpenSER 1.x name of the notification address (catalog MSILO-P-registrar): a fixed-text
    // notification, and MESSAGEs to or from it are never stored. Not in Kamailio 5.6.
    registrar: {
      type: "string",
      default: "",
      doc: "OpenSER 1.x: From of a fixed-text notification, never stored to/from (exclusive with from_address)",
    },
    contact_hdr: { type: "string", default: "", doc: "Contact header line added to the notification" },
    content_type_hdr: { type: "string", default: "", doc: "Content-Type header line of the notification" },
    offline_message: { type: "string", default: "", doc: "notification body (empty: no notification)" },
    extra_hdrs: {
      type: "string",
      default: "",
      doc: "header lines added to every dumped MESSAGE; pseudo-variables of the REGISTER ($tu, $fu, ...)",
    },
    extra_hdrs_avp: {
      type: "string",
      default: "",
      doc: "AVP whose string m_store keeps instead of the copied headers, e.g. $avp(msilo_extra_hdrs) (empty: not read)",
    },
    reminder: { type: "string", default: "", doc: "From of reminder MESSAGEs (empty: no reminders)" },
    outbound_proxy: { type: "string", default: "", doc: "next hop of every request msilo generates" },
    expire_time: { type: "int", default: 259200, min: 1, doc: "longest lifetime of a stored message (s)" },
    check_time: { type: "int", default: 60, min: 1, doc: "seconds between housekeeping runs" },
    send_time: { type: "int", default: 0, min: 0, doc: "seconds between reminder runs (0 disables)" },
    clean_period: { type: "int", default: 10, min: 1, doc: "housekeeping runs between expiry sweeps" },
    use_contact: { type: "int", default: 1, oneOf: [0, 1], doc: "notify the sender's Contact, not From" },
    add_date: { type: "int", default: 1, oneOf: [0, 1], doc: "prefix text/plain dumps with the date" },
    max_messages: { type: "int", default: 0, min: 0, doc: "stored messages per owner (0 = unlimited)" },
    add_contact: { type: "int", default: 0, oneOf: [0, 1], doc: "Contact: <src_addr>;msilo=yes on dumps" },
    snd_time_avp: {
      type: "string",
      default: "",
      doc: "AVP m_store reads a YYYYMMDDHHMMSS reminder time from, e.g. $avp(snd_time) (empty: not read)",
    },
    skip_notification_flag: {
      type: "int",
      default: -1,
      min: -1,
      max: 31,
      doc: "message flag that suppresses the notification (the routing sets flag 18, see siplab_routing)",
    },
    // MSILO-P-sc_*: names of the silo table's columns (msilo 5.6 §3.3-§3.13, 6.1 §3.14-§3.15).
    // sc_mid's documented default is "mid"; the code and the shipped schema use "id".
    sc_mid: { type: "string", default: "id", doc: "column of the message id (key, dump order)" },
    sc_from: { type: "string", default: "src_addr", doc: "column of the sender's From URI" },
    sc_to: { type: "string", default: "dst_addr", doc: "column of the To URI" },
    sc_uri_user: { type: "string", default: "username", doc: "column of the owner's user part" },
    sc_uri_host: { type: "string", default: "domain", doc: "column of the owner's host part" },
    sc_body: { type: "string", default: "body", doc: "column of the body" },
    sc_ctype: { type: "string", default: "ctype", doc: "column of the content type" },
    sc_exp_time: { type: "string", default: "exp_time", doc: "column of the expiry time (epoch s)" },
    sc_inc_time: { type: "string", default: "inc_time", doc: "column of the arrival time (epoch s)" },
    sc_snd_time: { type: "string", default: "snd_time", doc: "column of the reminder time (0 = none)" },
    sc_stored_hdrs: { type: "string", default: "extra_hdrs", doc: "column of the kept header lines" },
    sc_callid: { type: "string", default: "callid", doc: "column of the original Call-ID (6.1)" },
    sc_status: { type: "string", default: "status", doc: "column of the unused status (6.1)" },
    use_mode: {
      type: "int",
      default: 0,
      oneOf: [0, 1],
      doc: "6.1: bit 1 keeps the MESSAGE's Call-ID (sc_callid) and reuses it for the dump",
    },
  },
  // What the reference server's fixed "script" does, standing in for the msilo sample configs.
  siplab_routing: {
    msilo: {
      type: "int",
      default: 1,
      oneOf: [0, 1],
      doc: "MESSAGE store-and-forward and m_dump on REGISTER",
    },
    // The store function of the "not registered" path and of the failure route (see
    // reference-server/msilo/store-function.ts): "m_store" Kamailio m_store()/m_store(owner),
    // "m_store_mode" OpenSER m_store(mode), "m_store_addrs" Kamailio 6.1 m_store_addrs(owner, src, dst).
    store_function: {
      type: "string",
      default: "m_store",
      doc: '"m_store" (Kamailio), "m_store_mode" (OpenSER modes) or "m_store_addrs" (Kamailio 6.1)',
    },
    store_mode_notfound: { type: "int", default: 0, oneOf: [0, 1, 2], doc: "m_store mode when lookup fails" },
    store_mode_failure: {
      type: "int",
      default: 1,
      oneOf: [0, 1, 2],
      doc: "m_store mode in the failure route",
    },
    store_owner_notfound: {
      type: "string",
      default: "",
      doc: 'owner argument when lookup fails, pseudo-variables allowed ("" = m_store() without one)',
    },
    store_owner_failure: {
      type: "string",
      default: "$ou",
      doc: 'owner argument in the failure route ("" = m_store() without one)',
    },
    store_src_addr: { type: "string", default: "", doc: 'm_store_addrs srcaddr ("" = the From URI)' },
    store_dst_addr: { type: "string", default: "", doc: 'm_store_addrs dstaddr ("" = the To URI)' },
    dump_owner: {
      type: "string",
      default: "",
      doc: 'm_dump argument on REGISTER, e.g. "$fu" ("" = m_dump(), the To URI)',
    },
    rewrite_ruri: {
      type: "string",
      default: "",
      doc: "a MESSAGE's R-URI becomes this value before lookup when it expands non-empty ($ru = ...)",
    },
    store_userless_ruri: {
      type: "int",
      default: 0,
      oneOf: [0, 1],
      doc: "1: a MESSAGE whose R-URI has no user part goes to the store function (0: 404)",
    },
    skip_notification_header: {
      type: "string",
      default: "",
      doc: "request header whose presence makes the routing setflag(18) before m_store (empty: never)",
    },
    snd_time_header: {
      type: "string",
      default: "",
      doc: "request header copied into msilo's snd_time_avp before m_store (empty: none)",
    },
    extra_hdrs_header: {
      type: "string",
      default: "",
      doc: "request header whose value plus CRLF goes into msilo's extra_hdrs_avp before m_store (empty: none)",
    },
  },
} as const;

// Checked here rather than with `satisfies` so the literal types above stay narrow.
const _schemaCheck: Record<string, Record<string, ParamSpec>> = MODULE_SCHEMA;
void _schemaCheck;

export type ModuleName = keyof typeof MODULE_SCHEMA;
type ValueOf<S> = S extends { type: "string" } ? string : number;
export type ModuleParams = {
  [M in ModuleName]: { [P in keyof (typeof MODULE_SCHEMA)[M]]: ValueOf<(typeof MODULE_SCHEMA)[M][P]> };
};

export function defaultParams(): ModuleParams {
  const out: Record<string, Record<string, number | string>> = {};
  for (const [mod, params] of Object.entries(MODULE_SCHEMA)) {
    out[mod] = {};
    for (const [name, spec] of Object.entries(params as Record<string, ParamSpec>))
      out[mod][name] = spec.default;
  }
  return out as ModuleParams;
}
