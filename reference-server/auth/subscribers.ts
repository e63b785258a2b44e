import type { Database } from "../db/database";

export interface Subscriber {
  username: string;
  domain: string;
  password: string;
}

/** Reads the Kamailio-style `subscriber` table (auth_db with calculate_ha1: the password column). */
export class Subscribers {
  private readonly find;
  private readonly findAnyDomain;

  constructor(db: Database) {
    this.find = db.prepare<[string, string], Subscriber>(
      "SELECT username, domain, password FROM subscriber WHERE username = ? AND domain = ?",
    );
    this.findAnyDomain = db.prepare<[string], Subscriber>(
      "SELECT username, domain, password FROM subscriber WHERE username = ? ORDER BY id LIMIT 1",
    );
  }

  lookup(username: string, realm: string): Subscriber | undefined {
    return this.find.get(username, realm) ?? this.findAnyDomain.get(username);
  }
}
