import { parseAuthParams, verifyDigest, type SipRequest } from "../../sip-core";
import type { ModuleParams } from "../config/schema";
import { reply, type Reply } from "../core/reply";
import { NonceIssuer } from "./nonce";
import type { Subscribers } from "./subscribers";

export type AuthOutcome = { ok: true; username: string } | { ok: false; reply: Reply };

type Algorithm = "MD5" | "SHA-256";

/**
 * Digest authentication of REGISTER (RFC 3261 §22, RFC 2617, RFC 8760) against the subscriber table.
 * Every offered algorithm gets its own WWW-Authenticate, strongest first (RFC 8760 §2.4).
 */
export class DigestAuthenticator {
  private readonly nonces: NonceIssuer;
  private readonly algorithms: Algorithm[];

  constructor(
    private readonly subscribers: Subscribers,
    private readonly params: ModuleParams["auth"],
  ) {
    this.nonces = new NonceIssuer(params.nonce_expire);
    this.algorithms = params.algorithms
      .split(",")
      .map((a) => a.trim().toUpperCase())
      .filter((a): a is Algorithm => a === "MD5" || a === "SHA-256");
    if (this.algorithms.length === 0) this.algorithms = ["MD5"];
  }

  authenticate(req: SipRequest, domain: string, nowMs: number): AuthOutcome {
    const realm = this.params.realm || domain;
    for (const value of req.headers.getAll("Authorization")) {
      const creds = parseAuthParams(value);
      // Credentials for another realm belong to someone else (RFC 3261 §22.4); look further.
      if (!creds || creds.scheme.toLowerCase() !== "digest" || creds.params.realm !== realm) continue;
      const nonceState = this.nonces.check(creds.params.nonce ?? "", nowMs);
      if (nonceState === "stale") return { ok: false, reply: this.challenge(realm, nowMs, true) };
      if (nonceState === "invalid") break;
      const result = verifyDigest(value, {
        method: req.method,
        realm,
        requestUri: req.uri,
        password: (username) => this.subscribers.lookup(username, realm)?.password,
      });
      if (result.ok) return { ok: true, username: result.credentials.username };
      break;
    }
    return { ok: false, reply: this.challenge(realm, nowMs, false) };
  }

  challenge(realm: string, nowMs: number, stale: boolean): Reply {
    const nonce = this.nonces.issue(nowMs);
    const headers: Array<[string, string]> = this.algorithms.map((alg) => [
      "WWW-Authenticate",
      `Digest realm="${realm}", nonce="${nonce}", qop="auth", algorithm=${alg}${stale ? ", stale=true" : ""}`,
    ]);
    return reply(401, "Unauthorized", headers);
  }
}
