import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Stateless nonces: `<expiry seconds>.<hmac>` signed with a per-process secret, so a server
 * restart invalidates old nonces and no nonce table grows under load.
 */
export class NonceIssuer {
  private readonly secret = randomBytes(32);

  constructor(private readonly lifetimeSec: number) {}

  issue(nowMs: number): string {
    const expiry = Math.floor(nowMs / 1000) + this.lifetimeSec;
    return `${expiry}.${this.sign(String(expiry))}`;
  }

  /** "valid", "stale" (genuine but expired: RFC 2617 §3.2.1 stale=true) or "invalid". */
  check(nonce: string, nowMs: number): "valid" | "stale" | "invalid" {
    const dot = nonce.indexOf(".");
    if (dot <= 0) return "invalid";
    const expiry = nonce.slice(0, dot);
    const given = Buffer.from(nonce.slice(dot + 1));
    const expected = Buffer.from(this.sign(expiry));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
    return Number(expiry) * 1000 >= nowMs ? "valid" : "stale";
  }

  private sign(text: string): string {
    return createHmac("sha256", this.secret).update(text).digest("base64url");
  }
}
