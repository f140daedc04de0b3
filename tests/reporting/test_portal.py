"""The coordinator's report workflow and the officer portal: scoping, downloads, suppression."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from reporting.constants import ReportStatus
from reporting.models import FundingArrangement, Report
from reporting.services import rendering
from reporting.services.reports import report_approve, report_publish
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import PERSONAS, World

H1 = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def arrangement_for(world: World, funder_attr: str = "funder_a") -> FundingArrangement:
    funder = getattr(world, funder_attr)
    arrangement = FundingArrangement.objects.create(
        funder=funder,
        name=f"{funder.name} — 40 plekken",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        funded_places=40,
    )
    arrangement.municipalities.add(funder.municipality)
    return arrangement


def published_report(world: World, funder_attr: str = "funder_a") -> Report:
    arrangement = arrangement_for(world, funder_attr)
    for i in range(7):
        person = ParticipantFactory(first_name=f"Geheimnaam{i}", municipality=arrangement.funder.municipality)
        VisitFactory(participant=person, location=world.location, date=dt.date(2026, 3, 2 + i))
    report = Report.objects.create(
        arrangement=arrangement, period_label="H1 2026", period_start=H1[0], period_end=H1[1]
    )
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.CONCEPT
    report.refresh_from_db()
    report_approve(report=report, user=world.users["coordinator"])
    return report_publish(report=report, user=world.users["coordinator"])


def test_an_officer_sees_and_downloads_only_their_own_published_reports(
    world: World, client_for: Callable[[str], Client]
) -> None:
    mine = published_report(world, "funder_a")
    page = client_for("officer_a").get(reverse("reporting:officer_home")).content.decode()
    assert "H1 2026" in page and "Geheimnaam" not in page
    pdf = client_for("officer_a").get(reverse("reporting:officer_pdf", args=[mine.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    csv = (
        client_for("officer_a")
        .get(reverse("reporting:officer_export", args=[mine.pk, "csv"]))
        .content.decode()
    )
    assert "Geheimnaam" not in csv
    assert "samenvatting" in csv
    other = client_for("officer_b")
    assert "H1 2026" not in other.get(reverse("reporting:officer_home")).content.decode()
    assert other.get(reverse("reporting:officer_pdf", args=[mine.pk])).status_code == 404
    assert other.get(reverse("reporting:officer_export", args=[mine.pk, "csv"])).status_code == 404
    assert other.get("/media/" + mine.pdf.name).status_code == 404


def test_publishing_e_mails_the_funders_officers(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published_report(world, "funder_a")
    assert [m.to for m in mail.outbox] == [[world.users["officer_a"].email]]


def test_officers_never_see_a_concept(world: World, client_for: Callable[[str], Client]) -> None:
    arrangement = arrangement_for(world)
    report = Report.objects.create(
        arrangement=arrangement, period_label="H1 2026", period_start=H1[0], period_end=H1[1]
    )
    rendering.report_render_run(report_id=report.pk)
    client = client_for("officer_a")
    assert client.get(reverse("reporting:officer_pdf", args=[report.pk])).status_code == 404
    assert "H1 2026" not in client.get(reverse("reporting:officer_home")).content.decode()


def test_small_counts_stay_suppressed_in_the_csv(world: World, client_for: Callable[[str], Client]) -> None:
    report = published_report(world)
    csv = (
        client_for("officer_a")
        .get(reverse("reporting:officer_export", args=[report.pk, "csv"]))
        .content.decode()
    )
    assert "< 5" in csv
    assert "Geheimnaam" not in csv


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_management_runs_the_report_workflow(
    world: World, client_for: Callable[[str], Client], persona: str
) -> None:
    arrangement = arrangement_for(world)
    expected = {"coordinator": 200, "admin": 200, "anonymous": 302}.get(persona, 403)
    client = client_for(persona)
    assert client.get(reverse("reporting:arrangement_list")).status_code == expected
    assert client.get(reverse("reporting:arrangement_detail", args=[arrangement.pk])).status_code == expected


def test_a_coordinator_requests_approves_and_publishes(
    world: World, client_for: Callable[[str], Client]
) -> None:
    arrangement = arrangement_for(world)
    client = client_for("coordinator")
    page = client.get(reverse("reporting:arrangement_detail", args=[arrangement.pk])).content.decode()
    assert "H1 2026" in page
    client.post(
        reverse("reporting:report_request", args=[arrangement.pk]),
        {"start": "2026-01-01", "end": "2026-06-30"},
    )
    report = Report.objects.get()
    assert report.status == ReportStatus.REQUESTED
    detail = client.get(reverse("reporting:arrangement_detail", args=[arrangement.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in detail  # the page polls while the report is being made
    status = client.get(reverse("reporting:report_status", args=[report.pk])).content.decode()
    assert "<progress" in status and "Aangevraagd" in status
    rendering.report_render_run(
        report_id=report.pk
    )  # what the worker does (tested with a real worker elsewhere)
    client.post(reverse("reporting:report_action", args=[report.pk, "goedkeuren"]))
    client.post(reverse("reporting:report_action", args=[report.pk, "publiceren"]))
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert client_for("officer_a").get(reverse("reporting:officer_pdf", args=[report.pk])).status_code == 200
