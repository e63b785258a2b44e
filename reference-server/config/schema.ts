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
    contact_hdr: { type: "string", default: "", doc: "Contact header line added to the notification" },
    content_type_hdr: { type: "string", default: "", doc: "Content-Type header line of the notification" },
    offline_message: { type: "string", default: "", doc: "notification body (empty: no notification)" },
    extra_hdrs: { type: "string", default: "", doc: "header lines added to every dumped MESSAGE" },
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
    skip_notification_flag: {
      type: "int",
      default: -1,
      min: -1,
      max: 31,
      doc: "message flag that suppresses the notification (no script flags here: accepted, no effect)",
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
    store_function: {
      type: "string",
      default: "m_store",
      doc: '"m_store" (Kamailio: owner = R-URI, failure route $ou) or "m_store_mode" (OpenSER modes)',
    },
    store_mode_notfound: { type: "int", default: 0, oneOf: [0, 1, 2], doc: "m_store mode when lookup fails" },
    store_mode_failure: {
      type: "int",
      default: 1,
      oneOf: [0, 1, 2],
      doc: "m_store mode in the failure route",
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
