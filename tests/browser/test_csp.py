"""The strict Content-Security-Policy (no inline scripts or styles, no eval) breaks nothing: the main
pages of every persona, including htmx swaps and the server-drawn SVG charts, run in Chromium without
a single CSP violation. Violations are caught twice: the `securitypolicyviolation` events of each
document and Chromium's console messages about refused content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from participants.models import Participant
from tests.browser.conftest import LOGIN_PATH
from tests.factories import ParticipantFactory, VisitFactory
from tests.participants.profile_data import sensitive_consent
from tests.personas import World
from tests.reporting.test_portal import published_report

pytestmark = pytest.mark.browser

LogIn = Callable[..., None]

# Runs in every document before its own scripts (Playwright injects it past the CSP).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${document.location.pathname}`
  );
});
"""


class Watcher:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.visited: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text or "Refused to" in text:
            self.problems.append(f"console: {text}")

    def collect(self) -> None:
        """Violation events of the current document (they fire asynchronously: let them arrive)."""
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_timeout(50)
        found = self.page.evaluate("() => window.__cspViolations || []")
        self.problems.extend(f"event: {item}" for item in found)
        # htmx read its configuration from base.html: it injected no <style> and evaluates nothing.
        config = self.page.evaluate(
            "() => window.htmx && [htmx.config.includeIndicatorStyles, htmx.config.allowEval]")
        if config is not None and config != [False, False]:
            self.problems.append(f"htmx config not applied on {self.page.url}: {config}")
        # (Style attributes set through the CSSOM, as Bootstrap's menu does, are allowed; <style> is not.)
        inline = self.page.evaluate("() => document.querySelectorAll('style').length")
        if inline:
            self.problems.append(f"{inline} <style> element(s) on {self.page.url}")
        self.visited.append(self.page.url)

    def visit(self, path: str) -> None:
        response = self.page.goto(path, wait_until="networkidle")
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        assert response.headers.get("content-security-policy"), f"{path}: no CSP header"
        self.collect()


def _regular(world: World) -> Participant:
    person = ParticipantFactory(
        first_name="Annechien", last_name="Bakker", municipality=world.municipality_a,
        usual_activity=world.activity, birth_year=1980,
    )
    for weeks in (1, 5, 9):
        VisitFactory(participant=person, location=world.location, activity=world.activity,
                     date=timezone.localdate() - dt.timedelta(weeks=weeks))
    sensitive_consent(person, world.users["coach"])  # so the sensitive section opens, with its form
    return person


def _board(world: World) -> str:
    return f"/deur/bord/{world.location.pk}/{timezone.localdate():%Y-%m-%d}/morning/"


def _search_at_the_door(watcher: Watcher, world: World) -> None:
    """Type in the board's search box: an htmx request swaps the results in."""
    watcher.visit(_board(world))
    watcher.page.get_by_label("Naam of roepnaam").fill("Anechien")
    expect(watcher.page.locator("#search-results li").filter(has_text="Annechien B.")).to_be_visible()
    watcher.collect()


def test_the_listener_sees_a_violation(page: Page, browser_world: World) -> None:
    """The test's own check: an inline style attribute added to a page is reported."""
    watcher = Watcher(page)
    watcher.visit(LOGIN_PATH)
    assert watcher.problems == []
    page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    watcher.collect()
    assert any("style-src" in problem for problem in watcher.problems), watcher.problems


def test_anonymous_pages_run_without_csp_violations(page: Page, browser_world: World) -> None:
    watcher = Watcher(page)
    for path in (LOGIN_PATH, "/account/wachtwoord-vergeten/"):
        watcher.visit(path)
    assert watcher.problems == []


@pytest.mark.parametrize("persona", ["volunteer", "coach", "coordinator", "officer_a", "admin", "no_role"])
def test_the_main_pages_of_each_persona_run_without_csp_violations(
    page: Page, browser_world: World, log_in: LogIn, persona: str
) -> None:
    world = browser_world
    person = _regular(world)
    if persona in ("officer_a", "coordinator"):
        report = published_report(world)
    user = world.user(persona)
    assert user is not None
    watcher = Watcher(page)
    log_in(user.username)
    watcher.collect()  # the start page after logging in

    if persona == "volunteer":
        watcher.visit("/deur/")
        _search_at_the_door(watcher, world)
        watcher.visit("/deelnemers/mijn-vrijwilligerswerk/")
    elif persona == "coach":
        watcher.visit("/deur/")
        _search_at_the_door(watcher, world)
        watcher.visit(_board(world) + "nieuw/")
        watcher.visit(f"/deelnemers/{person.pk}/")  # the visits-per-month SVG chart
        watcher.visit(f"/deelnemers/{person.pk}/gevoelig/")
    elif persona in ("coordinator", "admin"):
        for path in ("/deelnemers/overzicht/", "/deelnemers/aandacht/", "/deelnemers/instellingen/",
                     "/deelnemers/instellingen/medewerkers/", "/deelnemers/instellingen/organisatie/",
                     f"/deelnemers/{person.pk}/", "/rapportage/beheer/"):
            watcher.visit(path)
        _search_at_the_door(watcher, world)
        if persona == "coordinator":
            watcher.visit(f"/rapportage/beheer/rapport/{report.pk}/")
        else:
            watcher.visit("/beheer/")  # the Django admin
            watcher.visit("/beheer/voorveld/user/")
    elif persona == "officer_a":
        watcher.visit("/rapportage/")  # the dashboard with the server-drawn SVG charts
        watcher.visit(f"/rapportage/{report.pk}/")
    else:
        watcher.visit("/")

    assert len(watcher.visited) >= 2
    assert watcher.problems == []
