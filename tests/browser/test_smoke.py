"""Browser smoke test: every persona logs in through the real form and lands on its own Dutch start page,
sees only the navigation its role may use, and the base layout works by keyboard, on a phone and with
the language switcher. The expectations are written out here on purpose (not read from NAVIGATION or
HOME_BY_ROLE), so removing a role rule or a navigation rule makes a test fail."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import ConsoleMessage, Page, Request, Response, ViewportSize, expect

from tests.browser.conftest import LOGIN_PATH
from tests.factories import PASSWORD
from tests.personas import World

pytestmark = pytest.mark.browser

LogIn = Callable[..., None]

TODAY = "/deur/"
OVERVIEW = "/deelnemers/overzicht/"
SETTINGS = "/deelnemers/instellingen/"
REPORTS = "/rapportage/"
ATTENTION = "/deelnemers/aandacht/"
MY_VOLUNTEERING = "/deelnemers/mijn-vrijwilligerswerk/"
START_PAGES = (TODAY, OVERVIEW, SETTINGS, REPORTS)
NO_ACCESS = "Je hebt geen toegang tot deze pagina"

# What each role's main navigation shows, in order: (link text, URL).
NAV_DOOR = [("Vandaag", TODAY)]
NAV_VOLUNTEER = [("Vandaag", TODAY), ("Mijn vrijwilligerswerk", MY_VOLUNTEERING)]
NAV_MANAGEMENT = [
    ("Vandaag", TODAY), ("Overzicht", OVERVIEW), ("Aandacht", ATTENTION), ("Organisatie", SETTINGS),
    ("Rapportages", "/rapportage/beheer/"),
]
NAV_OFFICER = [("Rapportages", REPORTS)]


@dataclass(frozen=True)
class Expected:
    start_path: str
    heading: str | None  # "today": "Vandaag, <date>"; None: "Welkom, <the persona's generated name>"
    nav: list[tuple[str, str]]


def _today_heading() -> str:
    with translation.override("nl"):
        return "Vandaag, " + date_format(timezone.localdate(), "l j F Y")


EXPECTED: dict[str, Expected] = {
    "no_role": Expected("/", None, []),
    "volunteer": Expected(TODAY, "today", NAV_VOLUNTEER),
    "coach": Expected(TODAY, "today", NAV_DOOR),
    "coordinator": Expected(OVERVIEW, "Overzicht", NAV_MANAGEMENT),
    "officer_a": Expected(REPORTS, "Rapportages voor Gemeente Aadorp", NAV_OFFICER),
    "officer_b": Expected(REPORTS, "Rapportages voor Gemeente Beekdal", NAV_OFFICER),
    "admin": Expected(OVERVIEW, "Overzicht", NAV_MANAGEMENT),
}


def _username(world: World, persona: str) -> str:
    user = world.user(persona)
    assert user is not None
    return user.username


def _heading(world: World, persona: str) -> str:
    expected = EXPECTED[persona]
    if expected.heading is None:
        user = world.user(persona)
        assert user is not None
        return f"Welkom, {user.display_name}"
    if expected.heading == "today":
        return _today_heading()
    return expected.heading


def _nav_links(page: Page) -> list[tuple[str, str]]:
    links = page.locator("#main-nav a.nav-link")
    return [
        (links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href") or "")
        for i in range(links.count())
    ]


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_persona_logs_in_sees_its_own_dutch_start_page_and_only_its_navigation(
    page: Page, browser_world: World, log_in: LogIn, persona: str
) -> None:
    expected = EXPECTED[persona]
    log_in(_username(browser_world, persona))

    expect(page).to_have_url(re.compile(re.escape(expected.start_path) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(_heading(browser_world, persona))
    user = browser_world.user(persona)
    assert user is not None
    expect(page.get_by_test_id("current-user")).to_contain_text(user.display_name)
    assert _nav_links(page) == expected.nav

    allowed = {url for _, url in expected.nav}
    for path in START_PAGES:
        response = page.goto(path, wait_until="domcontentloaded")
        assert response is not None
        if path in allowed:
            assert response.status == 200, path
            expect(page.get_by_role("heading", level=1)).not_to_have_text(NO_ACCESS)
        else:
            assert response.status == 403, path
            expect(page.get_by_role("heading", level=1)).to_have_text(NO_ACCESS)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Voorveld")
    # The session is really gone: a start page asks to log in again.
    page.goto(expected.start_path)
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))


def test_a_wrong_password_keeps_the_person_on_the_login_page_with_a_dutch_message(
    page: Page, browser_world: World
) -> None:
    page.goto(LOGIN_PATH)
    page.get_by_label("Gebruikersnaam").fill("coach")
    page.get_by_label("Wachtwoord").fill("not-the-password")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH) + "$"))
    expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam en wachtwoord in")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("coach")


def _focused(page: Page) -> dict[str, str]:
    result: dict[str, str] = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, id: el.id || "", text: (el.innerText || "").trim(),
                    outline: style.outlineStyle, shadow: style.boxShadow};
        }"""
    )
    return result


