#!/usr/bin/env bash
# Stop the Kamailio started by start.sh (same RUN_DIR): SIGTERM, then SIGKILL
# to its whole process group after 5 s. Succeeds when nothing is running.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
parse_args "$@"

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

if ! pid="$(running_pid)"; then
  echo "stop: no kamailio running from $RUN_DIR"
  rm -f "$PID_FILE"
  exit 0
fi

# start.sh runs kamailio under setsid, so its pid is also its process group id.
pgid="$(ps -o pgid= -p "$pid" | tr -d ' ')"
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 50); do
  if ! kill -0 "$pid" 2>/dev/null && { [[ "$pgid" != "$pid" ]] || ! group_alive "$pgid"; }; then
    rm -f "$PID_FILE"
    echo "stop: kamailio (pid $pid) stopped"
    exit 0
  fi
  sleep 0.1
done

echo "stop: kamailio (pid $pid) still running after 5 s; sending SIGKILL"
if [[ "$pgid" == "$pid" ]]; then
  kill -KILL -- "-$pgid" 2>/dev/null || true
else
  kill -KILL "$pid" 2>/dev/null || true
fi
for _ in $(seq 1 20); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    echo "stop: kamailio (pid $pid) killed"
    exit 0
  fi
  sleep 0.1
done
echo "stop: kamailio (pid $pid) did not exit" >&2
exit 1
