"""Benchmark of the pages people use most, on a realistic generated data set.

Prints, per page: median and 95th-percentile latency over N requests, the number of SQL queries,
and the peak memory of rendering it. Run it against its own database (it is filled with
thousands of fictional participants and a few years of attendance):

    source scripts/env.sh
    DATABASE_URL="${DATABASE_URL%/*}/voorveld_bench" .venv/bin/python benchmarks/pages.py --participants 3000

The data set is generated once and reused (pass --regenerate to rebuild it). Nothing here is a
pass/fail test: the figures are for reading, and for comparing before and after a change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Test settings: DEBUG off, static files without a manifest, nothing sent anywhere.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorveld.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from participants.constants import Dagdeel  # noqa: E402
from participants.models import Activity, Location, Municipality, Participant, Visit  # noqa: E402
from voorveld.models import User  # noqa: E402

FIRST = [
    "Annechien",
    "Zoë",
    "Karel",
    "Femke",
    "Bram",
    "Ilse",
    "Mohammed",
    "Fatima",
    "Jelle",
    "Noor",
    "Pieter",
    "Sanne",
    "Henk",
    "Priya",
    "Ugur",
    "Wout",
    "Tessa",
    "Rik",
    "Lotte",
    "Daan",
]
LAST = ["Bakker", "de Vries", "Smit", "Jansen", "Mulder", "Bos", "Visser", "Meijer", "de Boer", "Kok"]


def generate(participants: int, days: int) -> None:
    call_command("migrate", verbosity=0)
    if Participant.objects.count() >= participants:
        return
    rng = random.Random(7)
    today = timezone.localdate()
    municipality = Municipality.objects.get_or_create(
        name="Gemeente Benchdorp", defaults={"cbs_code": "GM9990"}
    )[0]
    locations = [
        Location.objects.get_or_create(name=f"Bench locatie {i}", defaults={"capacity": 40})[0]
        for i in range(3)
    ]
    activities = [Activity.objects.get_or_create(name=f"Bench activiteit {i}")[0] for i in range(6)]
    coach, _ = User.objects.get_or_create(username="bench.coach", defaults={"role": "coach"})
    coordinator, _ = User.objects.get_or_create(
        username="bench.coordinator", defaults={"role": "coordinator"}
    )
    locations[0].staff.add(coach)
    people = Participant.objects.bulk_create(
        [
            Participant(
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                birth_year=rng.randint(1950, 2008),
                municipality=municipality,
                usual_activity=rng.choice(activities),
            )
            for _ in range(participants)
        ]
    )
    visits = []
    for person in people:
        location = rng.choice(locations)
        rate = rng.choice([0.05, 0.1, 0.2, 0.3])
        for back in range(days):
            day = today - dt.timedelta(days=back)
            if day.weekday() < 5 and rng.random() < rate:
                visits.append(
                    Visit(
                        participant=person,
                        date=day,
                        dagdeel=rng.choice(list(Dagdeel.values[:2])),
                        location=location,
                        activity=person.usual_activity,
                        municipality=municipality,
                        indicatie_category="none",
                        checked_in_by=coach,
                    )
                )
        if len(visits) > 20_000:
            Visit.objects.bulk_create(visits, ignore_conflicts=True)
            visits = []
    Visit.objects.bulk_create(visits, ignore_conflicts=True)


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int, float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        client.get(url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, len(queries), peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=3000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if args.regenerate:
        Visit.objects.all().delete()
        Participant.objects.all().delete()
    started = time.perf_counter()
    generate(args.participants, args.days)
    print(
        f"data: {Participant.objects.count()} participants, {Visit.objects.count()} visits "
        f"(ready in {time.perf_counter() - started:.1f} s)"
    )

    today = timezone.localdate()
    location = Location.objects.get(name="Bench locatie 0")
    busiest = Participant.objects.filter(visits__location=location).order_by("-id").first()
    pages: dict[str, tuple[str, Callable[[], str]]] = {
        "door: today": ("bench.coach", lambda: reverse("intake:today")),
        "door: board": (
            "bench.coach",
            lambda: reverse("intake:board", args=[location.pk, today.isoformat(), "morning"]),
        ),
        "door: search 'anechien'": (
            "bench.coach",
            lambda: (
                reverse("intake:search", args=[location.pk, today.isoformat(), "morning"]) + "?q=anechien"
            ),
        ),
        "door: paper list": (
            "bench.coach",
            lambda: reverse("intake:paper_list", args=[location.pk, today.isoformat(), "morning"]),
        ),
        "coordinator: dashboard": ("bench.coordinator", lambda: reverse("participants:dashboard")),
        "coordinator: overview": ("bench.coordinator", lambda: reverse("participants:overview")),
        "participant page": ("bench.coordinator", lambda: reverse("participants:detail", args=[busiest.pk])),
    }
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'peak MiB':>9}")
    for name, (username, url_of) in pages.items():
        try:
            url = url_of()
        except NoReverseMatch:
            print(f"{name:32} (not built yet)")
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        median, p95, queries, peak = measure(client, url, args.repeat)
        print(f"{name:32} {median:10.1f} {p95:8.1f} {queries:8d} {peak:9.1f}")


if __name__ == "__main__":
    main()
