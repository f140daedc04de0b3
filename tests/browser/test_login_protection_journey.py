"""In the browser: a coordinator's first login with setting up the authenticator app, and a coach whose
idle session is about to end: the warning, "stay logged in", and typed text surviving an expiry."""

from __future__ import annotations

import re
from base64 import b32encode
from collections.abc import Callable

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import LOGIN_PATH
from tests.factories import PASSWORD
from tests.otp import totp_code
from tests.personas import World

pytestmark = pytest.mark.browser


def test_a_coordinator_sets_up_the_app_at_the_first_login(page: Page, browser_world: World) -> None:
    page.goto("/deelnemers/overzicht/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name="QR-code voor je authenticator-app")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()
    device = TOTPDevice.objects.get(user__username="coordinator", confirmed=False)
    assert secret == b32encode(device.bin_key).decode()
    # Everything else stays closed until the app is linked.
    page.goto("/deelnemers/instellingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")

    page.get_by_role("textbox", name="Code").fill(totp_code(device))
    page.get_by_role("button", name="Bevestigen en aanzetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je herstelcodes")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Ik heb mijn codes bewaard").click()
    expect(page).to_have_url(re.compile(r"/deelnemers/instellingen/$"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Tweestapsverificatie instellen")


def test_the_idle_warning_keeps_the_session_and_typed_text_survives_an_expiry(
    page: Page, browser_world: World, log_in: Callable[..., None], settings: object
) -> None:
    settings.SESSION_COOKIE_AGE = 10  # type: ignore[attr-defined]  # seconds; the warning comes at 5
    log_in("coach")
    newcomer = f"/deur/bord/{browser_world.location.pk}/{timezone.localdate():%Y-%m-%d}/morning/nieuw/"
    page.goto(newcomer)
    page.get_by_label("Voornaam").fill("Sjoerd")

    warning = page.get_by_role("alertdialog", name="Je wordt zo uitgelogd")
    expect(warning).to_be_visible(timeout=9_000)
    stay = warning.get_by_role("button", name="Ingelogd blijven")
    expect(stay).to_be_focused()
    stay.click()
    expect(warning).to_be_hidden()

    # Nothing more: the session ends, the page goes to the login, and after it back to the form.
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)), timeout=15_000)
    assert "next=" in page.url
    page.get_by_label("Gebruikersnaam").fill("coach")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(re.escape(newcomer) + "$"))
    expect(page.get_by_label("Voornaam")).to_have_value("Sjoerd")
    restored = page.get_by_role("status").filter(has_text="We hebben teruggezet wat je had getypt")
    expect(restored).to_be_visible()
