"""`manage.py seed_demo`: fictional, deterministic demo data that `make run` loads on an empty database."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import statistics
import subprocess
import sys
from base64 import b32decode
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from participants.constants import Dagdeel, IndicatieCategory, MunicipalityKind, ParticipantStatus
from participants.demo import DEMO_PASSWORD, WINDOW_DAYS
from participants.models import (
    Activity,
    AnonymousVisitCount,
    Conversation,
    Location,
    LocationClosure,
    Municipality,
    Organisation,
    Participant,
    Visit,
)
from reporting.constants import FunderKind
from reporting.models import Funder, FundingArrangement, OfficerAssignment, Report, Story
from tests.factories import UserFactory
from tests.otp import force_login_verified
from voorveld.constants import Role
from voorveld.models import User

pytestmark = pytest.mark.django_db

# A Tuesday morning: De Werkplaats and De Tuin are both open today.
NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
TODAY = NOW.date()
ACCOUNTS = (
    "coordinator", "coach", "coach.tuin", "volunteer", "admin",
    "officer.meppel", "officer.westerveld", "officer.dewolden",
)
MANDATORY_TWO_FACTOR = {"coordinator", "admin", "officer.meppel", "officer.westerveld", "officer.dewolden"}


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[None]:
    # tick=True: the clock starts at NOW and runs on. A clock that stands still makes WeasyPrint's
    # rendering of the demo report crawl (minutes instead of seconds).
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def demo_mode(settings: object) -> None:
    settings.DEMO_MODE = True  # type: ignore[attr-defined]


def seed(*args: str, pdf: bool = False) -> str:
    """Run the command; the published report's PDF (seconds of WeasyPrint) only where a test needs it."""
    out = io.StringIO()
    call_command("seed_demo", *args, *([] if pdf else ["--without-pdf"]), stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(demo_mode: None) -> str:
    return seed()


def signature() -> str:
    """Everything the demo creates, without database ids (which differ from run to run)."""
    parts = [
        Organisation.objects.values_list("name"),
        Location.objects.order_by("name").values_list("name", "address", "capacity"),
        Location.objects.order_by("name", "openings__weekday", "openings__dagdeel").values_list(
            "name", "openings__weekday", "openings__dagdeel"
        ),
        LocationClosure.objects.order_by("location__name", "date").values_list(
            "location__name", "date", "reason"
        ),
        Activity.objects.order_by("name").values_list("name"),
        Municipality.objects.order_by("kind", "name").values_list("name", "cbs_code", "kind"),
        User.objects.order_by("username").values_list(
            "username", "role", "first_name", "last_name", "is_superuser", "officer_assignment__funder__name"
        ),
        Participant.objects.order_by("pseudonym").values_list(
            "pseudonym", "first_name", "nickname", "last_name", "birth_year", "municipality__name",
            "indicatie_category", "referral_source", "usual_activity__name", "status", "registered_at",
            "registered_by__username",
        ),
        Visit.objects.order_by("participant__pseudonym", "date", "dagdeel").values_list(
            "participant__pseudonym", "date", "dagdeel", "location__name", "activity__name",
            "municipality__name", "indicatie_category", "checked_in_by__username",
        ),
        AnonymousVisitCount.objects.order_by("location__name", "date", "dagdeel").values_list(
            "location__name", "date", "dagdeel", "count"
        ),
        Conversation.objects.order_by("participant__pseudonym", "held_on", "kind", "wishes").values_list(
            "participant__pseudonym", "held_on", "kind", "wishes", "next_step", "topics"
        ),
    ]
    return hashlib.sha256(repr([list(part) for part in parts]).encode()).hexdigest()


def wipe_everything() -> None:
    """Back to the state of a freshly migrated database."""
    Story.objects.all().delete()  # a story protects the consent (and so the participant) it rests on
    Participant.objects.all().delete()
    OfficerAssignment.objects.all().delete()
    Report.objects.all().delete()
    FundingArrangement.objects.all().delete()
    Funder.objects.all().delete()
    User.objects.all().delete()
    AnonymousVisitCount.objects.all().delete()
    Location.objects.all().delete()
    Activity.objects.all().delete()
    Municipality.objects.filter(kind=MunicipalityKind.REGULAR).delete()
    Organisation.objects.all().delete()


def test_demo_loads_one_organisation_two_locations_six_activities_and_five_gemeenten(seeded: str) -> None:
    assert Organisation.objects.get().name == "Stichting De Voorveldwerkplaats"

    werkplaats = Location.objects.get(name="De Werkplaats")
    tuin = Location.objects.get(name="De Tuin")
    assert Location.objects.count() == 2
    assert (werkplaats.capacity, tuin.capacity) == (20, 12)
    assert set(werkplaats.openings.values_list("weekday", "dagdeel")) == {
        (day, part) for day in range(5) for part in (Dagdeel.MORNING, Dagdeel.AFTERNOON)
    }
    assert set(tuin.openings.values_list("weekday", "dagdeel")) == {
        (1, Dagdeel.MORNING), (3, Dagdeel.MORNING), (5, Dagdeel.MORNING)
    }
    reasons = set(LocationClosure.objects.values_list("reason", flat=True))
    assert {"Kerstsluiting", "Koningsdag"} <= reasons
    assert werkplaats.closures.filter(date=dt.date(2025, 12, 25)).exists()
    assert werkplaats.closures.filter(date=dt.date(2026, 4, 27)).exists()  # Koningsdag, a Monday

    assert set(Activity.objects.values_list("name", flat=True)) == {
        "Houtwerk", "Naaiatelier", "Moestuin", "Computerles", "Fietsenmaken", "Eetcafé"
    }
    regular = Municipality.objects.filter(kind=MunicipalityKind.REGULAR)
    assert set(regular.values_list("name", "cbs_code")) == {
        ("Meppel", "GM0119"), ("Westerveld", "GM1701"), ("De Wolden", "GM1690")
    }
    # The two special entries are the ones migration 0002 made, not copies.
    assert Municipality.objects.count() == 5
    assert Municipality.objects.filter(kind=MunicipalityKind.OTHER).count() == 1
    assert Municipality.objects.filter(kind=MunicipalityKind.UNKNOWN).count() == 1

    assert "Stichting De Voorveldwerkplaats" in seeded
    assert "120 participants" in seeded


def test_demo_participants_are_varied_like_a_real_group(seeded: str) -> None:
    participants = Participant.objects.all()
    assert participants.count() == 120

    birth_years = list(participants.values_list("birth_year", flat=True))
    assert sum(1 for year in birth_years if year is None) >= 5
    minors = [p for p in participants if (age := p.age_on(TODAY)) is not None and age < 18]
    assert len(minors) >= 3
    assert all(p.age_on(TODAY) >= 14 for p in minors)  # type: ignore[operator]

    indicaties = Counter(participants.values_list("indicatie_category", flat=True))
    assert indicaties[IndicatieCategory.NONE] > 60
    assert indicaties[IndicatieCategory.WMO] > 0
    assert indicaties[IndicatieCategory.PARTICIPATIEWET] > 0

    kinds = Counter(participants.values_list("municipality__kind", flat=True))
    assert kinds[MunicipalityKind.REGULAR] > 100
    assert kinds[MunicipalityKind.OTHER] > 0
    assert kinds[MunicipalityKind.UNKNOWN] > 0

    assert len(set(participants.values_list("referral_source", flat=True))) >= 6
    assert participants.filter(usual_activity__isnull=False).count() > 90
    statuses = Counter(participants.values_list("status", flat=True))
    assert statuses[ParticipantStatus.ACTIVE] > 80
    assert 1 <= statuses[ParticipantStatus.NEW] <= 15
    assert 1 <= statuses[ParticipantStatus.OUTFLOWED] <= 15
    assert participants.filter(first_name="").exclude(nickname="").exists()  # known by a nickname only


def test_demo_attendance_is_a_realistic_irregular_year(seeded: str) -> None:
    visits = list(Visit.objects.values_list("participant_id", "date", "dagdeel", "location_id"))
    assert len(visits) > 5000
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for participant_id, date, _, _ in visits:
        dates[participant_id].append(date)
    assert len(dates) == 120  # everyone came at least once

    per_week = {
        pid: len(days) / ((max(days) - min(days)).days // 7 + 1) for pid, days in dates.items()
    }
    assert 1 <= statistics.median(per_week.values()) <= 2
    assert sum(1 for rate in per_week.values() if rate < 0.6) >= 5  # "three times out of ten"

    window_start = TODAY - dt.timedelta(days=WINDOW_DAYS)
    stopped = [pid for pid, days in dates.items() if max(days) < TODAY - dt.timedelta(weeks=8)]
    started_later = [pid for pid, days in dates.items() if min(days) > window_start + dt.timedelta(weeks=8)]
    assert len(stopped) >= 5
    assert len(started_later) >= 10
    assert min(date for _, date, _, _ in visits) >= window_start


def test_demo_visits_only_happen_when_the_location_is_open(seeded: str) -> None:
    visits = list(Visit.objects.values_list("date", "dagdeel", "location_id"))
    open_dagdelen = set(Location.objects.values_list("pk", "openings__weekday", "openings__dagdeel"))
    closed = set(LocationClosure.objects.values_list("location_id", "date"))

    assert all((loc, date.weekday(), part) in open_dagdelen for date, part, loc in visits)
    assert not any((loc, date) in closed for date, _, loc in visits)
    assert max(date for date, _, _ in visits) == TODAY
    assert not any(date > TODAY for date, _, _ in visits)
    # Seeded during this morning: nobody is checked in for this afternoon yet.
    assert {part for date, part, _ in visits if date == TODAY} == {Dagdeel.MORNING}

    capacity = dict(Location.objects.values_list("pk", "capacity"))
    per_dagdeel = Counter((loc, date, part) for date, part, loc in visits)
    assert all(count <= capacity[loc] for (loc, _, _), count in per_dagdeel.items())


def test_each_demo_visit_keeps_the_gemeente_and_indicatie_of_that_day(seeded: str) -> None:
    visits = Visit.objects.select_related("participant")
    assert all(v.municipality_id is not None and v.indicatie_category for v in visits)
    differs = [
        v for v in visits
        if (v.municipality_id, v.indicatie_category)
        != (v.participant.municipality_id, v.participant.indicatie_category)
    ]
    # A few people moved or got an indicatie during the year; their older visits show what was true then.
    assert 0 < len({v.participant_id for v in differs}) < 15


def test_demo_has_one_account_per_role_and_officers_tied_to_their_gemeente(seeded: str) -> None:
    assert set(User.objects.values_list("username", flat=True)) == set(ACCOUNTS)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)

    werkplaats = Location.objects.get(name="De Werkplaats")
    assert set(werkplaats.staff.values_list("username", flat=True)) == {"coach", "volunteer"}
    tuin = Location.objects.get(name="De Tuin")
    assert set(tuin.staff.values_list("username", flat=True)) == {"coach.tuin"}
    admin = User.objects.get(username="admin")
    assert admin.role == Role.ADMIN and admin.is_staff and admin.is_superuser
    assert not User.objects.exclude(username="admin").filter(is_superuser=True).exists()

    for username, cbs_code in [
        ("officer.meppel", "GM0119"), ("officer.westerveld", "GM1701"), ("officer.dewolden", "GM1690")
    ]:
        officer = User.objects.get(username=username)
        funder = officer.officer_assignment.funder
        assert officer.role == Role.OFFICER
        assert (funder.kind, funder.cbs_code, funder.municipality.cbs_code) == (
            FunderKind.MUNICIPALITY, cbs_code, cbs_code
        )
    assert Funder.objects.filter(kind="municipality").count() == 3


def test_every_printed_demo_account_logs_in_with_the_printed_password(seeded: str) -> None:
    assert f"password for every account: {DEMO_PASSWORD}" in seeded
    for username in ACCOUNTS:
        assert username in seeded
        client = Client()
        assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD), username
        secret = re.search(rf"^  {re.escape(username)} +([A-Z2-7]{{32}})$", seeded, re.MULTILINE)
        if username in MANDATORY_TWO_FACTOR:
            # The printed secret gives the code that the two-step verification asks for.
            assert secret is not None, username
            code = f"{totp(b32decode(secret.group(1))):06d}"
            assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302, username
        else:
            assert secret is None, username
        # Their own home page works with a year of demo data behind it.
        response = client.get(reverse("home"), follow=True)
        assert response.status_code == 200, username
        assert reverse("two_factor_verify") not in response.request["PATH_INFO"], username


