#!/usr/bin/env bash
# Install Kamailio 5.6 (Debian bookworm packages) and what start.sh needs.
# Idempotent: does nothing but verify when everything is already present.
set -euo pipefail

packages=(kamailio kamailio-presence-modules kamailio-sqlite-modules kamailio-extra-modules kamailio-utils-modules sqlite3)
modules=(db_sqlite presence presence_xml presence_mwi presence_dialoginfo presence_reginfo pua pua_reginfo msilo jsonrpcs xhttp auth_db registrar usrloc)
schema_dir="/usr/share/kamailio/db_sqlite"

modules_dir() {
  # `kamailio -h` prints the compiled-in module path: "-L path ... (default: DIR)".
  kamailio -h 2>&1 | sed -n 's/.*Modules search path (default: \(.*\))$/\1/p'
}

missing() {
  local dir m
  command -v kamailio >/dev/null || { echo "kamailio binary"; return; }
  command -v sqlite3 >/dev/null || echo "sqlite3 CLI"
  dir="$(modules_dir)"
  for m in "${modules[@]}"; do
    [[ -f "$dir/$m.so" ]] || echo "module $m.so"
  done
  [[ -f "$schema_dir/presence-create.sql" ]] || echo "schema files in $schema_dir"
}

source "$(dirname "$0")/../../scripts/as-root.sh"

todo="$(missing)"
if [[ -n "$todo" ]]; then
  echo "install: missing:"
  printf '  %s\n' "$todo"
  echo "install: apt-get update"
  as_root apt-get update
  echo "install: apt-get install -y ${packages[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
  todo="$(missing)"
  if [[ -n "$todo" ]]; then
    echo "install: still missing after apt-get install:" >&2
    printf '  %s\n' "$todo" >&2
    exit 1
  fi
else
  echo "install: kamailio, modules, schema files and sqlite3 already installed"
fi

version="$(kamailio -v | sed -n 's/^version: kamailio \([^ ]*\).*/\1/p')"
case "$version" in
  5.6.*) echo "install: kamailio $version OK (modules in $(modules_dir))" ;;
  *) echo "install: kamailio $version found, the target needs 5.6.x" >&2; exit 1 ;;
esac

# start.sh compiles a 30-line LD_PRELOAD shim (sqlite-busy-timeout.c); without a
# C compiler it still runs, but concurrent DB writes then fail (see README).
if ! command -v cc >/dev/null; then
  echo "install: note: no C compiler (cc); install gcc and libc6-dev for the SQLite busy-timeout shim"
fi

# The Debian package ships a system service with its own config (port 5060 on
# all interfaces); the target never uses it.
if command -v systemctl >/dev/null && systemctl is-active --quiet kamailio 2>/dev/null; then
  echo "install: note: the system kamailio service is running; the target does not need it (systemctl disable --now kamailio)"
fi
