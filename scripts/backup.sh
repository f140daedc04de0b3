#!/usr/bin/env bash
# Backups of the Voorveld database (see README.md, "Backups", and PRIVACY.md).
#
#   scripts/backup.sh                        `make backup`: a pg_dump (custom format) of DATABASE_URL
#                                            into $BACKUP_DIR/voorveld-<UTC time>.dump, then deletes
#                                            dumps older than BACKUP_RETENTION_DAYS
#   CONFIRM=yes scripts/backup.sh restore F  `make restore FILE=F CONFIRM=yes`: replaces everything in
#                                            DATABASE_URL's database by the dump F
#
# BACKUP_DIR (default ./backups, ignored by git): put it on another disk or host in production.
# BACKUP_RETENTION_DAYS (default 35): after this many days a dump is deleted, and with it the last copy
# of anyone erased before that dump was made.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL (make backup / make restore set it for the local cluster)}"
BACKUP_DIR="${BACKUP_DIR:-./backups}"
BACKUP_RETENTION_DAYS="${BACKUP_RETENTION_DAYS:-35}"
case "$BACKUP_RETENTION_DAYS" in
  '' | *[!0-9]*) echo "BACKUP_RETENTION_DAYS must be a whole number of days" >&2; exit 2 ;;
esac

# The newest PostgreSQL client tools installed (as scripts/services.sh picks them), else those on PATH.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
pg_tool() { if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/$1" ]; then echo "$PG_BIN/$1"; else command -v "$1"; fi; }

# The connection goes to libpq as PG* variables, not as a URL argument: a password on the command line
# is visible to every user of the machine in `ps`.
eval "$(python3 - <<'PY'
import os
import shlex
from urllib.parse import parse_qs, unquote, urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
if url.scheme not in ("postgres", "postgresql", "pgsql"):
    raise SystemExit(f"DATABASE_URL is not a PostgreSQL URL ({url.scheme}://)")
values = {
    "PGHOST": url.hostname, "PGPORT": url.port, "PGUSER": url.username,
    "PGPASSWORD": url.password, "PGDATABASE": url.path.lstrip("/"),
    "PGSSLMODE": parse_qs(url.query).get("sslmode", [None])[0],
}
for name, value in values.items():
    if value:
        print(f"export {name}={shlex.quote(unquote(str(value)))}")
PY
)"
: "${PGDATABASE:?DATABASE_URL names no database}"
umask 077

backup() {
  mkdir -p "$BACKUP_DIR"
  chmod 700 "$BACKUP_DIR"
  local stamp target
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  target="$BACKUP_DIR/voorveld-$stamp.dump"
  # Into a temporary name first: an interrupted dump never looks like a good one.
  "$(pg_tool pg_dump)" --format=custom --compress=6 --no-owner --file="$target.partial"
  mv "$target.partial" "$target"
  echo "Backup written: $target"
  # Retention: older dumps go. Only files this script names, only in BACKUP_DIR itself.
  find "$BACKUP_DIR" -maxdepth 1 -type f -name 'voorveld-*.dump' \
    -mmin +$((BACKUP_RETENTION_DAYS * 24 * 60)) -print -delete | sed 's/^/Expired and deleted: /'
}

restore() {
  local file="${1:-}"
  if [ -z "$file" ] || [ ! -f "$file" ]; then
    echo "Name an existing dump: make restore FILE=backups/voorveld-....dump CONFIRM=yes" >&2
    exit 2
  fi
  "$(pg_tool pg_restore)" --list "$file" >/dev/null || { echo "$file is not a pg_dump custom-format dump" >&2; exit 2; }
  if [ "${CONFIRM:-}" != "yes" ]; then
    echo "This REPLACES all data in database '$PGDATABASE' on ${PGHOST:-localhost}:${PGPORT:-5432} by $file." >&2
    echo "Stop web, worker and beat first, then run again with CONFIRM=yes." >&2
    exit 3
  fi
  # The erasure log (pseudonym, reason, time: no personal data) of the database about to be replaced:
  # erasures done after the dump was made must be done again on the restored data (README.md).
  local erasures
  erasures="$BACKUP_DIR/erasures-before-restore-$(date -u +%Y%m%dT%H%M%SZ).csv"
  if [ -n "$("$(pg_tool psql)" -qtAX -c "SELECT to_regclass('participants_erasurerecord')")" ]; then
    mkdir -p "$BACKUP_DIR"
    "$(pg_tool psql)" -qX -c "\copy (SELECT pseudonym, reason, erased_at FROM participants_erasurerecord
      ORDER BY erased_at) TO '$erasures' WITH (FORMAT csv, HEADER)"
    echo "Erasure log before the restore saved: $erasures"
  fi
  # One transaction: a restore that fails halfway leaves the database as it was.
  "$(pg_tool pg_restore)" --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$PGDATABASE" "$file"
  echo "Restored $file into '$PGDATABASE'."
  echo "Now re-apply every erasure (anonymisation) done since this dump was made: see README.md, Backups."
}

case "${1:-backup}" in
  backup) backup ;;
  restore) restore "${2:-}" ;;
  *) echo "usage: $0 [backup | restore FILE]" >&2; exit 2 ;;
esac
