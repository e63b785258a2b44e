import { parseUri, type SipRequest, type SipStack, type SipUri } from "../../sip-core";
import type { ModuleParams } from "../config/schema";
import type { Clock } from "../core/clock";
import { reply, type Reply } from "../core/reply";
import type { Database } from "../db/database";
import { destinationOf } from "../proxy/forward";
import { headerUri } from "../registrar/aor";
import { dumpRequest, notificationRequest, reminderRequest } from "./generated-message";
import { SiloTable, type SiloRow } from "./silo-table";
import { bareUri, buildSiloRow, type OwnerRule } from "./store";

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
    this.table = new SiloTable(deps.db, deps.params.db_table);
    const p = deps.params;
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
   * m_store plus the sample script's answer (MSILO-B-store-result): 202 once the row is committed,
   * 503 when storing fails. The notification is sent afterwards and never changes the answer.
   */
  store(req: SipRequest, rule: OwnerRule, branchUri?: string): Reply {
    const p = this.#deps.params;
    const nowSec = Math.floor(this.#deps.clock.now() / 1000);
    const built = buildSiloRow({ request: req, rule, branchUri, nowSec, expireTime: p.expire_time });
    if (!built.ok) return reply(503, "Service Unavailable");
    const row = built.row;
    // MSILO-B-store-max-messages: checked before the insert; no row, no notification.
    if (p.max_messages > 0 && this.table.countOf(row.username, row.domain) >= p.max_messages) {
      return reply(503, "Service Unavailable");
    }
    this.table.insert(row);
    this.stats.stored_messages++;
    this.#notify(req, row.src_addr);
    return reply(202, "Accepted");
  }

  /** m_dump for `owner` (user, host): every stored non-reminder message, oldest first. */
  async dump(owner: { user: string; host: string }): Promise<number> {
    // MSILO-B-dump-inflight: a copy still waiting for its final response is not sent twice.
    const rows = this.table.dumpable(owner.user, owner.host).filter((r) => !this.#dumped.has(r.id));
    for (const r of rows) this.#dumped.set(r.id, "sent");
    await Promise.all(
      rows.map(async (row) => {
        const ok = await this.#send(dumpRequest(row, this.#deps.params));
        this.#dumped.set(row.id, ok ? "ok" : "failed");
        if (ok) this.stats.dumped_messages++;
        else this.stats.failed_messages++;
      }),
    );
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

  /** MSILO-B-notify-conditions / -format. */
  #notify(req: SipRequest, srcAddr: string): void {
    const ruri = parseUri(req.uri);
    const vars: Record<string, string> = {
      ru: req.uri,
      rU: ruri?.user ?? "",
      rd: ruri?.host ?? "",
      ou: req.uri,
      fu: srcAddr,
      tu: bareUri(req.headers.get("To")),
      fU: headerUri(req.headers.get("From"))?.user ?? "",
      tU: headerUri(req.headers.get("To"))?.user ?? "",
    };
    const contact = /<([^>]*)>/.exec(req.headers.get("Contact") ?? "")?.[1];
    const note = notificationRequest({ src_addr: srcAddr, contact }, vars, this.#deps.params);
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
