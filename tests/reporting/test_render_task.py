"""Making a report: the rendering service on its own, and the Celery task with a real worker."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from typing import Any

import pypdf
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from PIL import Image

from participants.models import Organisation
from reporting.constants import ReportStatus
from reporting.models import Report
from reporting.services import rendering
from reporting.services.reports import report_request
from reporting.services.snapshot import snapshot_sha256
from reporting.tasks import report_render, reports_create_due
from tests.reporting.figures_data import H1_END, H1_START, NAMES, FiguresData, build_figures_data
from voorveld.celery import app

KEY_FIGURES = (
    "Unieke deelnemers uit Aadorp 8 5",
    "Voelt zich verbonden (1–5) 3,5 4,0",
    "Nieuwe deelnemers – 4",
    "Bezochte dagdelen – 9",
)


def new_report(data: FiguresData) -> Report:
    return Report.objects.create(
        arrangement=data.aadorp, period_label="H1 2026", period_start=H1_START, period_end=H1_END
    )


def pdf_text(report: Report) -> str:
    with report.pdf.open("rb") as file:
        reader = pypdf.PdfReader(io.BytesIO(file.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- The rendering service, synchronously ---------------------------------------------------------


@pytest.mark.django_db
def test_making_a_report_stores_a_concept_with_snapshot_hash_and_private_pdf() -> None:
    data = build_figures_data(threshold=3)
    report = new_report(data)
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.CONCEPT
    report.refresh_from_db()
    assert (report.status, report.progress, report.failure_reason) == (ReportStatus.CONCEPT, 100, "")
    assert report.snapshot_sha256 == snapshot_sha256(report.snapshot)
    assert report.pdf.name.startswith(f"reports/{data.aadorp.pk}/{report.pk}-rapportage-aadorp")
    assert report.pdf.path.startswith(str(settings.MEDIA_ROOT))
    text = pdf_text(report)
    for figure in KEY_FIGURES:
        assert figure in text


@pytest.mark.django_db
def test_a_report_already_made_is_left_alone() -> None:
    report = new_report(build_figures_data())
    rendering.report_render_run(report_id=report.pk)
    report.refresh_from_db()
    made = (report.pdf.name, report.updated_at)
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.CONCEPT
    report.refresh_from_db()
    assert (report.pdf.name, report.updated_at) == made


@pytest.mark.django_db
def test_progress_is_visible_while_the_pdf_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    report = new_report(build_figures_data())
    seen: list[tuple[str, int]] = []
    real = rendering.report_pdf_render

    def watching(**kwargs: Any) -> bytes:
        seen.append(Report.objects.values_list("status", "progress").get(pk=report.pk))
        return real(**kwargs)

    monkeypatch.setattr(rendering, "report_pdf_render", watching)
    rendering.report_render_run(report_id=report.pk)
    assert seen == [(ReportStatus.RENDERING, 60)]


@pytest.mark.django_db
def test_the_organisation_logo_is_embedded_in_the_pdf() -> None:
    report = new_report(build_figures_data())
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f5f4a").save(png, format="PNG")
    organisation = Organisation.objects.get()
    organisation.logo.save("logo.png", ContentFile(png.getvalue()))
    rendering.report_render_run(report_id=report.pk)
    report.refresh_from_db()
    with report.pdf.open("rb") as file:
        first_page = pypdf.PdfReader(io.BytesIO(file.read())).pages[0]
    images = [x.get_object() for x in first_page["/Resources"].get("/XObject", {}).values()]
    assert any(image["/Subtype"] == "/Image" for image in images)


@pytest.mark.django_db
def test_an_error_marks_the_report_failed_with_a_reason_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    report = new_report(build_figures_data())

    def broken(**kwargs: Any) -> dict[str, Any]:
        raise KeyError("missing figure")

    monkeypatch.setattr(rendering, "snapshot_build", broken)
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.FAILED
    report.refresh_from_db()
    assert report.failure_reason.startswith("De rapportage kon niet worden gemaakt (KeyError)")
    assert not report.pdf


@pytest.mark.django_db
def test_a_database_hiccup_gives_the_work_back_for_a_retry_and_fails_on_the_last_try(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = new_report(build_figures_data())

    def hiccup(**kwargs: Any) -> dict[str, Any]:
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(rendering, "snapshot_build", hiccup)
    with pytest.raises(OperationalError):
        rendering.report_render_run(report_id=report.pk, retry_transient=True)
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.REQUESTED, 0)
    assert rendering.report_render_run(report_id=report.pk, retry_transient=False) == ReportStatus.FAILED
    report.refresh_from_db()
    assert report.failure_reason == "De database was niet bereikbaar. Probeer het later opnieuw."


@pytest.mark.django_db
def test_a_report_whose_worker_vanished_can_be_claimed_again() -> None:
    report = new_report(build_figures_data())
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING, updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.CONCEPT


@pytest.mark.django_db
def test_a_report_being_made_by_another_worker_is_not_claimed() -> None:
    report = new_report(build_figures_data())
    assert rendering.report_claim(report_id=report.pk)
    assert not rendering.report_claim(report_id=report.pk)
    assert rendering.report_render_run(report_id=report.pk) == ReportStatus.RENDERING


def test_the_task_is_idempotent_with_late_acks_time_limits_and_bounded_retries() -> None:
    assert report_render.acks_late
    assert report_render.max_retries == 3
    assert report_render.autoretry_for == (OperationalError,)
    assert report_render.soft_time_limit < report_render.time_limit
    assert report_render.name == "reporting.tasks.report_render"


def test_celery_beat_asks_for_due_reports_every_day() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["reports-create-due"]
    assert entry["task"] == reports_create_due.name == "reporting.tasks.reports_create_due"
    assert entry["task"] in app.tasks


# --- With a real Celery worker ---------------------------------------------------------------------


def wait_for(report_id: int, statuses: set[str], timeout: float = 90) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=report_id)
        if report.status in statuses:
            return report
        time.sleep(0.2)
    raise AssertionError(f"report {report_id} is still {Report.objects.get(pk=report_id).status}")


@pytest.mark.celery
def test_the_worker_makes_a_concept_with_the_key_figures_and_no_participant_name(
    live_celery_worker: object,
) -> None:
    data = build_figures_data(threshold=3)
    report = report_request(
        arrangement=data.aadorp,
        period_start=H1_START,
        period_end=H1_END,
        period_label="H1 2026",
        requested_by=None,
    )
    report = wait_for(report.pk, {ReportStatus.CONCEPT, ReportStatus.FAILED})
    assert report.status == ReportStatus.CONCEPT, report.failure_reason
    assert report.progress == 100
    text = pdf_text(report)
    for figure in KEY_FIGURES:
        assert figure in text
    for name in NAMES:
        assert name not in text


@pytest.mark.celery
def test_two_simultaneous_requests_make_one_report(live_celery_worker: object) -> None:
    """The first request has written its report but not committed yet when the second one asks:
    the second cannot see it, tries to insert its own, waits for the first and gets its report."""
    data = build_figures_data()
    first_inserted, second_started = threading.Event(), threading.Event()
    made: dict[str, int] = {}
    errors: list[BaseException] = []

    def ask() -> int:
        return report_request(
            arrangement=data.aadorp, period_start=H1_START, period_end=H1_END, period_label="H1 2026",
            requested_by=None,
        ).pk

    def first() -> None:
        try:
            with transaction.atomic():
                made["first"] = ask()
                first_inserted.set()
                second_started.wait(timeout=10)
                time.sleep(0.5)  # the second request is now waiting on the unique index
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    def second() -> None:
        try:
            first_inserted.wait(timeout=10)
            second_started.set()
            made["second"] = ask()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert made["first"] == made["second"]
    assert Report.objects.count() == 1
    report = wait_for(made["first"], {ReportStatus.CONCEPT, ReportStatus.FAILED})
    assert report.status == ReportStatus.CONCEPT
