import type { ModuleParams } from "../config/schema";

/** RFC 3261 §20.19: delta-seconds; values beyond 2^32-1 are capped there rather than wrapped. */
const MAX_DELTA = 2 ** 32 - 1;

export function parseDeltaSeconds(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n > MAX_DELTA ? MAX_DELTA : n;
}

export type LifetimeDecision = { ok: true; lifetime: number } | { ok: false; minExpires: number };

/**
 * REG-B-contact-expires-precedence: Contact `expires` param, else the Expires header, else
 * default_expires; then min_expires (raise, or 423 in mode 1) and max_expires (lower).
 */
export function decideLifetime(
  contactParam: number | undefined,
  header: number | undefined,
  p: ModuleParams["registrar"],
): LifetimeDecision {
  let lifetime = contactParam ?? header ?? p.default_expires;
  if (lifetime === 0) return { ok: true, lifetime: 0 };
  if (p.min_expires > 0 && lifetime < p.min_expires) {
    // RFC 3261 §10.3 step 7: the registrar MAY reject with 423 Interval Too Brief.
    if (p.min_expires_mode === 1) return { ok: false, minExpires: p.min_expires };
    lifetime = p.min_expires;
  }
  if (p.max_expires > 0 && lifetime > p.max_expires) lifetime = p.max_expires;
  return { ok: true, lifetime };
}
