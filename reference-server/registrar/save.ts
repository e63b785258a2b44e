import { parseContactValue, parseUri, type NameAddr, type SipRequest } from "../../sip-core";
import type { ModuleParams } from "../config/schema";
import { registrarError, reply, type Reply } from "../core/reply";
import type { Clock } from "../core/clock";
import { aorKeyOf, headerUri, isSipScheme } from "./aor";
import { decideLifetime, parseDeltaSeconds } from "./expires";
import { methodsMask } from "./methods";
import type { AorKey, Binding, Usrloc } from "./usrloc";

export interface SaveContext {
  usrloc: Usrloc;
  clock: Clock;
  params: Pick<ModuleParams, "registrar" | "usrloc">;
  /** `udp:127.0.0.1:5060`, stored in location.socket as Kamailio does. */
  socket: string;
}

interface ContactChange {
  uri: string;
  lifetime: number;
  q: number;
  methods: number | null;
  instance: string | null;
  regId: number;
}

/** The outcome of save(), with Kamailio's return codes (REG-F-save). */
export interface SaveResult {
  reply: Reply;
  code: 1 | 2 | 3 | 4 | -1 | -2;
  aor?: AorKey;
}

function unquote(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** REG-F-save: RFC 3261 §10.3 steps 5-8 for one REGISTER. Authentication (steps 3-4) happens before. */
export function save(req: SipRequest, ctx: SaveContext): SaveResult {
  const p = ctx.params;
  const toUri = headerUri(req.headers.get("To"));
  if (!toUri || !isSipScheme(toUri)) {
    return {
      code: -1,
      reply: registrarError(
        400,
        "Bad Request",
        "Bad To URI: the address of record must be a SIP or SIPS URI",
      ),
    };
  }
  const aor = aorKeyOf(toUri, p);
  if (!aor) return { code: -1, reply: registrarError(400, "Bad Request", "No username in To URI") };

  const contactValues = req.headers.getAll("Contact");
  const parsed = contactValues.map((v) => parseContactValue(v));
  if (parsed.some((c) => c === undefined)) {
    return { code: -1, reply: registrarError(400, "Bad Request", "Invalid Contact header") };
  }
  const contacts = parsed as Array<NameAddr & { star: boolean }>;
  const expiresHeader = parseDeltaSeconds(req.headers.get("Expires"));
  const callid = req.headers.get("Call-ID") ?? "";
  const cseq = Number(/^\s*(\d+)/.exec(req.headers.get("CSeq") ?? "")?.[1] ?? "0");
  const nowSec = Math.floor(ctx.clock.now() / 1000);
  const existing = ctx.usrloc.activeOf(aor);

  // REG-B-query: no Contact header means "tell me my bindings".
  if (contacts.length === 0) return { code: 4, aor, reply: okWithBindings(existing, nowSec) };

  if (contacts.some((c) => c.star)) {
    // RFC 3261 §10.3 step 6: "*" is only valid alone with Expires: 0.
    if (contacts.length > 1 || expiresHeader !== 0) {
      return {
        code: -1,
        reply: registrarError(400, "Bad Request", "* used in contact and expires is not zero"),
      };
    }
    const keep = existing.filter((b) => b.callid === callid && cseq <= b.cseq);
    const remove = existing.filter((b) => !keep.includes(b));
    ctx.usrloc.apply({ upsert: [], remove });
    return { code: 3, aor, reply: okWithBindings(keep, nowSec) };
  }

  const allowHeader = req.headers.getAll("Allow");
  const changes: ContactChange[] = [];
  for (const c of contacts) {
    const uri = parseUri(c.uri);
    if (!uri) return { code: -1, reply: registrarError(400, "Bad Request", `Invalid contact URI ${c.uri}`) };
    const decision = decideLifetime(parseDeltaSeconds(c.params.expires), expiresHeader, p.registrar);
    if (!decision.ok) {
      return {
        code: -1,
        reply: reply(423, "Interval Too Brief", [["Min-Expires", String(decision.minExpires)]]),
      };
    }
    const methodsParam = unquote(c.params.methods);
    const q = c.params.q !== undefined && c.params.q !== null ? Number(c.params.q) : 1;
    changes.push({
      uri: c.uri,
      lifetime: decision.lifetime,
      q: Number.isFinite(q) && q >= 0 && q <= 1 ? q : 1,
      methods:
        methodsParam !== null
          ? methodsMask(methodsParam.split(","))
          : allowHeader.length > 0
            ? methodsMask(allowHeader)
            : null,
      instance: unquote(c.params["+sip.instance"]),
      regId: Number(c.params["reg-id"] ?? 0) || 0,
    });
  }

  const upsert: Binding[] = [];
  const remove: Binding[] = [];
  const byContact = new Map(existing.map((b) => [b.contact, b]));
  const userAgent = req.headers.get("User-Agent") ?? "";
  for (const ch of changes) {
    const old = byContact.get(ch.uri);
    if (old && old.callid === callid) {
      // REG-B-callid-cseq (RFC 3261 §10.3 step 7): an older CSeq is out of order; an equal one is a replay.
      if (cseq < old.cseq)
        return { code: -1, reply: registrarError(400, "Bad Request", "Invalid CSeq number") };
      if (cseq === old.cseq) continue;
    }
    if (ch.lifetime === 0) {
      if (old) remove.push(old);
      continue;
    }
    upsert.push({
      ruid: old?.ruid ?? ctx.usrloc.newRuid(),
      username: aor.username,
      domain: aor.domain,
      contact: ch.uri,
      received: null,
      path: req.headers.get("Path") ?? null,
      expires: (nowSec + ch.lifetime) * 1000,
      q: ch.q,
      callid,
      cseq,
      lastModified: nowSec * 1000,
      userAgent,
      socket: ctx.socket,
      methods: ch.methods,
      instance: ch.instance,
      regId: ch.regId,
    });
  }

  const after = new Map(existing.map((b) => [b.contact, b]));
  for (const b of remove) after.delete(b.contact);
  for (const b of upsert) after.set(b.contact, b);
  const max = p.registrar.max_contacts;
  if (max > 0 && after.size > max) {
    const r = registrarError(503, "Service Unavailable", "Too many registered contacts");
    if (p.registrar.retry_after > 0) r.headers?.push(["Retry-After", String(p.registrar.retry_after)]);
    return { code: -2, aor, reply: r };
  }
  ctx.usrloc.apply({ upsert, remove });
  const code = upsert.some((b) => !byContact.has(b.contact))
    ? 1
    : remove.length > 0 && upsert.length === 0
      ? 3
      : 2;
  return { code, aor, reply: okWithBindings([...after.values()], nowSec) };
}

/** REG-RFC3261-200-bindings: one Contact value per current binding, each with its remaining expires. */
export function okWithBindings(bindings: Binding[], nowSec: number): Reply {
  const headers: Array<[string, string]> = bindings
    .filter((b) => b.expires / 1000 > nowSec)
    .map((b) => {
      const q = b.q !== 1 ? `;q=${b.q}` : "";
      return ["Contact", `<${b.contact}>;expires=${Math.round(b.expires / 1000 - nowSec)}${q}`];
    });
  // RFC 3261 §10.3 step 8: the response SHOULD include a Date header field.
  headers.push(["Date", new Date(nowSec * 1000).toUTCString()]);
  return reply(200, "OK", headers);
}
