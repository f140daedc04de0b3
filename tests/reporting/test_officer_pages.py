"""The officer's dashboard over time and report page, and the coordinator's "correct" button: a
published report is never changed; its correction is a new version the officer sees once published."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from reporting.constants import IndicatorKey, ReportStatus
from reporting.models import FundingArrangement, Indicator, Report
from reporting.services import rendering
from reporting.services.reports import report_approve, report_publish
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World
from tests.reporting.test_portal import H1, arrangement_for, published_report

H2 = (dt.date(2026, 7, 1), dt.date(2026, 12, 31))


def _publish(
    world: World, arrangement: FundingArrangement, label: str, span: tuple[dt.date, dt.date]
) -> Report:
    report = Report.objects.create(
        arrangement=arrangement, period_label=label, period_start=span[0], period_end=span[1]
    )
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.CONCEPT
    report.refresh_from_db()
    report_approve(report=report, user=world.users["coordinator"])
    return report_publish(report=report, user=world.users["coordinator"])


@pytest.fixture
def two_periods(world: World) -> tuple[Report, Report]:
    """Gemeente A: 8 people in H1 2026, 6 of them again in H2; 40 places, 80 people planned."""
    arrangement = arrangement_for(world)
    Indicator.objects.create(
        arrangement=arrangement, key=IndicatorKey.UNIQUE_PARTICIPANTS, text="Unieke deelnemers",
        planned_value=Decimal(80), order=1,
    )
    people = [
        ParticipantFactory(first_name=f"Geheimnaam{i}", municipality=world.municipality_a) for i in range(8)
    ]
    for i, person in enumerate(people):
        VisitFactory(participant=person, location=world.location, date=dt.date(2026, 3, 2 + i))
        if i < 6:
            VisitFactory(participant=person, location=world.location, date=dt.date(2026, 9, 1 + i))
    return _publish(world, arrangement, "H1 2026", H1), _publish(world, arrangement, "H2 2026", H2)


def test_the_dashboard_shows_both_periods_a_chart_and_the_plan(
    two_periods: tuple[Report, Report], client_for: Callable[[str], Client]
) -> None:
    response = client_for("officer_a").get(reverse("reporting:officer_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gemeente Aadorp — 40 plekken" in page
    for report in two_periods:
        assert reverse("reporting:officer_report", args=[report.pk]) in page
        assert reverse("reporting:officer_pdf", args=[report.pk]) in page
        for fmt in ("ods", "xlsx", "csv"):
            assert reverse("reporting:officer_export", args=[report.pk, fmt]) in page
    # A chart drawn on the server: an image with a title and a description for screen readers.
    charts = re.findall(r"<svg[^>]*>.*?</svg>", page, flags=re.S)
    assert charts
    chart = next(c for c in charts if "Unieke deelnemers" in c)
    assert 'role="img"' in chart
    assert re.search(r"<title[^>]*>Unieke deelnemers</title>", chart)
    assert re.search(r"<desc[^>]*>.*H1 2026: 8, H2 2026: 6\..*</desc>", chart, flags=re.S)
    assert "80" in chart  # the planned value drawn as a reference line, and said in words
    # The table of key figures over time: both periods, realised and planned.
    table = page[page.index("Kerncijfers per periode, Gemeente Aadorp"):]
    assert re.search(r">H1 2026</th>\s*<th[^>]*>H2 2026</th>", table)
    assert re.search(r"Unieke deelnemers</th>\s*<td[^>]*>8</td>\s*<td[^>]*>6</td>\s*<td[^>]*>80</td>", table)
    assert "Geheimnaam" not in page


def test_the_dashboard_without_published_reports_says_so_in_dutch(
    world: World, client_for: Callable[[str], Client]
) -> None:
    page = client_for("officer_a").get(reverse("reporting:officer_home")).content.decode()
    assert "Er is nog geen financieringsafspraak voor je organisatie." in page
    arrangement_for(world)
    page = client_for("officer_a").get(reverse("reporting:officer_home")).content.decode()
    assert "Er is nog geen rapportage gepubliceerd." in page
    assert "<svg" not in page


def test_the_officer_report_page_shows_the_figures_plan_against_realisation(
    two_periods: tuple[Report, Report], client_for: Callable[[str], Client]
) -> None:
    first, _ = two_periods
    response = client_for("officer_a").get(reverse("reporting:officer_report", args=[first.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gemeente Aadorp — 40 plekken · H1 2026" in page
    assert re.search(r"Unieke deelnemers</th>\s*<td[^>]*>80</td>\s*<td[^>]*>8</td>", page)
    assert "&lt; 5" in page  # small breakdowns stay hidden, as in the PDF
    assert "Geheimnaam" not in page
    assert "Een latere versie verbetert deze rapportage." not in page


def _officer_sees(client: Client, report: Report) -> int:
    return client.get(reverse("reporting:officer_report", args=[report.pk])).status_code


def test_a_correction_is_a_new_version_the_officer_sees_only_once_published(
    world: World, client_for: Callable[[str], Client]
) -> None:
    original = published_report(world)
    coordinator, officer = client_for("coordinator"), client_for("officer_a")
    detail_url = reverse("reporting:arrangement_detail", args=[original.arrangement_id])
    detail = coordinator.get(detail_url).content.decode()
    correct_url = reverse("reporting:report_action", args=[original.pk, "corrigeren"])
    assert f'action="{correct_url}"' in detail

    response = coordinator.post(correct_url, follow=True)
    assert response.status_code == 200
    correction = Report.objects.get(supersedes=original)
    assert (correction.version, correction.status) == (2, ReportStatus.REQUESTED)
    page = response.content.decode()
    assert "Versie 1" in page and "Versie 2" in page  # both versions stay listed
    original.refresh_from_db()
    assert original.status == ReportStatus.PUBLISHED

    # While the correction is made, and as a concept, the officer keeps seeing version 1 only.
    assert _officer_sees(officer, original) == 200
    assert _officer_sees(officer, correction) == 404
    rendering.report_render_run(report_id=correction.pk)
    correction.refresh_from_db()
    assert correction.status == ReportStatus.CONCEPT
    assert _officer_sees(officer, correction) == 404
    page = officer.get(reverse("reporting:officer_report", args=[original.pk])).content.decode()
    assert "Een latere versie verbetert deze rapportage." not in page
    home = officer.get(reverse("reporting:officer_home")).content.decode()
    assert reverse("reporting:officer_report", args=[correction.pk]) not in home

    coordinator.post(reverse("reporting:report_action", args=[correction.pk, "goedkeuren"]))
    assert _officer_sees(officer, correction) == 404  # approved is not published
    coordinator.post(reverse("reporting:report_publish", args=[correction.pk]))
    correction.refresh_from_db()
    original.refresh_from_db()
    assert correction.status == ReportStatus.PUBLISHED
    assert original.status == ReportStatus.PUBLISHED  # the old version is never changed

    # Now the old version points to the newer one, and both stay listed for the officer.
    old_page = officer.get(reverse("reporting:officer_report", args=[original.pk])).content.decode()
    assert "Een latere versie verbetert deze rapportage." in old_page
    assert f'href="{reverse("reporting:officer_report", args=[correction.pk])}"' in old_page
    assert "Versie 2 openen" in old_page
    new_page = officer.get(reverse("reporting:officer_report", args=[correction.pk])).content.decode()
    assert "Een latere versie verbetert deze rapportage." not in new_page
    home = officer.get(reverse("reporting:officer_home")).content.decode()
    assert reverse("reporting:officer_report", args=[original.pk]) in home
    assert reverse("reporting:officer_report", args=[correction.pk]) in home
    assert home.count("verbeterd in een latere versie") == 1
    detail = coordinator.get(detail_url).content.decode()
    assert "Versie 1" in detail and "Versie 2" in detail
    # The officer of gemeente B never sees either version.
    assert _officer_sees(client_for("officer_b"), original) == 404
    assert _officer_sees(client_for("officer_b"), correction) == 404


def test_a_correction_concept_can_be_made_again(world: World, client_for: Callable[[str], Client]) -> None:
    """A correction concept that needs another go (figures fixed, a consent withdrawn) can be asked
    for again from the arrangement page; it keeps its version number."""
    original = published_report(world)
    coordinator = client_for("coordinator")
    coordinator.post(reverse("reporting:report_action", args=[original.pk, "corrigeren"]))
    first = Report.objects.get(supersedes=original)
    rendering.report_render_run(report_id=first.pk)
    detail = coordinator.get(reverse("reporting:arrangement_detail", args=[original.arrangement_id]))
    again_url = reverse("reporting:report_action", args=[original.pk, "corrigeren"])
    assert f'action="{again_url}"' in detail.content.decode()
    assert "Correctie opnieuw maken" in detail.content.decode()
    coordinator.post(again_url)
    first.refresh_from_db()
    assert first.status == ReportStatus.REPLACED
    second = Report.objects.exclude(pk__in=[original.pk, first.pk]).get()
    assert (second.version, second.supersedes_id, second.status) == (2, original.pk, ReportStatus.REQUESTED)


def test_only_a_published_report_can_be_corrected(world: World, client_for: Callable[[str], Client]) -> None:
    arrangement = arrangement_for(world)
    concept = Report.objects.create(
        arrangement=arrangement, period_label="H1 2026", period_start=H1[0], period_end=H1[1]
    )
    rendering.report_render_run(report_id=concept.pk)
    response = client_for("coordinator").post(
        reverse("reporting:report_action", args=[concept.pk, "corrigeren"]), follow=True
    )
    assert "Alleen een gepubliceerde rapportage kun je corrigeren." in response.content.decode()
    assert Report.objects.count() == 1
