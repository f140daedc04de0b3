"""Browser fixtures: Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Run with `.venv/bin/pytest tests/browser -q`. The browser is started once per session; each test gets
a fresh context (cookies, viewport, locale), so tests stay independent and the suite stays fast.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, expect, sync_playwright

from tests.factories import PASSWORD
from tests.migration_data import restore_migration_data
from tests.otp import totp_device, totp_fresh_code
from tests.personas import World, build_world
from voorveld.models import User
from voorveld.two_factor import is_mandatory

# Playwright's sync API keeps an asyncio event loop in the test thread. Django then sees "a running
# event loop" on every ORM call made from that thread (creating the personas, the transactional flush
# after each test) and raises SynchronousOnlyOperation. The test thread never runs async code of its
# own, so the check protects nothing here; the live server answers requests in its own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOGIN_PATH = "/account/inloggen/"
TWO_FACTOR_PATH = "/account/tweestapsverificatie/code/"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    # Keep each phase's report on the item, so the `page` fixture knows at teardown whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install it with `apt-get install chromium`")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def viewport() -> ViewportSize:
    """The page's viewport; override with `@pytest.mark.parametrize("viewport", [...])`."""
    return DESKTOP


@pytest.fixture
def page(browser: Browser, live_server: Any, viewport: ViewportSize,
         request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies), Dutch, with the live server as base URL."""
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.set_default_timeout(5_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def browser_world(transactional_db: None) -> World:
    """The canonical personas, committed so the live server (another thread, another connection)
    sees them. The `world` fixture of tests/conftest.py lives inside a rolled-back transaction.
    Earlier transactional tests flushed the rows data migrations made; put those back first."""
    restore_migration_data()
    return build_world()


@pytest.fixture
def log_in(page: Page) -> Callable[..., None]:
    """Log in through the real login form, as a person would, and wait for the page after it. Roles
    with mandatory two-step verification then type the current code of their authenticator."""

    def log_in_as(username: str, password: str = PASSWORD) -> None:
        user = User.objects.get(username=username)
        device = totp_device(user) if is_mandatory(user) else None
        page.goto(LOGIN_PATH)
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        expect(page).not_to_have_url(re.compile(re.escape(LOGIN_PATH)))
        if device is not None:
            expect(page).to_have_url(re.compile(re.escape(TWO_FACTOR_PATH)))
            page.get_by_label("Code").fill(totp_fresh_code(device))
            page.get_by_label("Code").press("Enter")
            expect(page).not_to_have_url(re.compile(re.escape(TWO_FACTOR_PATH)))

    return log_in_as
