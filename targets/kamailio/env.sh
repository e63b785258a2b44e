# Shared settings for start.sh / stop.sh (sourced, not executed).
# Every value comes from the environment or the command line; the repository
# root is derived from this file's location so no machine path is baked in.

KAMAILIO_TARGET_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$KAMAILIO_TARGET_DIR/../.." && pwd)"

SIP_PORT="${SIP_PORT:-5070}"
HTTP_PORT="${HTTP_PORT:-5071}"
RUN_DIR="${RUN_DIR:-.kamailio-run}"
AUTH="${AUTH:-0}"
MSILO_NOTIFY="${MSILO_NOTIFY:-0}"
KAMAILIO_DEFINES="${KAMAILIO_DEFINES:-}"
KEEP_DATABASE="${KEEP_DATABASE:-0}"

usage() {
  cat <<EOF
usage: $(basename "$0") [--sip-port N] [--http-port N] [--run-dir DIR] [--auth] [--msilo-notify] [--define NAME=VALUE]... [--keep-database]
  environment: SIP_PORT (5070) HTTP_PORT (5071) RUN_DIR (.kamailio-run, relative to the repo root)
               AUTH=0|1 MSILO_NOTIFY=0|1 KAMAILIO_DEFINES="NAME=VALUE ..." (kamailio.cfg overrides)
               KEEP_DATABASE=0|1 (start.sh: reuse RUN_DIR/kamailio.sqlite instead of a fresh one)
EOF
}

parse_args() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --sip-port) SIP_PORT="$2"; shift 2 ;;
      --http-port) HTTP_PORT="$2"; shift 2 ;;
      --run-dir) RUN_DIR="$2"; shift 2 ;;
      --auth) AUTH=1; shift ;;
      --msilo-notify) MSILO_NOTIFY=1; shift ;;
      --define) KAMAILIO_DEFINES="$KAMAILIO_DEFINES $2"; shift 2 ;;
      --keep-database) KEEP_DATABASE=1; shift ;;
      -h|--help) usage; exit 0 ;;
      *) echo "$(basename "$0"): unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
  done
  # Relative run directories are taken from the repo root, like profile.json paths.
  if [[ "$RUN_DIR" != /* ]]; then
    RUN_DIR="$REPO_ROOT/$RUN_DIR"
  fi
  PID_FILE="$RUN_DIR/kamailio.pid"
  LOG_FILE="$RUN_DIR/kamailio.log"
}

# Prints the pid from the pid file if that process is a running kamailio.
running_pid() {
  local pid
  [[ -r "$PID_FILE" ]] || return 1
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "kamailio" ]] || return 1
  echo "$pid"
}
