"""The report workflow: request, replace, approve, publish (with e-mail), correct; and what an
officer may see."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from participants.models import Consent
from reporting.constants import ReportStatus
from reporting.models import FundingArrangement, Report, report_storage
from reporting.selectors import arrangements_for_officer, report_for_officer, reports_for_officer
from reporting.services import reports as services
from reporting.services.reports import (
    report_approve,
    report_correct,
    report_publish,
    report_request,
    report_retry,
    reports_request_due,
)
from reporting.services.snapshot import snapshot_build
from tests.factories import OfficerAssignmentFactory, UserFactory
from tests.reporting.figures_data import H1_END, H1_START, FiguresData, build_figures_data
from voorveld.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def data() -> FiguresData:
    return build_figures_data(threshold=3)


@pytest.fixture
def coordinator() -> User:
    return UserFactory(username="coördinator", coordinator=True)


def request(
    data: FiguresData, user: User | None = None, arrangement: FundingArrangement | None = None
) -> Report:
    return report_request(
        arrangement=arrangement or data.aadorp,
        period_start=H1_START,
        period_end=H1_END,
        period_label="H1 2026",
        requested_by=user,
    )


def made(report: Report, data: FiguresData) -> Report:
    """What the render task does, without the task: a concept with figures and a PDF."""
    report.snapshot = snapshot_build(
        arrangement=report.arrangement,
        period_label=report.period_label,
        start=report.period_start,
        end=report.period_end,
    )
    report.pdf.save("rapportage.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.status = ReportStatus.CONCEPT
    report.save()
    return report


def is_render_queue(callback: Callable[[], object]) -> bool:
    return isinstance(callback, functools.partial) and callback.func is services._render_queue


def queued(callbacks: list[Callable[[], object]]) -> list[int]:
    """The report ids a list of on-commit callbacks would hand to Celery."""
    return [callback.args[0] for callback in callbacks if is_render_queue(callback)]  # type: ignore[attr-defined]


def test_a_request_creates_a_report_and_queues_it_once_committed(
    data: FiguresData, coordinator: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[attr-defined]
        report = request(data, coordinator)
    assert (report.status, report.version, report.progress, report.requested_by) == (
        ReportStatus.REQUESTED,
        1,
        0,
        coordinator,
    )
    assert queued(callbacks) == [report.pk]


def test_asking_again_while_it_is_being_made_returns_the_same_report(
    data: FiguresData, coordinator: User
) -> None:
    first = request(data, coordinator)
    Report.objects.filter(pk=first.pk).update(status=ReportStatus.RENDERING)
    assert request(data, coordinator).pk == first.pk
    assert Report.objects.count() == 1


def test_a_new_request_replaces_the_concept_and_deletes_its_pdf(
    data: FiguresData, coordinator: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    concept = made(request(data, coordinator), data)
    pdf_name = concept.pdf.name
    assert report_storage.exists(pdf_name)
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[attr-defined]
        newer = request(data, coordinator)
    for callback in callbacks:
        if not is_render_queue(callback):  # deleting the old PDF; Celery is not needed here
            callback()
    concept.refresh_from_db()
    assert concept.status == ReportStatus.REPLACED
    assert concept.snapshot is None and not concept.pdf
    assert not report_storage.exists(pdf_name)
    assert (newer.status, newer.version) == (ReportStatus.REQUESTED, 1)
    assert queued(callbacks) == [newer.pk]


def test_only_a_coordinator_approves_and_only_a_concept(data: FiguresData, coordinator: User) -> None:
    report = request(data, coordinator)
    with pytest.raises(ValidationError):
        report_approve(report=report, user=coordinator)
    made(report, data)
    with pytest.raises(PermissionDenied):
        report_approve(report=report, user=UserFactory(username="coach-x"))
    approved = report_approve(report=report, user=coordinator)
    assert approved.status == ReportStatus.APPROVED
    assert approved.approved_by == coordinator and approved.approved_at is not None


def test_publishing_needs_approval_and_mails_only_this_funders_officers(
    data: FiguresData, coordinator: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    OfficerAssignmentFactory(
        user__username="ambtenaar-a", user__email="a@aadorp.example", funder=data.funder_a
    )
    OfficerAssignmentFactory(
        user__username="ambtenaar-b", user__email="b@beekdal.example", funder=data.funder_b
    )
    report = made(request(data, coordinator), data)
    with pytest.raises(ValidationError):
        report_publish(report=report, user=coordinator)
    report_approve(report=report, user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        published = report_publish(report=report, user=coordinator)
    assert published.status == ReportStatus.PUBLISHED and published.published_at is not None
    assert [message.to for message in mail.outbox] == [["a@aadorp.example"]]
    assert mail.outbox[0].subject == "Nieuwe rapportage: Aadorp — 10 plekken, H1 2026"
    assert "is gepubliceerd" in mail.outbox[0].body


def test_a_published_report_is_immutable_and_a_correction_is_a_new_version(
    data: FiguresData, coordinator: User
) -> None:
    report = made(request(data, coordinator), data)
    report_approve(report=report, user=coordinator)
    report_publish(report=report, user=coordinator)
    with pytest.raises(ValidationError):
        report_approve(report=report, user=coordinator)
    with pytest.raises(ValidationError):
        report_publish(report=report, user=coordinator)
    with pytest.raises(ValidationError, match="correctie"):
        request(data, coordinator)

    correction = report_correct(report=report, requested_by=coordinator)
    assert (correction.version, correction.supersedes, correction.status) == (
        2,
        report,
        ReportStatus.REQUESTED,
    )
    assert report_correct(report=report, requested_by=coordinator).pk == correction.pk
    made(correction, data)
    report_approve(report=correction, user=coordinator)
    report_publish(report=correction, user=coordinator)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert list(Report.objects.filter(status=ReportStatus.PUBLISHED).values_list("version", flat=True)) == [
        2,
        1,
    ]


def test_an_approved_report_not_yet_published_is_replaced_by_a_new_request(
    data: FiguresData, coordinator: User
) -> None:
    report = made(request(data, coordinator), data)
    report_approve(report=report, user=coordinator)
    newer = request(data, coordinator)
    report.refresh_from_db()
    assert report.status == ReportStatus.REPLACED
    assert (newer.status, newer.version) == (ReportStatus.REQUESTED, 1)


def test_a_withdrawn_story_consent_stops_approval_until_the_report_is_made_again(
    data: FiguresData, coordinator: User
) -> None:
    report = made(request(data, coordinator), data)
    Consent.objects.filter(participant=data.people["cordelia"], purpose="story").update(
        withdrawn_on=dt.date(2026, 7, 2)
    )
    with pytest.raises(ValidationError, match="toestemming"):
        report_approve(report=report, user=coordinator)


def test_a_failed_report_can_be_tried_again(data: FiguresData, coordinator: User) -> None:
    report = request(data, coordinator)
    with pytest.raises(ValidationError):
        report_retry(report=report, requested_by=coordinator)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, failure_reason="kapot")
    report.refresh_from_db()
    retried = report_retry(report=report, requested_by=coordinator)
    assert (retried.pk, retried.status, retried.failure_reason) == (report.pk, ReportStatus.REQUESTED, "")


def test_a_period_outside_the_arrangement_is_refused(data: FiguresData, coordinator: User) -> None:
    with pytest.raises(ValidationError):
        report_request(
            arrangement=data.aadorp,
            period_start=dt.date(2025, 7, 1),
            period_end=dt.date(2025, 12, 31),
            period_label="H2 2025",
            requested_by=coordinator,
        )


def test_the_daily_job_makes_a_concept_for_each_period_that_just_ended(
    data: FiguresData, coordinator: User
) -> None:
    due = reports_request_due(today=dt.date(2026, 7, 3))
    assert {(r.arrangement, r.period_label, r.requested_by) for r in due} == {
        (data.aadorp, "H1 2026", None),
        (data.beekdal, "H1 2026", None),
        (data.region, "H1 2026", None),
    }
    assert reports_request_due(today=dt.date(2026, 7, 4)) == []
    assert reports_request_due(today=dt.date(2026, 7, 20)) == []  # ended more than 14 days ago
    assert reports_request_due(today=dt.date(2026, 6, 30)) == []  # not ended yet


def test_an_officer_sees_only_published_reports_of_their_own_funder(
    data: FiguresData, coordinator: User
) -> None:
    officer_a = OfficerAssignmentFactory(user__username="ambtenaar-a", funder=data.funder_a).user
    officer_b = OfficerAssignmentFactory(user__username="ambtenaar-b", funder=data.funder_b).user
    aadorp = made(request(data, coordinator), data)
    beekdal_concept = made(request(data, coordinator, data.beekdal), data)
    assert list(reports_for_officer(user=officer_a)) == []
    report_approve(report=aadorp, user=coordinator)
    report_publish(report=aadorp, user=coordinator)

    assert list(reports_for_officer(user=officer_a)) == [aadorp]
    assert report_for_officer(user=officer_a, pk=aadorp.pk) == aadorp
    assert report_for_officer(user=officer_b, pk=aadorp.pk) is None
    assert report_for_officer(user=officer_b, pk=beekdal_concept.pk) is None
    assert set(arrangements_for_officer(user=officer_a)) == {data.aadorp, data.region}
    assert list(arrangements_for_officer(user=officer_b)) == [data.beekdal]
    assert list(reports_for_officer(user=coordinator)) == []
