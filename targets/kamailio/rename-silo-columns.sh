#!/usr/bin/env bash
# Rename columns of the silo table in a Kamailio SQLite database, for an
# instance whose msilo runs with the matching sc_* parameters (msilo 5.6
# §3.3-§3.13). Indexes follow the renamed columns; the table version stays 8.
#
# Usage: rename-silo-columns.sh DB OLD=NEW...   e.g. id=msg_id src_addr=sender_uri
set -euo pipefail

db="${1:?usage: rename-silo-columns.sh DB OLD=NEW...}"
shift
[[ -r "$db" ]] || { echo "rename-silo-columns: no database $db" >&2; exit 1; }

# Names go into SQL text: plain identifiers only, double-quoted.
ident='^[A-Za-z_][A-Za-z0-9_]{0,63}$'
sql=""
for pair in "$@"; do
  old="${pair%%=*}"
  new="${pair#*=}"
  if [[ "$pair" != *=* || ! "$old" =~ $ident || ! "$new" =~ $ident ]]; then
    echo "rename-silo-columns: '$pair' is not OLD=NEW with plain SQL names" >&2
    exit 2
  fi
  sql+="ALTER TABLE silo RENAME COLUMN \"$old\" TO \"$new\";"$'\n'
done

sqlite3 -bail "$db" "BEGIN;"$'\n'"$sql"'COMMIT;'
echo "rename-silo-columns: $db silo columns now: $(sqlite3 "$db" "SELECT group_concat(name, ' ') FROM pragma_table_info('silo')")"
