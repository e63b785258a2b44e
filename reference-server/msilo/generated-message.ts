import { randomBytes } from "node:crypto";
import { createRequest, type SipRequest } from "../../sip-core";
import type { SiloRow } from "./silo-table";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** Kamailio builds the dump body in a 1024-byte buffer; a longer result is sent without prefix. */
const BODY_BUFFER = 1024;

/** C ctime() without the newline, server local time: `Mon Nov 23 08:05:04 2026` (day padded to 2). */
export function ctime(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ` +
    `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${d.getFullYear()}`
  );
}

/** Header lines from a parameter such as `Contact: <...>\r\n`; a literal `\r\n` also separates lines. */
export function headerLines(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text.split(/\r\n|\n|\\r\\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}

function tag(): string {
  return randomBytes(6).toString("hex");
}

function callId(): string {
  return `msilo-${randomBytes(10).toString("hex")}`;
}

function base(
  uri: string,
  from: string,
  to: string,
  headers: Array<[string, string]>,
  body: Buffer,
): SipRequest {
  return createRequest({
    method: "MESSAGE",
    uri,
    headers: [
      ["To", `<${to}>`],
      ["From", `<${from}>;tag=${tag()}`],
      ["Call-ID", callId()],
      ["CSeq", "10 MESSAGE"],
      ["Max-Forwards", "70"],
      ...headers,
    ],
    body,
  });
}

export interface DumpParams {
  add_date: number;
  add_contact: number;
  extra_hdrs: string;
}

/**
 * MSILO-B-dump-addressing / -headers / -body: a new out-of-dialog MESSAGE (RFC 3428 §4: no To tag,
 * fresh Call-ID) with R-URI = To = dst_addr and From = src_addr; Date, Content-Type, optional
 * Contact, the extra_hdrs parameter lines, then the stored extra headers.
 */
export function dumpRequest(row: SiloRow, p: DumpParams): SipRequest {
  const headers: Array<[string, string]> = [
    ["Date", new Date(row.inc_time * 1000).toUTCString()],
    ["Content-Type", row.ctype],
  ];
  if (p.add_contact) headers.push(["Contact", `<${row.src_addr}>;msilo=yes`]);
  headers.push(...headerLines(p.extra_hdrs), ...headerLines(row.extra_hdrs ?? ""));
  let body = row.body ?? Buffer.alloc(0);
  if (row.ctype === "text/plain" && p.add_date) {
    const prefixed = Buffer.concat([Buffer.from(`[Offline message - ${ctime(row.inc_time)}] `), body]);
    if (prefixed.length < BODY_BUFFER) body = prefixed;
  }
  return base(row.dst_addr, row.src_addr, row.dst_addr, headers, body);
}

/**
 * MSILO-B-reminder-send: R-URI = To = the owner, From = `reminder` with a new tag, Content-Type and
 * (add_contact) `Contact: <reminder>;msilo=yes` only: no Date, no extra headers. With add_date the
 * body, whatever its type, starts with `[Reminder message - <ctime(snd_time)>] `.
 */
export function reminderRequest(row: SiloRow, p: DumpParams & { reminder: string }): SipRequest {
  const owner = `sip:${row.username}@${row.domain}`;
  const headers: Array<[string, string]> = [["Content-Type", row.ctype]];
  if (p.add_contact) headers.push(["Contact", `<${p.reminder}>;msilo=yes`]);
  let body = row.body ?? Buffer.alloc(0);
  if (p.add_date) {
    const prefixed = Buffer.concat([Buffer.from(`[Reminder message - ${ctime(row.snd_time)}] `), body]);
    if (prefixed.length < BODY_BUFFER) body = prefixed;
  }
  return base(owner, p.reminder, owner, headers, body);
}

export interface NotifyParams {
  from_address: string;
  offline_message: string;
  content_type_hdr: string;
  contact_hdr: string;
  use_contact: number;
  /** OpenSER 1.x notification address; exclusive with from_address. */
  registrar: string;
}

/** The stored MESSAGE as its notification sees it. */
export interface NotifiedMessage {
  /** From URI of the stored MESSAGE: the sender, who is notified. */
  src_addr: string;
  /** To URI of the stored MESSAGE, named by OpenSER's fixed text. */
  dst_addr: string;
  /** URI of its first Contact, when it has one. */
  contact?: string;
}

export class NotifyConfigError extends Error {
  readonly code = "SIPLAB_ERR_MSILO_NOTIFY_CONFIG";
  constructor(message: string) {
    super(message);
    this.name = "NotifyConfigError";
  }
}

/** Refuses at start what Kamailio refuses at start, and the ambiguous OpenSER/Kamailio mix. */
export function checkNotifyParams(p: NotifyParams): void {
  // Kamailio 5.6 mod_init: with offline_message set, "content_type parameter must be set".
  if (p.offline_message && !p.content_type_hdr) {
    throw new NotifyConfigError("msilo.offline_message needs msilo.content_type_hdr (its Content-Type line)");
  }
  if (p.registrar && p.from_address) {
    throw new NotifyConfigError(
      "msilo.registrar (OpenSER 1.x) and msilo.from_address (Kamailio) name the same address: set one",
    );
  }
}

/** Pseudo-variables of the stored MESSAGE used in notification texts ($rU, $rd, $ru, $fu, $tu, ...). */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\(?([a-zA-Z]{2})\)?/g, (whole, name: string) => vars[name] ?? whole);
}

/**
 * MSILO-P-use_contact: the sender's first Contact when it is on and that Contact is a `sip:` URI
 * of at least 6 characters (anything else cannot be sent to), else the sender's From URI.
 */
export function notificationTarget(stored: NotifiedMessage, useContact: number): string {
  const contact = stored.contact ?? "";
  return useContact && contact.toLowerCase().startsWith("sip:") && contact.length >= 6
    ? contact
    : stored.src_addr;
}

/**
 * MSILO-B-notify-format: R-URI = notificationTarget(); To = the sender's From URI without tag;
 * From = from_address with a new tag; contact_hdr then content_type_hdr; body offline_message.
 * Undefined when a condition is unmet (MSILO-B-notify-conditions): an empty expansion of
 * from_address, offline_message or content_type_hdr. With `registrar` set, OpenSER's notice.
 */
export function notificationRequest(
  stored: NotifiedMessage,
  vars: Record<string, string>,
  p: NotifyParams,
): SipRequest | undefined {
  if (p.registrar) return openserNotificationRequest(stored, p);
  const from = expand(p.from_address, vars);
  const body = expand(p.offline_message, vars);
  const ctype = headerLines(expand(p.content_type_hdr, vars));
  if (!from || !body || ctype.length === 0) return undefined;
  const headers = [...headerLines(expand(p.contact_hdr, vars)), ...ctype];
  return base(notificationTarget(stored, p.use_contact), from, stored.src_addr, headers, Buffer.from(body));
}

/**
 * MSILO-B-notify-format-openser: OpenSER 1.x's fixed notice from `registrar` (no pseudo-variables):
 * `Content-Type: text/plain`, `Contact: <registrar>;msilo=yes`, body
 * `User [<To URI>] is offline. The message will be delivered when user goes online.`
 */
export function openserNotificationRequest(
  stored: NotifiedMessage,
  p: Pick<NotifyParams, "registrar" | "use_contact">,
): SipRequest {
  const headers: Array<[string, string]> = [
    ["Content-Type", "text/plain"],
    ["Contact", `<${p.registrar}>;msilo=yes`],
  ];
  const body = `User [${stored.dst_addr}] is offline. The message will be delivered when user goes online.`;
  const ruri = notificationTarget(stored, p.use_contact);
  return base(ruri, p.registrar, stored.src_addr, headers, Buffer.from(body));
}
