"""A half-year report from request to download, in the browser, with a real Celery worker.

The coordinator of the organisation requests the H1 2025 report of gemeente Aadorp's arrangement,
watches the page show the progress (htmx polls the status every 2 s) while a real Celery worker
makes it, approves the concept and publishes it. Aadorp's officer then finds it on their portal
and downloads the PDF and the ODS: the key figure is in both, no participant's name is in either.
Beekdal's officer neither sees the report nor gets its PDF by typing the address.

The worker is started only after the page has shown the request waiting, so the progress view is
seen on every run, not only when the worker happens to be slower than the browser. It is the same
worker as the `live_celery_worker` fixture of tests/conftest.py (a thread of this process, on the
test database and the test Redis database); that fixture starts it before the test body runs.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import tablib
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.mail import EmailMessage
from playwright.sync_api import Page, Response, expect

from reporting.constants import IndicatorKey, ReportStatus
from reporting.models import FundingArrangement, Indicator, Report
from tests.factories import ParticipantFactory, VisitFactory
from tests.personas import World
from voorveld.celery import app

pytestmark = [pytest.mark.browser, pytest.mark.celery]

LogIn = Callable[..., None]

ARRANGEMENT = "Dagbesteding Aadorp 2025"
PERIOD = "H1 2025"
UNIQUE_LABEL = "Unieke deelnemers uit Aadorp"
UNIQUE_PLANNED, UNIQUE_REALISED = 10, 8
# Distinctive fictional names: none of them may ever reach a report.
FIRST_NAME = "Geheimnaam"
LAST_NAMES = ("Zwavelstok", "Knarsebeen", "Ploegschaar", "Wimpelmaker",
              "Dorsvlegel", "Kantklosser", "Mosselbank", "Lijnzaadveld")
RENDERING_TIMEOUT = 90_000  # ms: the PDF is drawn by the worker in a few seconds, more on a busy machine


def _aadorp_arrangement(world: World) -> FundingArrangement:
    """Gemeente Aadorp pays for 2025; eight people from Aadorp came in the first half of the year.
    One person from Beekdal came too: not part of Aadorp's report."""
    arrangement = FundingArrangement.objects.create(
        funder=world.funder_a, name=ARRANGEMENT, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31),
        funded_places=10,
    )
    arrangement.municipalities.add(world.municipality_a)
    Indicator.objects.create(
        arrangement=arrangement, key=IndicatorKey.UNIQUE_PARTICIPANTS, text=UNIQUE_LABEL,
        planned_value=UNIQUE_PLANNED, order=1,
    )
    for i, last_name in enumerate(LAST_NAMES):
        person = ParticipantFactory(
            first_name=f"{FIRST_NAME}{i}", last_name=last_name, municipality=world.municipality_a,
        )
        for day in (dt.date(2025, 3, 3 + i), dt.date(2025, 5, 5 + i)):
            VisitFactory(participant=person, location=world.location, activity=world.activity, date=day)
    outsider = ParticipantFactory(first_name="Buitenstaander", last_name="Beekdaler",
                                  municipality=world.municipality_b)
    VisitFactory(participant=outsider, location=world.location, activity=world.activity,
                 date=dt.date(2025, 3, 4))
    return arrangement


@contextmanager
def _celery_worker() -> Iterator[None]:
    """A real Celery worker thread, as in tests/conftest.py's `live_celery_worker`, started on demand."""
    with start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Voorveld")


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _assert_no_names(text: str) -> None:
    for name in (FIRST_NAME, "Buitenstaander", "Beekdaler", *LAST_NAMES):
        assert name not in text, name


