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

/** MSILO-B-reminder-send: R-URI = To = the owner, From = `reminder`, no Date header. */
export function reminderRequest(row: SiloRow, p: DumpParams & { reminder: string }): SipRequest {
  const owner = `sip:${row.username}@${row.domain}`;
  const headers: Array<[string, string]> = [["Content-Type", row.ctype]];
  if (p.add_contact) headers.push(["Contact", `<${p.reminder}>;msilo=yes`]);
  let body = row.body ?? Buffer.alloc(0);
  if (p.add_date) body = Buffer.concat([Buffer.from(`[Reminder message - ${ctime(row.snd_time)}] `), body]);
  return base(owner, p.reminder, owner, headers, body);
}

export interface NotifyParams {
  from_address: string;
  offline_message: string;
  content_type_hdr: string;
  contact_hdr: string;
  use_contact: number;
}

/** Pseudo-variables of the stored MESSAGE used in notification texts ($rU, $rd, $ru, $fu, $tu, ...). */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\(?([a-zA-Z]{2})\)?/g, (whole, name: string) => vars[name] ?? whole);
}

/**
 * MSILO-B-notify-format: R-URI = the sender's first Contact (use_contact, `sip:` and at least 6
 * characters) or its From URI; To = From URI without tag; From = from_address with a new tag;
 * contact_hdr then content_type_hdr; body offline_message. Undefined when a condition is unmet
 * (MSILO-B-notify-conditions).
 */
export function notificationRequest(
  stored: { src_addr: string; contact?: string },
  vars: Record<string, string>,
  p: NotifyParams,
): SipRequest | undefined {
  const from = expand(p.from_address, vars);
  const body = expand(p.offline_message, vars);
  const ctype = headerLines(expand(p.content_type_hdr, vars));
  if (!from || !body || ctype.length === 0) return undefined;
  const contact = stored.contact ?? "";
  const ruri =
    p.use_contact && contact.toLowerCase().startsWith("sip:") && contact.length >= 6
      ? contact
      : stored.src_addr;
  const headers = [...headerLines(expand(p.contact_hdr, vars)), ...ctype];
  return base(ruri, from, stored.src_addr, headers, Buffer.from(body));
}
