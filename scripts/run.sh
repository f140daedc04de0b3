#!/usr/bin/env bash
# Runs the web server, a Celery worker and Celery beat in the foreground; Ctrl-C stops all three.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-voorveld.settings.dev}"
VENV=.venv
BEAT_DIR="${VOORVELD_REDIS_DIR}"
mkdir -p "$BEAT_DIR"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping web server, worker and beat..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait 2>/dev/null
  echo "Stopped. PostgreSQL and Redis keep running for the next 'make run' (stop them with 'make stop-services')."
}
trap stop_all INT TERM EXIT

"$VENV/bin/python" manage.py runserver 127.0.0.1:8000 --noreload & pids+=($!)
"$VENV/bin/celery" -A voorveld worker --loglevel=INFO --concurrency=2 & pids+=($!)
"$VENV/bin/celery" -A voorveld beat --loglevel=INFO -s "$BEAT_DIR/celerybeat-schedule" & pids+=($!)
echo "Voorveld runs on http://127.0.0.1:8000 - press Ctrl-C to stop."
# Stop everything when any one of them exits.
wait -n
