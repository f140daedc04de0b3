from __future__ import annotations

import time
from typing import Any

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Checks that PostgreSQL and Redis are reachable, and says plainly what to do if not."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wait", type=int, default=10, help="Seconds to keep trying.")

    def handle(self, *args: Any, wait: int, **options: Any) -> None:
        deadline = time.monotonic() + wait
        db_error = redis_error = ""
        while True:
            db_error = self._check_database()
            redis_error = self._check_redis()
            if not (db_error or redis_error) or time.monotonic() > deadline:
                break
            time.sleep(1)
        problems = [p for p in (db_error, redis_error) if p]
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("PostgreSQL and Redis are reachable.")

    def _check_database(self) -> str:
        try:
            connection.ensure_connection()
        except OperationalError as exc:
            database = settings.DATABASES["default"]
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return (
                f"PostgreSQL is not reachable at {database.get('HOST')}:{database.get('PORT')} "
                f"(database {database.get('NAME')}): {first_line}\n"
                "  Check DATABASE_URL, or unset it so `make` starts a local cluster."
            )
        finally:
            connection.close()
        return ""

    def _check_redis(self) -> str:
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            return (
                f"Redis is not reachable at {settings.REDIS_URL}: {exc}\n"
                "  Check REDIS_URL, or unset it so `make` starts a local Redis "
                "(needs `apt-get install redis-server`)."
            )
        return ""