def _assert_focus_visible(page: Page) -> None:
    focused = _focused(page)
    assert focused["outline"] != "none" or focused["shadow"] != "none", focused


def test_a_keyboard_user_reaches_the_skip_link_first_and_logs_in_without_a_mouse(
    page: Page, browser_world: World
) -> None:
    page.goto(LOGIN_PATH)
    # Django's login form puts focus in the username field (autofocus), so typing can start at once.
    assert _focused(page)["id"] == "id_username"
    # The skip link is the first stop in the tab order: two steps back, past the brand link.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    focused = _focused(page)
    assert (focused["tag"], focused["text"]) == ("A", "Naar de inhoud")
    _assert_focus_visible(page)
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_in_viewport()

    page.keyboard.press("Enter")  # follow the skip link: focus moves to the main content
    assert _focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_username"
    _assert_focus_visible(page)
    page.keyboard.type("coach")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # The browser keeps the skip link's #main across the login redirect.
    expect(page).to_have_url(re.compile(re.escape(TODAY) + "(#main)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(_today_heading())
    # On a freshly loaded page without autofocus the very first Tab lands on the skip link.
    page.goto(TODAY)
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert (focused["tag"], focused["text"]) == ("A", "Naar de inhoud")
    _assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"


PHONE: ViewportSize = {"width": 390, "height": 844}
TABLET: ViewportSize = {"width": 768, "height": 1024}


def _has_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth"))


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
@pytest.mark.parametrize("persona", ["coach", "coordinator"])
def test_the_start_page_fits_a_phone_and_a_tablet_and_the_menu_opens(
    page: Page, browser_world: World, log_in: LogIn, viewport: ViewportSize, persona: str
) -> None:
    log_in(_username(browser_world, persona))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not _has_horizontal_scroll(page)

    first_link = page.locator("#main-nav a.nav-link").first
    logout = page.get_by_role("button", name="Uitloggen")
    toggler = page.get_by_role("button", name="Menu tonen")
    if viewport["width"] < 992:  # below Bootstrap's lg breakpoint the navigation collapses
        expect(first_link).to_be_hidden()
        expect(toggler).to_have_attribute("aria-expanded", "false")
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
    else:
        expect(toggler).to_be_hidden()
    expect(first_link).to_be_visible()
    expect(first_link).to_have_text("Vandaag")
    expect(logout).to_be_visible()
    assert not _has_horizontal_scroll(page)


def test_the_language_switcher_in_the_footer_switches_to_english_and_back(
    page: Page, browser_world: World, log_in: LogIn
) -> None:
    log_in("coach")
    footer = page.locator("footer")

    footer.get_by_label("Taal").select_option("en")
    footer.get_by_role("button", name="Wisselen").click()
    expect(page).to_have_url(re.compile(re.escape(TODAY) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    footer.get_by_label("Language").select_option("nl")
    footer.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(_today_heading())


@pytest.mark.parametrize("persona", ["no_role", "coach", "coordinator", "officer_a"])
def test_the_login_and_start_pages_load_all_static_files_without_console_errors(
    page: Page, browser_world: World, log_in: LogIn, persona: str
) -> None:
    problems: list[str] = []
    static_loaded: list[str] = []

    def on_failed(request: Request) -> None:
        problems.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response: Response) -> None:
        if "/static/" in response.url:
            static_loaded.append(response.url)
        if response.status >= 400 and (
            "/static/" in response.url or response.request.resource_type != "document"
        ):
            problems.append(f"HTTP {response.status}: {response.url}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    page.goto(LOGIN_PATH, wait_until="networkidle")
    log_in(_username(browser_world, persona))
    page.wait_for_load_state("networkidle")

    assert problems == []
    loaded = " ".join(static_loaded)
    for asset in ("bootstrap.min.css", "voorveld.css", "bootstrap.bundle.min.js", "htmx.min.js",
                  "voorveld.js", ".woff2"):
        assert asset in loaded, asset
    # The page names its icon, so browsers do not ask for a missing /favicon.ico on every page.
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon is not None and icon.startswith("/static/")
    assert page.request.get(icon).status == 200
    # The vendored Bootstrap really ran (no CDN): its JS API exists on the page.
    assert page.evaluate("() => typeof window.bootstrap?.Collapse") == "function"
