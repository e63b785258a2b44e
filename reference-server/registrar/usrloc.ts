import { randomUUID } from "node:crypto";
import type { Database } from "../db/database";
import { formatDbTime, parseDbTime } from "../db/database";
import type { Clock } from "../core/clock";

/** One registered contact of an address of record (a row of `location`). */
export interface Binding {
  ruid: string;
  username: string;
  domain: string | null;
  contact: string;
  received: string | null;
  path: string | null;
  /** Absolute expiry, ms since epoch (whole seconds, as in the DB). */
  expires: number;
  q: number;
  callid: string;
  cseq: number;
  lastModified: number;
  userAgent: string;
  socket: string | null;
  methods: number | null;
  instance: string | null;
  regId: number;
}

export type BindingEvent = "insert" | "update" | "delete" | "expire";
export type BindingListener = (event: BindingEvent, binding: Binding) => void;

export interface AorKey {
  username: string;
  domain: string | null;
}

interface Row {
  ruid: string;
  username: string;
  domain: string | null;
  contact: string;
  received: string | null;
  path: string | null;
  expires: number | string;
  q: number;
  callid: string;
  cseq: number;
  last_modified: number | string;
  user_agent: string;
  socket: string | null;
  methods: number | null;
  instance: string | null;
  reg_id: number;
}

function fromRow(r: Row): Binding {
  return {
    ruid: r.ruid,
    username: r.username,
    domain: r.domain,
    contact: r.contact,
    received: r.received,
    path: r.path,
    expires: parseDbTime(r.expires),
    q: r.q,
    callid: r.callid,
    cseq: r.cseq,
    lastModified: parseDbTime(r.last_modified),
    userAgent: r.user_agent,
    socket: r.socket,
    methods: r.methods,
    instance: r.instance,
    regId: r.reg_id,
  };
}

/**
 * The user location table. With db_mode 1 the server's SQLite file *is* the store (write-through,
 * survives restarts); with db_mode 0 the same code runs on a private in-memory database, which is
 * what "memory only" means to anyone reading the location table from outside.
 */
export class Usrloc {
  private readonly listeners: BindingListener[] = [];
  private readonly q: ReturnType<Usrloc["prepare"]>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.q = this.prepare();
  }

  private prepare() {
    const cols =
      "ruid, username, domain, contact, received, path, expires, q, callid, cseq, last_modified, user_agent, socket, methods, instance, reg_id";
    return {
      byAor: this.db.prepare<[string, string | null], Row>(
        `SELECT ${cols} FROM location WHERE username = ? AND domain IS ? ORDER BY q DESC, last_modified DESC, id DESC`,
      ),
      insert: this.db.prepare(
        `INSERT INTO location (${cols}, flags, cflags, keepalive) VALUES (@ruid, @username, @domain, @contact, @received, @path, @expires, @q, @callid, @cseq, @last_modified, @user_agent, @socket, @methods, @instance, @reg_id, 0, 0, 0)`,
      ),
      update: this.db.prepare(
        `UPDATE location SET expires = @expires, q = @q, callid = @callid, cseq = @cseq, last_modified = @last_modified, user_agent = @user_agent, socket = @socket, methods = @methods, received = @received, path = @path, instance = @instance, reg_id = @reg_id WHERE ruid = @ruid`,
      ),
      remove: this.db.prepare<[string]>("DELETE FROM location WHERE ruid = ?"),
      expired: this.db.prepare<[number], Row>(`SELECT ${cols} FROM location WHERE expires <= ?`),
      all: this.db.prepare<[], Row>(`SELECT ${cols} FROM location ORDER BY username, domain, id`),
    };
  }

  onChange(listener: BindingListener): void {
    this.listeners.push(listener);
  }

  private emit(event: BindingEvent, b: Binding): void {
    for (const l of this.listeners) l(event, b);
  }

  /** Every binding of the AoR, live or not yet swept. */
  allOf(aor: AorKey): Binding[] {
    return this.q.byAor.all(aor.username, aor.domain).map(fromRow);
  }

  /** The bindings lookup may use: not yet expired. */
  activeOf(aor: AorKey): Binding[] {
    const now = this.clock.now();
    return this.allOf(aor).filter((b) => b.expires > now);
  }

  /** Applies a batch of changes atomically: a REGISTER either changes everything or nothing. */
  apply(changes: { upsert: Binding[]; remove: Binding[] }): void {
    const events: Array<[BindingEvent, Binding]> = [];
    this.db.transaction(() => {
      for (const b of changes.remove) {
        this.q.remove.run(b.ruid);
        events.push(["delete", b]);
      }
      for (const b of changes.upsert) {
        const params = this.toParams(b);
        if (this.q.update.run(params).changes === 0) {
          this.q.insert.run(params);
          events.push(["insert", b]);
        } else events.push(["update", b]);
      }
    })();
    for (const [e, b] of events) this.emit(e, b);
  }

  newRuid(): string {
    return `uloc-${randomUUID()}`;
  }

  /** Deletes bindings whose lifetime ended (the usrloc timer) and reports each as expired. */
  sweep(): number {
    const rows = this.q.expired.all(formatDbTime(this.clock.now()));
    if (rows.length === 0) return 0;
    this.db.transaction(() => {
      for (const r of rows) this.q.remove.run(r.ruid);
    })();
    for (const r of rows) this.emit("expire", fromRow(r));
    return rows.length;
  }

  dump(): Binding[] {
    return this.q.all.all().map(fromRow);
  }

  private toParams(b: Binding) {
    return {
      ruid: b.ruid,
      username: b.username,
      domain: b.domain,
      contact: b.contact,
      received: b.received,
      path: b.path,
      expires: formatDbTime(b.expires),
      q: b.q,
      callid: b.callid,
      cseq: b.cseq,
      last_modified: formatDbTime(b.lastModified),
      user_agent: b.userAgent,
      socket: b.socket,
      methods: b.methods,
      instance: b.instance,
      reg_id: b.regId,
    };
  }
}