def test_the_two_factor_secrets_are_printed_in_demo_mode_only(seeded: str, settings: object) -> None:
    assert "oathtool --totp -b SECRET" in seeded
    settings.DEMO_MODE = False  # type: ignore[attr-defined]
    kept = seed("--if-empty")
    assert "oathtool" not in kept


def test_demo_data_is_the_same_on_every_run_for_the_same_day(demo_mode: None) -> None:
    seed()
    first = signature()

    wipe_everything()
    seed()
    assert signature() == first

    seed("--force")  # reset on top of existing demo data
    assert signature() == first
    assert Participant.objects.count() == 120


def test_if_empty_keeps_existing_demo_data_untouched(seeded: str) -> None:
    before = signature()
    output = seed("--if-empty")
    assert "The database already has data; keeping it." in output
    assert "officer.meppel" in output
    assert signature() == before


def test_if_empty_does_nothing_when_the_database_has_a_user(demo_mode: None) -> None:
    UserFactory(username="echte.coordinator")
    output = seed("--if-empty")
    assert "The database already has data; keeping it." in output
    assert "officer.meppel" not in output  # only demo accounts that exist are listed
    assert list(User.objects.values_list("username", flat=True)) == ["echte.coordinator"]
    assert not Participant.objects.exists()
    assert not Location.objects.exists()


