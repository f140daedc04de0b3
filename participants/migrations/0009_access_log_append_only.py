"""The access log is append-only in the database itself (NEN 7513).

- ``access_log_policy``: one row with the retention period in days (seeded from
  settings.ACCESS_LOG_RETENTION_DAYS; the daily purge job writes the current setting there before
  it deletes, see participants/services/access_log.py).
- ``access_log_cutoff()``: now (the database clock) minus that period. The trigger and the purge job
  both use it, so they always agree.
- A row trigger on participants_accesslogentry refuses every UPDATE, and every DELETE of a row whose
  ``at`` is not older than the cut-off. TRUNCATE is a statement, not a row change: it stays possible
  (tests flush the database between transactional tests; a database owner can still reset it).
"""

from django.conf import settings
from django.db import migrations

TABLE = "participants_accesslogentry"

POLICY = """
CREATE TABLE access_log_policy (
    id integer PRIMARY KEY CHECK (id = 1),
    retention_days integer NOT NULL CHECK (retention_days >= 1)
)
"""

SEED = "INSERT INTO access_log_policy (id, retention_days) VALUES (1, %s)"

CUTOFF = """
CREATE FUNCTION access_log_cutoff() RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT now() - make_interval(days => (SELECT retention_days FROM access_log_policy WHERE id = 1))
$$
"""

GUARD = """
CREATE FUNCTION access_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'the access log is append-only: rows cannot be changed'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.at >= access_log_cutoff() THEN
        RAISE EXCEPTION 'the access log is append-only: row % is younger than the retention period', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END
$$
"""

TRIGGER = f"""
CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
"""

REVERSE = [
    f"DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS access_log_append_only()",
    "DROP FUNCTION IF EXISTS access_log_cutoff()",
    "DROP TABLE IF EXISTS access_log_policy",
]


class Migration(migrations.Migration):
    dependencies = [("participants", "0008_goal_event_kinds_step_dropped_reopened")]

    operations = [
        migrations.RunSQL(
            sql=[
                POLICY,
                (SEED, [int(getattr(settings, "ACCESS_LOG_RETENTION_DAYS", 5 * 365 + 1))]),
                CUTOFF,
                GUARD,
                TRIGGER,
            ],
            reverse_sql=REVERSE,
        ),
    ]
