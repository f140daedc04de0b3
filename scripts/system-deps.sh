#!/usr/bin/env bash
# Checks the machine for what Voorveld needs outside Python and, as root on Debian/Ubuntu,
# installs what is missing. Otherwise it says exactly what to install and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

missing=()
need() {  # need <command> <debian package>
  command -v "$1" >/dev/null 2>&1 || missing+=("$2")
}
command -v python3.11 >/dev/null 2>&1 || { echo "Voorveld needs Python 3.11 (python3.11 on PATH). Install it, e.g. 'apt-get install python3.11 python3.11-venv'." >&2; exit 1; }
need msgfmt gettext
need pdftoppm poppler-utils
[ -n "$VOORVELD_LOCAL_REDIS" ] && need redis-server redis-server
if [ -n "$VOORVELD_LOCAL_PG" ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$PG_BIN" ] || missing+=("postgresql")
fi
ldconfig -p 2>/dev/null | grep libpango-1.0 >/dev/null || missing+=("libpango-1.0-0" "libpangoft2-1.0-0")
if [ "${1:-}" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || missing+=("chromium")
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Voorveld needs these system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