def test_if_empty_loads_the_demo_into_an_empty_database(demo_mode: None) -> None:
    output = seed("--if-empty")
    assert "Demo data loaded" in output
    assert Participant.objects.count() == 120


def test_seed_demo_refuses_without_demo_mode(settings: object) -> None:
    settings.DEMO_MODE = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEMO_MODE is off"):
        seed()
    assert not User.objects.exists()
    assert not Participant.objects.exists()


def test_seed_demo_refuses_to_load_on_top_of_existing_data(demo_mode: None) -> None:
    UserFactory(username="echte.coordinator")
    with pytest.raises(CommandError, match="already has users or participants"):
        seed()
    assert not Participant.objects.exists()


def test_seed_demo_without_demo_mode_exits_non_zero_with_a_message_and_no_traceback() -> None:
    # The refusal comes before any query, so this subprocess never touches a database.
    env = {**os.environ, "DEMO_MODE": "false", "DJANGO_SETTINGS_MODULE": "voorveld.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "Refusing to load demo data: DEMO_MODE is off" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_has_kennismaking_entries_for_most_participants_and_some_anonymous_visits(
    seeded: object,
) -> None:
    from participants.models import AnonymousVisitCount, Conversation, Participant

    with_conversation = Participant.objects.filter(conversations__isnull=False).distinct().count()
    assert with_conversation >= 0.7 * Participant.objects.count()
    assert Conversation.objects.filter(talents__isnull=False).exists()
    assert Conversation.objects.values("participant").distinct().count() < Conversation.objects.count()
    assert AnonymousVisitCount.objects.filter(count__gt=0).count() > 20


