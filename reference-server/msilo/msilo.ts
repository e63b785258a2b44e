import { parseContactValue, parseUri, type SipRequest, type SipStack, type SipUri } from "../../sip-core";
import type { ModuleParams } from "../config/schema";
import type { Clock } from "../core/clock";
import { reply, type Reply } from "../core/reply";
import type { Database } from "../db/database";
import { destinationOf } from "../proxy/forward";
import { headerUri } from "../registrar/aor";
import { DUMP_WINDOW, sendWindowed } from "./dump-window";
import {
  checkNotifyParams,
  dumpRequest,
  expand,
  notificationRequest,
  reminderRequest,
} from "./generated-message";
import { requestVariables } from "./script-vars";
import { siloColumnNames } from "../db/silo-schema";
import { SiloTable, type SiloRow } from "./silo-table";
import { checkSndTimeAvpName, parseSendTime } from "./send-time";
import { notificationSkipped } from "./skip-notification";
import { buildSiloRow, type OwnerRule } from "./store";

/** msilo statistics (catalog section 8), with the documented meanings. */
export interface MsiloStats {
  stored_messages: number;
  dumped_messages: number;
  failed_messages: number;
  dumped_reminders: number;
  failed_reminders: number;
}

type Outcome = "sent" | "ok" | "failed";

export interface MsiloDeps {
  db: Database;
  clock: Clock;
  stack: SipStack;
  params: ModuleParams["msilo"];
  /** Contacts of a local AoR that accept MESSAGE; undefined when the URI is not ours. */
  localContacts(uri: SipUri): string[] | undefined;
  /** tm fr_timer for the requests msilo sends. */
  timeoutMs: number;
  onError(err: unknown): void;
}

/**
 * Offline message storage: m_store, m_dump, the housekeeping timer (delete after 2xx, expiry)
 * and reminders, on the injected clock. Delivery state lives in memory as in Kamailio
 * (MSILO-DB-status-unused): the `status` column stays 0.
 */
export class Msilo {
  readonly table: SiloTable;
  readonly stats: MsiloStats = {
    stored_messages: 0,
    dumped_messages: 0,
    failed_messages: 0,
    dumped_reminders: 0,
    failed_reminders: 0,
  };
  readonly #deps: MsiloDeps;
  readonly #dumped = new Map<number, Outcome>();
  readonly #reminded = new Map<number, Outcome>();
  readonly #timers: Array<() => void> = [];
  #ticks = 0;

  constructor(deps: MsiloDeps) {
    this.#deps = deps;
    // MSILO-P-sc_*: the table's column names come from the parameters.
    this.table = new SiloTable(deps.db, deps.params.db_table, siloColumnNames(deps.params));
    const p = deps.params;
    checkSndTimeAvpName(p.snd_time_avp);
    checkNotifyParams(p);
    this.#timers.push(deps.clock.every(p.check_time * 1000, () => this.housekeeping()));
    // MSILO-P-reminder: reminders are active only with `reminder` set and send_time > 0.
    if (p.reminder && p.send_time > 0) {
      this.#timers.push(deps.clock.every(p.send_time * 1000, () => this.sendReminders()));
    }
  }

