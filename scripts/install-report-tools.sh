#!/usr/bin/env bash
# Installs what the report checks use, from Debian's packages, when missing: Chromium (the
# browser check opens the report in it) and tshark (every pcap must decode with no malformed
# packet). Idempotent: only verifies when both are present. Needs root or sudo to install.
set -euo pipefail

need=()
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1 || need+=(chromium)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
if [[ ${#need[@]} -eq 0 ]]; then
  echo "report tools: chromium and tshark present"
  exit 0
fi

source "$(dirname "$0")/as-root.sh"

echo "report tools: installing ${need[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
# tshark asks whether non-root users may capture; the preseeded answer keeps it non-interactive.
echo "wireshark-common wireshark-common/install-setuid boolean false" | as_root debconf-set-selections
as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "report tools: installed ${need[*]}"
