#!/usr/bin/env bash
# Start Kamailio 5.6 on 127.0.0.1 as the siplab conformance target.
# Fresh database each time (unless --keep-database, used by crash.sh to restart
# on the data a killed instance left); every file it writes is inside RUN_DIR.
# See usage (--help) for options; README.md for what is configured.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
parse_args "$@"

command -v kamailio >/dev/null || { echo "start: kamailio not installed (run targets/kamailio/install.sh)" >&2; exit 1; }
for p in "$SIP_PORT" "$HTTP_PORT"; do
  [[ "$p" =~ ^[0-9]+$ ]] || { echo "start: bad port '$p'" >&2; exit 2; }
done

if pid="$(running_pid)"; then
  echo "start: a kamailio (pid $pid) is already running from $RUN_DIR; stopping it first"
  RUN_DIR="$RUN_DIR" bash "$KAMAILIO_TARGET_DIR/stop.sh"
fi

mkdir -p "$RUN_DIR"
if [[ "$KEEP_DATABASE" == 1 && -s "$RUN_DIR/kamailio.sqlite" ]]; then
  # Keep the log of the previous run too: it shows what the killed instance was doing.
  rm -f "$PID_FILE"
  echo "--- start.sh: restarting on the existing database $(date -u +%FT%TZ) ---" >>"$LOG_FILE"
else
  [[ "$KEEP_DATABASE" == 1 ]] && echo "start: --keep-database: no database in $RUN_DIR yet, creating one" >&2
  rm -f "$PID_FILE" "$LOG_FILE"
  bash "$KAMAILIO_TARGET_DIR/create-db.sh" "$RUN_DIR"
fi

args=(
  -f "$KAMAILIO_TARGET_DIR/kamailio.cfg"
  -P "$PID_FILE"
  -Y "$RUN_DIR"
  -w "$RUN_DIR"
  -DD -E
  --substdef="!SIP_PORT!$SIP_PORT!g"
  --substdef="!HTTP_PORT!$HTTP_PORT!g"
  # sqlite:// + absolute path: the path keeps its leading slash only after a 3rd '/'.
  -A "DB_URL=\"sqlite:///$RUN_DIR/kamailio.sqlite\""
)
[[ "$AUTH" == 1 ]] && args+=(-A WITH_AUTH)
[[ "$MSILO_NOTIFY" == 1 ]] && args+=(-A WITH_MSILO_NOTIFY)
for d in $KAMAILIO_DEFINES; do
  args+=(-A "$d")
done

# db_sqlite 5.6 sets no SQLite busy timeout, so concurrent writers fail with
# "database is locked" (see sqlite-busy-timeout.c). SQLITE_BUSY_SHIM=0 runs stock.
preload=""
if [[ "${SQLITE_BUSY_SHIM:-1}" == 1 ]]; then
  if command -v cc >/dev/null; then
    cc -shared -fPIC -O2 -o "$RUN_DIR/sqlite-busy-timeout.so" "$KAMAILIO_TARGET_DIR/sqlite-busy-timeout.c" -ldl
    preload="$RUN_DIR/sqlite-busy-timeout.so"
  else
    echo "start: warning: no C compiler, running without the SQLite busy-timeout shim (expect 'database is locked' 500s under load)" >&2
  fi
fi

kamailio -c "${args[@]}" >>"$LOG_FILE" 2>&1 || {
  echo "start: kamailio.cfg check failed:" >&2
  tail -n 20 "$LOG_FILE" >&2
  exit 1
}

# -DD keeps the main process in the foreground (it stays the parent of the
# workers); setsid makes it a process-group leader so stop.sh can reap the group.
LD_PRELOAD="$preload" setsid kamailio "${args[@]}" >>"$LOG_FILE" 2>&1 </dev/null &
launched=$!

fail() {
  echo "start: $1; last log lines ($LOG_FILE):" >&2
  tail -n 30 "$LOG_FILE" >&2
  RUN_DIR="$RUN_DIR" bash "$KAMAILIO_TARGET_DIR/stop.sh" >/dev/null 2>&1 || true
  exit 1
}

(cd "$REPO_ROOT" && exec node -r ts-node/register "$KAMAILIO_TARGET_DIR/wait-options.ts" 127.0.0.1 "$SIP_PORT" 20 >/dev/null) &
waiter=$!
# Stop waiting early when kamailio exits during startup (bad DB, port in use...).
while kill -0 "$waiter" 2>/dev/null; do
  if ! kill -0 "$launched" 2>/dev/null; then
    kill "$waiter" 2>/dev/null || true
    wait "$waiter" 2>/dev/null || true
    fail "kamailio exited during startup"
  fi
  sleep 0.2
done
wait "$waiter" || fail "no 200 to OPTIONS on udp 127.0.0.1:$SIP_PORT within 20 s"
# Another server on the port could have answered: make sure ours is alive.
pid="$(running_pid)" || fail "kamailio (launched as pid $launched) is not running"

auth_text="off"
[[ "$AUTH" == 1 ]] && auth_text="digest (realm example.test)"
echo "kamailio $(kamailio -v | sed -n 's/^version: kamailio \([^ ]*\).*/\1/p') pid $pid: sip:127.0.0.1:$SIP_PORT (udp,tcp) domain example.test, auth $auth_text, rpc http://127.0.0.1:$HTTP_PORT/RPC, db $RUN_DIR/kamailio.sqlite, log $LOG_FILE"