  close(): void {
    for (const cancel of this.#timers) cancel();
  }

  /** True for requests to or from the notification address, which are never stored (MSILO-B-notify-loop). */
  isNotificationTraffic(req: SipRequest): boolean {
    const own = parseUri(this.#deps.params.from_address);
    if (!own) return false;
    const same = (u: SipUri | undefined) =>
      !!u && u.user === own.user && u.host.toLowerCase() === own.host.toLowerCase();
    return same(headerUri(req.headers.get("From"))) || same(headerUri(req.headers.get("To")));
  }

  /**
   * MSILO-P-registrar (OpenSER 1.x): "All requests intended for this SIP address will not be
   * stored"; OpenSER's m_store refuses messages from it too, so its notices never loop.
   */
  #isRegistrarTraffic(req: SipRequest): boolean {
    const own = parseUri(this.#deps.params.registrar);
    if (!own) return false;
    const same = (u: SipUri | undefined) =>
      !!u && u.user === own.user && u.host.toLowerCase() === own.host.toLowerCase();
    return same(headerUri(req.headers.get("To"))) || same(headerUri(req.headers.get("From")));
  }

  /**
   * m_store plus the sample script's answer (MSILO-B-store-result): 202 once the row is committed,
   * 503 when storing fails. The notification is sent afterwards and never changes the answer.
   * `sndTimeAvp` is the value the script put in the snd_time_avp AVP, read only when that
   * parameter is set (MSILO-P-snd_time_avp); a valid time makes the row a reminder. `flags` are
   * the message flags the script set (MSILO-P-skip_notification_flag). `extraHdrsAvp` is the
   * string in the extra_hdrs_avp AVP, read only when that parameter is set (MSILO-P-extra_hdrs_avp).
   */
  store(
    req: SipRequest,
    rule: OwnerRule,
    branchUri?: string,
    sndTimeAvp?: string,
    flags = 0,
    extraHdrsAvp?: string,
  ): Reply {
    const p = this.#deps.params;
    if (this.#isRegistrarTraffic(req)) return reply(503, "Service Unavailable");
    const nowSec = Math.floor(this.#deps.clock.now() / 1000);
    const sndTime = p.snd_time_avp && sndTimeAvp !== undefined ? parseSendTime(sndTimeAvp) : undefined;
    // MSILO-P-use_mode (msilo 6.1 §3.34): bit 1 keeps the Call-ID of the incoming MESSAGE.
    const callId = p.use_mode & 1 ? (req.headers.get("Call-ID") ?? "") : undefined;
    const built = buildSiloRow({
      request: req,
      rule,
      branchUri,
      nowSec,
      expireTime: p.expire_time,
      sndTime,
      callId,
      extraHdrs: p.extra_hdrs_avp ? extraHdrsAvp : undefined,
    });
    if (!built.ok) return reply(503, "Service Unavailable");
    const row = built.row;
    // MSILO-B-store-max-messages: checked before the insert; no row, no notification.
    if (p.max_messages > 0 && this.table.countOf(row.username, row.domain) >= p.max_messages) {
      return reply(503, "Service Unavailable");
    }
    this.table.insert(row);
    this.stats.stored_messages++;
    this.#notify(req, row.src_addr, flags);
    return reply(202, "Accepted");
  }

  /**
   * m_dump for `owner` (user, host): every stored non-reminder message, oldest first, started in
   * id order with at most DUMP_WINDOW awaiting their answer. `register` is the REGISTER that
   * triggered it: msilo 5.6 §3.16, extra_hdrs "can contain pseudo-variables".
   */
  async dump(owner: { user: string; host: string }, register?: SipRequest): Promise<number> {
    const p = this.#deps.params;
    // MSILO-B-dump-inflight: a copy still waiting for its final response is not sent twice.
    const rows = this.table.dumpable(owner.user, owner.host).filter((r) => !this.#dumped.has(r.id));
    for (const r of rows) this.#dumped.set(r.id, "sent");
    const extra = register ? expand(p.extra_hdrs, requestVariables(register)) : p.extra_hdrs;
    const params = { ...p, extra_hdrs: extra };
    await sendWindowed(rows, DUMP_WINDOW, async (row) => {
      const copy = dumpRequest(row, params);
      // MSILO-P-use_mode: bit 1 sends the dumped MESSAGE with the stored Call-ID.
      if (p.use_mode & 1 && row.callid) copy.headers.set("Call-ID", row.callid);
      // A send that throws is a failed delivery (MSILO-B-dump-failure-retain), never a lost row.
      const ok = await this.#send(copy).catch((err: unknown) => {
        this.#deps.onError(err);
        return false;
      });
      this.#dumped.set(row.id, ok ? "ok" : "failed");
      if (ok) this.stats.dumped_messages++;
      else this.stats.failed_messages++;
    });
    return rows.length;
  }

  /**
   * MSILO-B-dump-2xx-delete / -failure-retain / MSILO-B-expire-clean: one housekeeping run. Rows
   * whose copy got a 2xx are deleted; failed ones become eligible again; every clean_period runs
   * expired rows go.
   */
  housekeeping(): void {
    const done = (m: Map<number, Outcome>, outcome: Outcome) =>
      [...m].filter(([, o]) => o === outcome).map(([id]) => id);
    const delivered = [...done(this.#dumped, "ok"), ...done(this.#reminded, "ok")];
    this.table.deleteIds(delivered);
    const failedReminders = done(this.#reminded, "failed");
    this.table.clearSendTime(failedReminders);
    for (const id of [...delivered, ...done(this.#dumped, "failed"), ...failedReminders]) {
      this.#dumped.delete(id);
      this.#reminded.delete(id);
    }
    this.#ticks++;
    if (this.#ticks % this.#deps.params.clean_period === 0) {
      this.table.deleteExpired(Math.floor(this.#deps.clock.now() / 1000));
    }
  }

  /** MSILO-B-reminder-send: every due reminder, whatever its owner. */
  async sendReminders(): Promise<void> {
    const p = this.#deps.params;
    const due = this.table
      .dueReminders(Math.floor(this.#deps.clock.now() / 1000))
      .filter((r) => !this.#reminded.has(r.id));
    for (const r of due) this.#reminded.set(r.id, "sent");
    await Promise.all(
      due.map(async (row: SiloRow) => {
        const ok = await this.#send(reminderRequest(row, p));
        this.#reminded.set(row.id, ok ? "ok" : "failed");
        if (ok) this.stats.dumped_reminders++;
        else this.stats.failed_reminders++;
      }),
    );
  }

  /**
   * MSILO-B-notify-conditions / -format / -format-openser: after a successful insert, unless the
   * skip flag is set. Sending is not awaited: its outcome never changes the store's answer.
   */
  #notify(req: SipRequest, srcAddr: string, flags: number): void {
    const p = this.#deps.params;
    if (!p.from_address && !p.registrar) return;
    if (notificationSkipped(flags, p.skip_notification_flag)) return;
    // Expanded against the stored MESSAGE (msilo 5.6 §3.14-3.18 "can contain pseudo-variables").
    const vars: Record<string, string> = { ...requestVariables(req), ou: req.uri, fu: srcAddr };
    const first = req.headers.getAll("Contact")[0];
    const contact = first === undefined ? undefined : parseContactValue(first);
    const stored = {
      src_addr: srcAddr,
      dst_addr: vars.tu,
      contact: contact && !contact.star ? contact.uri : undefined,
    };
    const note = notificationRequest(stored, vars, p);
    if (note) this.#send(note).catch(this.#deps.onError);
  }

  /**
   * Sends a request msilo generated and tells whether it got a 2xx: to outbound_proxy when set
   * (MSILO-P-outbound_proxy), else to a local user's contacts (what lookup would do), else to the
   * R-URI's host. A local user with no contact is a failure: generated requests are never stored.
   */
  async #send(req: SipRequest): Promise<boolean> {
    const d = this.#deps;
    const opts = { timeoutMs: d.timeoutMs };
    if (d.params.outbound_proxy) {
      const dest = destinationOf(d.params.outbound_proxy);
      return !!dest && is2xx((await d.stack.sendRequest(req, dest, opts)).status);
    }
    const uri = parseUri(req.uri);
    const contacts = uri ? d.localContacts(uri) : undefined;
    if (!contacts) {
      const dest = destinationOf(req.uri);
      return !!dest && is2xx((await d.stack.sendRequest(req, dest, opts)).status);
    }
    const results = await Promise.all(
      contacts.map(async (contact) => {
        const dest = destinationOf(contact);
        if (!dest) return false;
        const branch: SipRequest = { ...req, uri: contact, headers: req.headers.clone() };
        return is2xx((await d.stack.sendRequest(branch, dest, opts)).status);
      }),
    );
    return results.some(Boolean);
  }
}

function is2xx(status: number): boolean {
  return status >= 200 && status < 300;
}
