"""`make backup` and `make restore`: a real pg_dump and pg_restore against a throwaway database on the
local cluster, retention of old dumps, and a restore that asks for confirmation first."""

from __future__ import annotations

import os
import stat
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

# The database fixtures give the test database's connection settings (host, port, user) to copy.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DAY = 24 * 60 * 60


def _conninfo(dbname: str) -> dict[str, object]:
    database = connection.settings_dict
    return {"host": database["HOST"], "port": database["PORT"], "user": database["USER"],
            "password": database["PASSWORD"], "dbname": dbname}


def _url(dbname: str) -> str:
    info = _conninfo(dbname)
    return f"postgres://{info['user']}:{info['password']}@{info['host']}:{info['port']}/{dbname}"


@pytest.fixture
def throwaway_database() -> Iterator[str]:
    name = f"voorveld_backup_{uuid.uuid4().hex[:10]}"
    admin = _conninfo(connection.settings_dict["NAME"])
    with psycopg.connect(**admin, autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:  # type: ignore[arg-type]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _query(dbname: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(**_conninfo(dbname), autocommit=True) as conn:  # type: ignore[arg-type]
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _make(target: str, dbname: str, backup_dir: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": _url(dbname), "BACKUP_DIR": str(backup_dir),
           "BACKUP_RETENTION_DAYS": "35"}
    env.pop("CONFIRM", None)
    arguments = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(["make", "-s", target, *arguments], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def _aged(path: Path, days: int) -> Path:
    path.write_bytes(b"old")
    moment = time.time() - days * DAY
    os.utime(path, (moment, moment))
    return path


def test_backup_then_restore_brings_a_row_back_and_old_dumps_expire(
    throwaway_database: str, tmp_path: Path
) -> None:
    db = throwaway_database
    _query(db, "CREATE TABLE person (id serial PRIMARY KEY, name text NOT NULL)")
    _query(db, "INSERT INTO person (name) VALUES ('Fictieve Fenna')")
    _query(db, "CREATE TABLE participants_erasurerecord (pseudonym uuid, reason text, erased_at timestamptz)")
    backups = tmp_path / "backups"
    backups.mkdir()
    expired = _aged(backups / "voorveld-20200101T000000Z.dump", 40)
    recent = _aged(backups / "voorveld-20200201T000000Z.dump", 10)
    unrelated = _aged(backups / "notes.txt", 40)

    result = _make("backup", db, backups)
    assert result.returncode == 0, result.stderr
    dumps = sorted(backups.glob("voorveld-2*.dump"))
    new = [dump for dump in dumps if dump not in (expired, recent)]
    assert len(new) == 1 and new[0].read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert stat.S_IMODE(new[0].stat().st_mode) == 0o600  # readable by the backup's owner only
    assert not expired.exists() and recent.exists() and unrelated.exists()
    assert f"Expired and deleted: {expired}" in result.stdout

    # After the dump: the row is deleted and another one added, and someone is erased.
    _query(db, "DELETE FROM person")
    _query(db, "INSERT INTO person (name) VALUES ('Later Lotte')")
    erased = uuid.uuid4()
    with psycopg.connect(**_conninfo(db), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute("INSERT INTO participants_erasurerecord VALUES (%s, 'request', now())", [erased])

    refused = _make("restore", db, backups, FILE=str(new[0]))
    assert refused.returncode != 0 and "CONFIRM=yes" in refused.stderr
    assert _query(db, "SELECT name FROM person") == [("Later Lotte",)]

    restored = _make("restore", db, backups, FILE=str(new[0]), CONFIRM="yes")
    assert restored.returncode == 0, restored.stderr
    assert _query(db, "SELECT name FROM person") == [("Fictieve Fenna",)]
    assert "re-apply every erasure" in restored.stdout
    # The erasure made after the dump is gone from the database, but saved for re-applying.
    assert _query(db, "SELECT count(*) FROM participants_erasurerecord") == [(0,)]
    saved = list(backups.glob("erasures-before-restore-*.csv"))
    assert len(saved) == 1 and str(erased) in saved[0].read_text()
    assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600


def test_restore_refuses_a_file_that_is_not_a_dump(throwaway_database: str, tmp_path: Path) -> None:
    bogus = tmp_path / "voorveld-bogus.dump"
    bogus.write_text("not a dump")
    result = _make("restore", throwaway_database, tmp_path, FILE=str(bogus), CONFIRM="yes")
    assert result.returncode != 0
    missing = _make("restore", throwaway_database, tmp_path, FILE=str(tmp_path / "nope.dump"), CONFIRM="yes")
    assert missing.returncode != 0 and "Name an existing dump" in missing.stderr
