# Sourced by the Makefile's recipes: decides where PostgreSQL and Redis are.
# When DATABASE_URL / REDIS_URL are set, they are used as they are and nothing is started.
# Otherwise a local cluster and Redis are started (scripts/services.sh) on non-default ports.
: "${VOORVELD_PG_PORT:=54329}"
: "${VOORVELD_REDIS_PORT:=63799}"
# Outside the checkout, owned by the postgres user: a clone may sit where only root can enter.
if [ "$(id -u)" = "0" ]; then
  : "${VOORVELD_PG_DIR:=/var/lib/postgresql/voorveld-${VOORVELD_PG_PORT}}"
else
  : "${VOORVELD_PG_DIR:=${XDG_DATA_HOME:-$HOME/.local/share}/voorveld/pg-${VOORVELD_PG_PORT}}"
fi
: "${VOORVELD_REDIS_DIR:=/var/tmp/voorveld-redis-${VOORVELD_REDIS_PORT}}"
if [ -z "${DATABASE_URL:-}" ]; then
  VOORVELD_LOCAL_PG=1
  DATABASE_URL="postgres://voorveld:voorveld@127.0.0.1:${VOORVELD_PG_PORT}/voorveld"
fi
if [ -z "${REDIS_URL:-}" ]; then
  VOORVELD_LOCAL_REDIS=1
  REDIS_URL="redis://127.0.0.1:${VOORVELD_REDIS_PORT}/0"
fi
export DATABASE_URL REDIS_URL VOORVELD_PG_PORT VOORVELD_REDIS_PORT VOORVELD_PG_DIR VOORVELD_REDIS_DIR
export VOORVELD_LOCAL_PG="${VOORVELD_LOCAL_PG:-}" VOORVELD_LOCAL_REDIS="${VOORVELD_LOCAL_REDIS:-}"
