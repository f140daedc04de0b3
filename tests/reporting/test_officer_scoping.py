"""Officer scoping for every URL of the reporting app, found by walking ``reporting.urls`` — a new
URL is covered the moment it is added (and fails here until the test knows which object its
``<pk>`` names).

- Officer pages (``allow(Role.OFFICER)``): an officer of gemeente B gets a 404 for everything of
  gemeente A; the officer of A gets a 200 for A's published report and a 404 for A's concept.
- Management pages (coordinator and admin): every officer gets a 403, for GET and POST alike, and
  nothing changes.
- Files: the PDF lives in private storage. No URL outside the scoped views serves it — not by its
  storage path under MEDIA_URL, /media/ or /static/, for no persona.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views import static

import voorveld.settings.base as base_settings
from participants.constants import ConsentPurpose
from participants.models import Consent
from reporting import urls as reporting_urls
from reporting.constants import ReportStatus
from reporting.exports import EXPORT_FORMATS
from reporting.models import Report, Story
from reporting.services import rendering
from reporting.views.workflow import ACTIONS
from tests.factories import ParticipantFactory
from tests.personas import PERSONAS, World
from tests.reporting.test_portal import published_report
from voorveld.constants import Role
from voorveld.models import User
from voorveld.roles import MANAGEMENT

H2 = (dt.date(2026, 7, 1), dt.date(2026, 12, 31))

# Which object a ``<pk>`` names, by the route it sits in. The officer portal's own ``<pk>`` (the
# routes without "beheer/") is a report.
PK_KINDS = {
    "afspraken/": "arrangement",
    "rapport/": "report",
    "financiers/": "funder",
    "ambtenaren/": "officer",
    "verhalen/": "story",
}


def _patterns() -> list[URLPattern]:
    found = [p for p in reporting_urls.urlpatterns if isinstance(p, URLPattern)]
    assert len(found) == len(reporting_urls.urlpatterns), "nested includes: extend this test"
    return found


def _rule(pattern: URLPattern) -> frozenset[str]:
    rule = getattr(pattern.callback, "access_rule", None)
    assert rule is not None and rule.kind == "roles", f"{pattern.name} declares no roles"
    return frozenset(rule.roles)


def _is_officer_page(pattern: URLPattern) -> bool:
    return _rule(pattern) == frozenset({Role.OFFICER})


def _is_management_page(pattern: URLPattern) -> bool:
    return _rule(pattern) == frozenset(MANAGEMENT)


def test_every_reporting_url_is_either_an_officer_page_or_a_management_page() -> None:
    for pattern in _patterns():
        assert _is_officer_page(pattern) or _is_management_page(pattern), pattern.name


@dataclass
class WorldA:
    """Gemeente A's objects: the ids the URLs are built with."""

    published: Report
    concept: Report
    story: Story
    world: World

    def object_id(self, kind: str, *, report: Report) -> int:
        ids = {
            "arrangement": self.published.arrangement_id,
            "report": report.pk,
            "funder": self.world.funder_a.pk,
            "officer": self.world.users["officer_a"].pk,
            "story": self.story.pk,
        }
        return ids[kind]


@pytest.fixture
def world_a(world: World) -> WorldA:
    published = published_report(world, "funder_a")
    concept = Report.objects.create(
        arrangement=published.arrangement, period_label="H2 2026", period_start=H2[0], period_end=H2[1]
    )
    assert rendering.report_render_run(report_id=concept.pk) == ReportStatus.CONCEPT
    concept.refresh_from_db()
    consent = Consent.objects.create(
        participant=ParticipantFactory(first_name="Verhaalverteller"), purpose=ConsentPurpose.STORY,
        text_version="2026-11", given_on=dt.date(2026, 2, 1),
    )
    story = Story.objects.create(
        arrangement=published.arrangement, title="Een vast ritme", text="Elke dinsdag koffie.",
        told_on=dt.date(2026, 3, 1), consent=consent,
    )
    return WorldA(published=published, concept=concept, story=story, world=world)


def _pk_kind(pattern: URLPattern) -> str:
    route = str(pattern.pattern)
    if _is_officer_page(pattern):
        return "report"
    kinds = [kind for prefix, kind in PK_KINDS.items() if route.startswith(reporting_urls.manage + prefix)]
    assert len(kinds) == 1, f"{pattern.name} ({route}): add the object its <pk> names to PK_KINDS"
    return kinds[0]


def _urls(pattern: URLPattern, a: WorldA, *, report: Report) -> list[str]:
    """Every URL of this pattern for gemeente A's objects (each export format, each action)."""
    converters = set(pattern.pattern.converters)  # type: ignore[attr-defined]
    known = {"pk", "fmt", "action"}
    assert converters <= known, f"{pattern.name}: unknown URL parameters {converters - known}"
    base: dict[str, Any] = {}
    if "pk" in converters:
        base["pk"] = a.object_id(_pk_kind(pattern), report=report)
    variants: list[dict[str, Any]] = [base]
    if "fmt" in converters:
        variants = [{**base, "fmt": fmt} for fmt in EXPORT_FORMATS]
    if "action" in converters:
        variants = [{**base, "action": action} for action in ACTIONS]
    return [reverse(f"reporting:{pattern.name}", kwargs=kwargs) for kwargs in variants]


def _state() -> list[tuple[Any, ...]]:
    """What a refused request must leave untouched."""
    return sorted(Report.objects.values_list("pk", "status", "version")) + sorted(
        Story.objects.values_list("pk", "title")
    )


