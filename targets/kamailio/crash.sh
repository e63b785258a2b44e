#!/usr/bin/env bash
# Crash the Kamailio started by start.sh (same RUN_DIR) and bring it back: SIGKILL
# to its whole process group, no chance to flush or clean up, then start.sh
# --keep-database on the same ports, defines and SQLite file. Takes the options
# and environment of start.sh (see --help). Fails when nothing is running.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
parse_args "$@"

if ! pid="$(running_pid)"; then
  echo "crash: no kamailio running from $RUN_DIR" >&2
  exit 1
fi

# start.sh runs kamailio under setsid, so its pid is also its process group id:
# the group holds every worker (UDP/TCP receivers, timers, the RPC process).
pgid="$(ps -o pgid= -p "$pid" | tr -d ' ')"
[[ "$pgid" == "$pid" ]] || { echo "crash: kamailio pid $pid does not lead its process group ($pgid)" >&2; exit 1; }
# A killed process that nobody reaped yet is a zombie: its sockets are already closed.
group_alive() { ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'; }

kill -KILL -- "-$pgid"
for _ in $(seq 1 50); do
  group_alive "$pgid" || break
  sleep 0.1
done
if group_alive "$pgid"; then
  echo "crash: process group $pgid still alive 5 s after SIGKILL" >&2
  exit 1
fi
echo "crash: kamailio (pid $pid, group $pgid) killed with SIGKILL"

bash "$KAMAILIO_TARGET_DIR/start.sh" --keep-database "$@"
