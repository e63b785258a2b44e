# Sourced by the install scripts: as_root CMD... runs CMD as root, through sudo when not root.
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "install: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}