def test_a_report_is_requested_made_published_and_downloaded_by_the_right_officer_only(
    page: Page, browser_world: World, log_in: LogIn, tmp_path: Path, mailoutbox: list[EmailMessage]
) -> None:
    world = browser_world
    arrangement = _aadorp_arrangement(world)
    # Nothing left in the test Redis database from an earlier run may reach the worker.
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()

    # --- The coordinator requests the report --------------------------------------------------------
    log_in("coordinator")
    page.locator("#main-nav").get_by_role("link", name="Rapportages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages")
    page.get_by_role("link", name=ARRANGEMENT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARRANGEMENT)
    period = page.get_by_role("region", name=re.compile(f"^{PERIOD}"))
    expect(period).to_contain_text("Nog geen rapportage over deze periode.")
    period.get_by_role("button", name=f"Rapportage aanvragen {PERIOD}").click()

    expect(page.get_by_role("status").first).to_contain_text(f"De rapportage over {PERIOD} wordt gemaakt.")
    report = Report.objects.get(arrangement=arrangement)
    assert (report.status, report.period_start, report.period_end) == (
        ReportStatus.REQUESTED, dt.date(2025, 1, 1), dt.date(2025, 6, 30)
    )
    # The progress is a labelled <progress> inside a polite live region that htmx polls every 2 s.
    progress = page.get_by_role("progressbar", name="Wordt gemaakt: 0% klaar")
    expect(period.locator(progress)).to_be_visible()
    expect(period.locator(progress)).to_have_attribute("max", "100")
    live = period.locator("[aria-live=polite]")
    expect(live).to_have_count(1)
    expect(live.locator(progress)).to_be_visible()
    expect(live).to_have_attribute("hx-trigger", "every 2s")
    expect(live.locator("[data-status]")).to_have_text("Aangevraagd")
    expect(live).to_contain_text("Dit duurt meestal een paar seconden; de pagina ververst vanzelf.")

    # --- A real worker makes it; the same page (no reload) shows the concept ------------------------
    page.evaluate("window.stillTheSamePage = true")
    polls: list[int] = []

    def on_response(response: Response) -> None:
        if response.url.endswith(f"/rapport/{report.pk}/status/"):
            polls.append(response.status)

    page.on("response", on_response)
    with _celery_worker(), page.expect_response(
        lambda r: r.url.endswith(f"/rapport/{report.pk}/status/") and r.status == 286,
        timeout=RENDERING_TIMEOUT,
    ):
        expect(live.locator("[data-status]")).to_have_text("Concept", timeout=RENDERING_TIMEOUT)
    assert page.evaluate("window.stillTheSamePage") is True
    assert polls and polls[-1] == 286  # the status partial told htmx to stop polling
    expect(period.get_by_role("progressbar")).to_have_count(0)
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.CONCEPT, 100), report.failure_reason

    # --- Approve and publish -------------------------------------------------------------------------
    expect(period.get_by_role("link", name=f"Cijfers bekijken {PERIOD}, versie 1")).to_be_visible()
    period.get_by_role("button", name=f"Goedkeuren {PERIOD}").click()
    period = page.get_by_role("region", name=re.compile(f"^{PERIOD}"))
    expect(period.locator("[data-status]")).to_have_text("Goedgekeurd")
    period.get_by_role("link", name=f"Publiceren {PERIOD}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportage publiceren")
    key_figures = page.get_by_role("table", name="Kerncijfers in deze rapportage")
    expect(key_figures.get_by_role("row", name=re.compile(UNIQUE_LABEL))).to_have_text(
        re.compile(rf"{UNIQUE_LABEL}\s*{UNIQUE_PLANNED}\s*{UNIQUE_REALISED}")  # planned, realised
    )
    officer_a = world.users["officer_a"]
    expect(page.get_by_role("main")).to_contain_text(officer_a.email)
    page.get_by_role("button", name="Ja, publiceren").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "De rapportage is gepubliceerd; de beleidsmedewerkers van de financier hebben een e-mail gekregen."
    )
    period = page.get_by_role("region", name=re.compile(f"^{PERIOD}"))
    expect(period.locator("[data-status]")).to_have_text("Gepubliceerd")
    assert [message.to for message in mailoutbox] == [[officer_a.email]]
    expect(period.get_by_role("button", name=f"Correctie maken {PERIOD}")).to_be_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    _log_out(page)

    # --- Aadorp's officer downloads it ---------------------------------------------------------------
    log_in("officer_a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages voor Gemeente Aadorp")
    portal = page.get_by_role("region", name=ARRANGEMENT)
    expect(portal.get_by_role("row", name=re.compile(f"^{PERIOD}"))).to_be_visible()
    # The dashboard's table of key figures, read from the published snapshot.
    expect(portal.get_by_role("row", name=re.compile(f"^{UNIQUE_LABEL}"))).to_have_text(
        re.compile(rf"{UNIQUE_LABEL}\s*{UNIQUE_REALISED}\s*{UNIQUE_PLANNED}")
    )

    with page.expect_download() as pdf_download:
        portal.get_by_role("link", name=f"PDF {PERIOD} versie 1").click()
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.name.endswith(".pdf")
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdf_text = _pdf_text(pdf_path)
    assert re.search(rf"{UNIQUE_LABEL}\s+{UNIQUE_PLANNED}\s+{UNIQUE_REALISED}\b", pdf_text), pdf_text
    _assert_no_names(pdf_text)

    with page.expect_download() as ods_download:
        portal.get_by_role("link", name=f"ODS {PERIOD} versie 1").click()
    assert ods_download.value.suggested_filename.endswith(".ods")
    ods_path = tmp_path / ods_download.value.suggested_filename
    ods_download.value.save_as(ods_path)
    book = tablib.Databook()
    book.load(io.BytesIO(ods_path.read_bytes()), format="ods")
    figures = next(sheet for sheet in book.sheets() if sheet.title == "Cijfers")
    rows = [list(row) for row in figures]
    assert ["samenvatting", "", UNIQUE_LABEL, "gerealiseerd", UNIQUE_REALISED] in rows, rows
    assert ["samenvatting", "", UNIQUE_LABEL, "gepland", UNIQUE_PLANNED] in rows, rows
    _assert_no_names(" ".join(str(cell) for sheet in book.sheets() for row in sheet for cell in row))
    _log_out(page)

    # --- Beekdal's officer sees nothing of it --------------------------------------------------------
    log_in("officer_b")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages voor Gemeente Beekdal")
    expect(page.get_by_role("main")).not_to_contain_text(ARRANGEMENT)
    expect(page.get_by_role("main")).not_to_contain_text(PERIOD)
    expect(page.get_by_role("link", name=re.compile("^PDF"))).to_have_count(0)
    response = page.goto(f"/rapportage/{report.pk}/pdf/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
    response = page.goto(f"/rapportage/{report.pk}/cijfers.ods")
    assert response is not None and response.status == 404
