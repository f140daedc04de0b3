#!/usr/bin/env bash
# Starts a local PostgreSQL cluster and Redis when DATABASE_URL / REDIS_URL are not set.
# Safe to run again: a running service is left alone. `services.sh stop` stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -n "$VOORVELD_LOCAL_PG" ] && [ -f "$VOORVELD_PG_DIR/data/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$VOORVELD_PG_DIR/data" -m fast stop
  fi
  if [ -n "$VOORVELD_LOCAL_REDIS" ]; then
    redis-cli -p "$VOORVELD_REDIS_PORT" shutdown nosave 2>/dev/null || true
  fi
}

start_pg() {
  if [ "$(id -u)" = "0" ]; then
    mkdir -p "$VOORVELD_PG_DIR"
    chown postgres: "$VOORVELD_PG_DIR"
  else
    mkdir -p "$VOORVELD_PG_DIR"
  fi
  if [ ! -f "$VOORVELD_PG_DIR/data/PG_VERSION" ]; then
    echo "Creating a local PostgreSQL cluster in $VOORVELD_PG_DIR (port $VOORVELD_PG_PORT)"
    pwfile=$(as_postgres mktemp "$VOORVELD_PG_DIR/pw.XXXXXX")
    as_postgres sh -c "echo postgres > '$pwfile'"
    as_postgres "$PG_BIN/initdb" -D "$VOORVELD_PG_DIR/data" -U postgres --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$VOORVELD_PG_DIR/data" status >/dev/null 2>&1; then
    # The port lies in the kernel's ephemeral range: on a busy machine a short-lived client socket
    # can hold it for a moment, so a refused bind is retried a few times before giving up.
    for attempt in 1 2 3 4 5; do
      if as_postgres "$PG_BIN/pg_ctl" -D "$VOORVELD_PG_DIR/data" -l "$VOORVELD_PG_DIR/server.log" -w \
        -o "-p $VOORVELD_PG_PORT -k $VOORVELD_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
        break
      fi
      if [ "$attempt" = 5 ] || ! tail -n 5 "$VOORVELD_PG_DIR/server.log" | grep -q "Address already in use"; then
        echo "PostgreSQL did not start; see $VOORVELD_PG_DIR/server.log" >&2
        tail -n 20 "$VOORVELD_PG_DIR/server.log" >&2
        exit 1
      fi
      echo "Port $VOORVELD_PG_PORT is busy for a moment; trying again." >&2
      sleep 3
    done
  fi
  psql_su() { as_postgres psql -h "$VOORVELD_PG_DIR" -p "$VOORVELD_PG_PORT" -U postgres -qtAX "$@"; }
  if [ "$(psql_su -c "SELECT 1 FROM pg_roles WHERE rolname='voorveld'")" != "1" ]; then
    psql_su -c "CREATE ROLE voorveld LOGIN CREATEDB PASSWORD 'voorveld'"
  fi
  if [ "$(psql_su -c "SELECT 1 FROM pg_database WHERE datname='voorveld'")" != "1" ]; then
    psql_su -c "CREATE DATABASE voorveld OWNER voorveld"
  fi
}

start_redis() {
  if redis-cli -p "$VOORVELD_REDIS_PORT" ping >/dev/null 2>&1; then return; fi
  mkdir -p "$VOORVELD_REDIS_DIR"
  redis-server --port "$VOORVELD_REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --dir "$VOORVELD_REDIS_DIR" --logfile "$VOORVELD_REDIS_DIR/redis.log" \
    --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$VOORVELD_REDIS_PORT" ping >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "Redis did not start; see $VOORVELD_REDIS_DIR/redis.log" >&2
  exit 1
}

case "${1:-start}" in
  stop) stop ;;
  start)
    [ -n "$VOORVELD_LOCAL_PG" ] && start_pg
    [ -n "$VOORVELD_LOCAL_REDIS" ] && start_redis
    true
    ;;
esac