def test_an_officer_of_b_gets_404_for_every_officer_page_of_a(
    world_a: WorldA, client_for: Callable[[str], Client]
) -> None:
    officer_b = client_for("officer_b")
    checked = 0
    for pattern in filter(_is_officer_page, _patterns()):
        for url in _urls(pattern, world_a, report=world_a.published):
            response = officer_b.get(url)
            if "pk" in pattern.pattern.converters:  # type: ignore[attr-defined]
                assert response.status_code == 404, url
                checked += 1
            else:  # the portal's home: B's own page, without a trace of A
                assert response.status_code == 200, url
                page = response.content.decode()
                assert world_a.published.arrangement.name not in page
                assert reverse("reporting:officer_report", args=[world_a.published.pk]) not in page
    assert checked >= 1 + 1 + len(EXPORT_FORMATS)  # report page, PDF, every export format


def test_the_officer_of_a_gets_their_own_published_report_on_every_officer_page(
    world_a: WorldA, client_for: Callable[[str], Client]
) -> None:
    officer_a = client_for("officer_a")
    for pattern in filter(_is_officer_page, _patterns()):
        for url in _urls(pattern, world_a, report=world_a.published):
            assert officer_a.get(url).status_code == 200, url


def test_the_officer_of_a_gets_404_for_their_own_funders_concept(
    world_a: WorldA, client_for: Callable[[str], Client]
) -> None:
    officer_a = client_for("officer_a")
    for pattern in filter(_is_officer_page, _patterns()):
        if "pk" not in pattern.pattern.converters:  # type: ignore[attr-defined]
            page = officer_a.get(reverse(f"reporting:{pattern.name}")).content.decode()
            assert reverse("reporting:officer_report", args=[world_a.concept.pk]) not in page
            assert "H2 2026" not in page
            continue
        for url in _urls(pattern, world_a, report=world_a.concept):
            assert officer_a.get(url).status_code == 404, url


def test_an_unknown_export_format_is_a_404_also_for_the_own_report(
    world_a: WorldA, client_for: Callable[[str], Client]
) -> None:
    officer_a = client_for("officer_a")
    for fmt in ("pdf", "json", "html", "CSV"):
        url = reverse("reporting:officer_export", args=[world_a.published.pk, fmt])
        assert officer_a.get(url).status_code == 404, fmt


@pytest.mark.parametrize("persona", ["officer_a", "officer_b"])
def test_every_management_page_refuses_officers_with_403(
    world_a: WorldA, client_for: Callable[[str], Client], persona: str
) -> None:
    officer = client_for(persona)
    coordinator = client_for("coordinator")
    before = _state()
    checked = 0
    for pattern in filter(_is_management_page, _patterns()):
        for report in (world_a.published, world_a.concept):
            for url in _urls(pattern, world_a, report=report):
                assert officer.get(url).status_code == 403, url
                assert officer.post(url, {"active": "0", "start": "2026-07-01", "end": "2026-12-31"}
                                    ).status_code == 403, url
                checked += 1
                # The URL names real objects: the coordinator is not refused and finds them.
                assert coordinator.get(url).status_code in (200, 302, 405), url
    assert checked >= len([p for p in _patterns() if _is_management_page(p)])
    assert _state() == before
    assert User.objects.get(pk=world_a.world.users["officer_a"].pk).is_active


# --- Files ----------------------------------------------------------------------------------


def _is_relative_to(path: Path, parent: Path) -> bool:
    return path.resolve().is_relative_to(parent.resolve())


def test_the_pdf_is_in_private_storage_outside_every_static_folder(world_a: WorldA) -> None:
    pdf = Path(world_a.published.pdf.path)
    assert pdf.is_file()
    assert _is_relative_to(pdf, Path(settings.MEDIA_ROOT))
    # Where it lives in production: MEDIA_ROOT apart from everything served as static files.
    media_root = Path(base_settings.MEDIA_ROOT)
    for folder in [Path(base_settings.STATIC_ROOT), *map(Path, base_settings.STATICFILES_DIRS)]:
        assert not _is_relative_to(media_root, folder), folder
        assert not _is_relative_to(folder, media_root), folder


def _all_patterns(resolver: URLResolver) -> list[URLPattern]:
    found: list[URLPattern] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found.extend(_all_patterns(entry))
        else:
            found.append(entry)
    return found


def test_no_url_of_the_project_serves_files_from_disk() -> None:
    file_views = (static.serve, static.directory_index)
    serving = [p for p in _all_patterns(get_resolver()) if p.callback in file_views]
    assert serving == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pdf_is_not_reachable_by_its_storage_path(
    world_a: WorldA, client_for: Callable[[str], Client], persona: str
) -> None:
    name = world_a.published.pdf.name
    assert name and name.startswith("reports/")
    media_url = settings.MEDIA_URL or "/"
    candidates = {
        "/" + (media_url.strip("/") + "/" + name).lstrip("/"),
        "/media/" + name,
        settings.STATIC_URL + name,
        "/" + name,
        "/rapportage/" + name,
        "/rapportage/beheer/" + name,
    }
    client = client_for(persona)
    for path in sorted(candidates):
        response = client.get(path)
        assert response.status_code == 404, (persona, path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not body.startswith(b"%PDF")


PDF_VIEWS = {"officer_pdf", "report_pdf"}  # the officer's scoped view and the coordinator's


@pytest.mark.parametrize("persona", ["officer_a", "coordinator"])
def test_only_the_two_pdf_views_ever_answer_with_the_pdf(
    world_a: WorldA, client_for: Callable[[str], Client], persona: str
) -> None:
    client = client_for(persona)
    served_by = set()
    for pattern in _patterns():
        for url in _urls(pattern, world_a, report=world_a.published):
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if body.startswith(b"%PDF"):
                served_by.add(pattern.name)
    assert served_by == {"officer_pdf" if persona == "officer_a" else "report_pdf"}
    assert served_by <= PDF_VIEWS