def test_demo_has_progress_for_a_realistic_share(seeded: object) -> None:
    from participants.models import (
        Goal,
        LadderEntry,
        Measurement,
        NazorgContact,
        Outflow,
        Participant,
        Referral,
        VolunteerRole,
    )

    people = Participant.objects.count()
    assert 0.3 * people <= Goal.objects.values("participant").distinct().count() <= 0.7 * people
    assert LadderEntry.objects.values("participant").distinct().count() >= 0.4 * people
    assert Measurement.objects.filter(occasion="review").exists()
    assert Referral.objects.filter(direction="out", consent__isnull=False).exists()
    assert Outflow.objects.count() == Participant.objects.filter(status="outflowed").count()
    assert NazorgContact.objects.exists()
    assert Participant.objects.filter(fixed_coach__isnull=False).count() >= 0.5 * people
    assert VolunteerRole.objects.get().participant.account.username == "volunteer"


def test_demo_has_arrangements_and_a_published_report_for_the_officer(demo_mode: None) -> None:
    from reporting.models import FundingArrangement, Report

    seed(pdf=True)
    assert FundingArrangement.objects.filter(funder__kind="municipality").count() == 3
    assert FundingArrangement.objects.filter(funder__kind="fund", periods__isnull=False).exists()
    meppel = FundingArrangement.objects.get(name="Gemeente Meppel — 40 plekken")
    assert meppel.funded_places == 40 and meppel.indicators.filter(planned_value__isnull=False).exists()
    reports = Report.objects.filter(status="published").select_related("arrangement")
    assert sorted(r.arrangement.funder.cbs_code for r in reports) == ["GM0119", "GM1690", "GM1701"]
    assert all(r.period_label == "H1 2026" and r.pdf.name.endswith(".pdf") and r.snapshot for r in reports)
    report = reports.get(arrangement=meppel)
    assert [s["title"] for s in report.snapshot["stories"]] == ["Van de bank naar de werkbank"]
    assert report.approved_by is not None and report.published_at is not None
    client = Client()
    force_login_verified(client, User.objects.get(username="officer.meppel"))
    home = client.get(reverse("reporting:officer_home")).content.decode()
    assert "Gemeente Meppel — 40 plekken" in home and "H1 2026" in home
    assert client.get(reverse("reporting:officer_pdf", args=[report.pk])).status_code == 200
    other = reports.exclude(arrangement=meppel).first()
    assert other is not None
    assert client.get(reverse("reporting:officer_pdf", args=[other.pk])).status_code == 404
