"""Health checks for the containers of docker-compose.yml, in plain Python (the image has no curl).

    python docker/healthcheck.py web    # GET /healthz on the local gunicorn: database and Redis OK
    python docker/healthcheck.py beat   # the broker answers and beat keeps its schedule file fresh

Exit status 0 means healthy; anything else prints one line saying why. The worker's check is
`celery inspect ping` in docker-compose.yml.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HEALTHZ_URL = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")
BEAT_SCHEDULE = os.environ.get("BEAT_SCHEDULE", "/var/lib/voorveld/beat/celerybeat-schedule")
# Beat rewrites its schedule file at least every few minutes (it wakes up at least every 5 minutes
# and syncs the file every 3); an older file means beat hangs.
BEAT_STALE_AFTER_SECONDS = 15 * 60


def host_header(allowed_hosts: str) -> str:
    """A Host header Django accepts: the first concrete name of ALLOWED_HOSTS.

    A request for 127.0.0.1 itself would be refused (400) when ALLOWED_HOSTS lists only the public
    name, and the check would fail although the site is fine.
    """
    for entry in allowed_hosts.split(","):
        name = entry.strip().lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is an answer, not health: never follow it off this container


def check_web() -> str | None:
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL on this container
        HEALTHZ_URL,
        headers={
            "Host": host_header(os.environ.get("ALLOWED_HOSTS", "")),
            # As the TLS proxy would send it, so a secure-only setting never answers with a redirect.
            "X-Forwarded-Proto": "https",
        },
    )
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        return f"{HEALTHZ_URL} answered {exc.code}: {exc.read(200)!r}"
    except OSError as exc:
        return f"{HEALTHZ_URL} unreachable: {exc}"
    return None if status == 200 else f"{HEALTHZ_URL} answered {status}"


def check_beat() -> str | None:
    import redis  # in the image; imported here so `web` checks stay fast

    broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
    try:
        redis.Redis.from_url(broker, socket_connect_timeout=3, socket_timeout=3).ping()
    except (redis.RedisError, ValueError) as exc:
        return f"broker unreachable: {exc}"
    # The shelve file may carry a suffix (.db, .dat) depending on the dbm module Python has.
    schedule = Path(BEAT_SCHEDULE)
    files = list(schedule.parent.glob(schedule.name + "*"))
    if not files:
        return f"no beat schedule file at {schedule}"
    age = time.time() - max(path.stat().st_mtime for path in files)
    if age > BEAT_STALE_AFTER_SECONDS:
        return f"beat schedule file not written for {int(age)} s"
    return None


CHECKS = {"web": check_web, "beat": check_beat}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in CHECKS:
        print(f"usage: {argv[0]} {{{'|'.join(CHECKS)}}}", file=sys.stderr)
        return 2
    problem = CHECKS[argv[1]]()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
