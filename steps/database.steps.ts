import assert from "node:assert/strict";
import { then } from "./support/not-applicable";
import type { SiplabWorld } from "./support/world";

/** Rows of `location` for a role's AoR, whatever use_domain says (user part or user@domain key). */
async function locationRows(world: SiplabWorld, role: string) {
  const user = world.user(role);
  return world.target.query(
    "SELECT * FROM location WHERE lower(username) = lower(?) OR lower(username) = lower(?) ORDER BY id",
    [user, `${user}@${world.target.profile.domain}`],
  );
}

then(
  "the location table has {int} row(s) for {word}",
  async function (this: SiplabWorld, n: number, role: string) {
    const rows = await locationRows(this, role);
    assert.equal(rows.length, n, `location rows: ${JSON.stringify(rows, null, 1)}`);
  },
);

then(
  "{word}'s location row has {word} {string}",
  async function (this: SiplabWorld, role: string, column: string, expected: string) {
    const rows = await locationRows(this, role);
    assert.equal(rows.length, 1, `expected one location row for ${role}, got ${rows.length}`);
    assert.ok(column in rows[0], `location has no column ${column}`);
    const value = rows[0][column];
    assert.equal(value === null ? "NULL" : String(value), expected.replace("<user>", this.user(role)));
  },
);

then(
  "{word}'s location row holds the contact and Call-ID of the REGISTER",
  async function (this: SiplabWorld, role: string) {
    const agent = await this.phone(role);
    const rows = await locationRows(this, role);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].contact, agent.contact);
    assert.equal(rows[0].callid, agent.registerCallId);
  },
);

then(
  "{word}'s location row expires {int} seconds after it was last modified",
  async function (this: SiplabWorld, role: string, seconds: number) {
    const user = this.user(role);
    // julianday() reads both the REAL Julian days Kamailio's db_sqlite writes and text timestamps.
    const rows = await this.target.query(
      "SELECT round((julianday(expires) - julianday(last_modified)) * 86400) AS lifetime FROM location WHERE lower(username) = lower(?)",
      [user],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].lifetime, seconds);
  },
);
