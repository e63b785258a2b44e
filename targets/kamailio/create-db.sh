#!/usr/bin/env bash
# Create a fresh Kamailio SQLite database at DIR/kamailio.sqlite from the
# schema files shipped by the Debian package kamailio-sqlite-modules, and add
# the test subscribers used by digest-auth scenarios.
#
# Usage: create-db.sh DIR
# Env:   KAMAILIO_SCHEMA_DIR  schema directory (default /usr/share/kamailio/db_sqlite)
#        SIP_DOMAIN           realm/domain of the test subscribers (default example.test)
#        SILO_COLUMNS         "OLD=NEW ..." silo columns to rename (default: none)
set -euo pipefail

dir="${1:?usage: create-db.sh DIR}"
schema_dir="${KAMAILIO_SCHEMA_DIR:-/usr/share/kamailio/db_sqlite}"
domain="${SIP_DOMAIN:-example.test}"
db="$dir/kamailio.sqlite"

# Tables used by the loaded modules: version (standard), location (usrloc),
# aliases (registrar), subscriber (auth_db), silo (msilo),
# presentity/active_watchers/watchers/xcap/pua (presence, presence_xml, pua).
schemas=(standard usrloc registrar auth_db msilo presence)

command -v sqlite3 >/dev/null || { echo "create-db: sqlite3 not found (run targets/kamailio/install.sh)" >&2; exit 1; }
for s in "${schemas[@]}"; do
  [[ -r "$schema_dir/$s-create.sql" ]] || { echo "create-db: missing $schema_dir/$s-create.sql" >&2; exit 1; }
done

mkdir -p "$dir"
rm -f "$db" "$db-wal" "$db-shm" "$db-journal"

# Test subscribers: user:password. HA1 = MD5(user:realm:password) (RFC 2617 §3.2.2.2);
# ha1b is the variant keyed by user@domain that auth_db uses for such usernames.
users=(alice:alice-secret bob:bob-secret carol:carol-secret)

md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }

{
  for s in "${schemas[@]}"; do cat "$schema_dir/$s-create.sql"; echo; done
  for entry in "${users[@]}"; do
    user="${entry%%:*}"
    pass="${entry#*:}"
    ha1="$(md5 "$user:$domain:$pass")"
    ha1b="$(md5 "$user@$domain:$domain:$pass")"
    printf "INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('%s', '%s', '%s', '%s', '%s');\n" \
      "$user" "$domain" "$pass" "$ha1" "$ha1b"
  done
} | sqlite3 -bail "$db"

# SILO_COLUMNS="id=msg_id src_addr=sender_uri ...": renamed silo columns for an
# instance running msilo with the matching sc_* parameters (targets/kamailio-store).
# Unset or empty: the shipped column names.
if [[ -n "${SILO_COLUMNS:-}" ]]; then
  # shellcheck disable=SC2086 # one OLD=NEW word per column
  bash "$(dirname "${BASH_SOURCE[0]}")/rename-silo-columns.sh" "$db" $SILO_COLUMNS
fi

# WAL lets the harness read while Kamailio writes (the mode is stored in the file).
sqlite3 "$db" 'PRAGMA journal_mode=WAL;' >/dev/null

echo "create-db: $db ($(sqlite3 "$db" 'select count(*) from version') tables, $(sqlite3 "$db" 'select count(*) from subscriber') subscribers)"
