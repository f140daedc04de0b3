"""Two-step verification (TOTP with django-otp): mandatory for coordinators, officers and admins,
optional for coaches and volunteers; recovery codes; reset by a coordinator; the Django admin."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.otp import totp_code, totp_device, totp_fresh_code
from tests.personas import World
from voorveld.admin_site import VerifiedAdminSite
from voorveld.models import User

VERIFY = reverse("two_factor_verify")
SETUP = reverse("two_factor_setup")


def password_login(username: str) -> Client:
    client = Client(REMOTE_ADDR="192.0.2.1")
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def user(world: World, persona: str) -> User:
    found = world.user(persona)
    assert found is not None
    return found


def pending_device(account: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=account, confirmed=False)


@pytest.mark.parametrize("persona", ["coordinator", "officer_a", "admin"])
def test_a_mandatory_role_without_an_app_is_sent_to_setup_from_every_page(world: World, persona: str) -> None:
    client = password_login(user(world, persona).username)
    for url in ["/", reverse("participants:dashboard"), reverse("reporting:officer_home"),
                reverse("reporting:arrangement_list"), "/beheer/", reverse("two_factor_account"),
                reverse("password_change")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{SETUP}?next="), url
    page = client.get(f"{SETUP}?next=/deelnemers/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Tweestapsverificatie instellen" in html
    assert "<svg" in html and "QR-code voor je authenticator-app" in html
    # No navigation to pages this session cannot reach yet.
    assert reverse("participants:dashboard") not in html and "Inloggen en beveiliging" not in html
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', html)
    assert secret is not None and len(secret.group(1)) == 32


def test_setup_with_a_wrong_code_stays_out_and_the_right_code_gets_in_with_ten_recovery_codes(
    world: World,
) -> None:
    coordinator = user(world, "coordinator")
    client = password_login("coordinator")
    client.get(SETUP)
    device = pending_device(coordinator)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong, "next": "/deelnemers/"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get(reverse("participants:dashboard")).status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()

    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    response = client.post(SETUP, {"code": totp_code(device), "next": "/deelnemers/"})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    html = codes_page.content.decode()
    assert "Deze codes zie je alleen nu" in html
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", html)
    assert len(codes) == 10
    stored = StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True)
    assert set(codes) == set(stored)
    assert 'href="/deelnemers/"' in html
    # Shown once: the page does not show them again.
    assert client.get(reverse("two_factor_recovery_codes"))["Location"] == reverse("two_factor_account")
    assert client.get(reverse("participants:dashboard")).status_code == 200
    assert TOTPDevice.objects.get(user=coordinator).confirmed


def test_with_an_app_a_wrong_code_stays_out_and_the_right_code_returns_to_the_page(world: World) -> None:
    device = totp_device(user(world, "coordinator"))
    client = password_login("coordinator")
    response = client.get(reverse("participants:dashboard"))
    assert response["Location"] == f"{VERIFY}?next=%2Fdeelnemers%2Foverzicht%2F"

    response = client.post(VERIFY, {"code": "000000", "next": "/deelnemers/"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get(reverse("participants:dashboard")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/deelnemers/"})
    assert response.status_code == 302 and response["Location"] == "/deelnemers/"
    assert client.get(reverse("participants:dashboard")).status_code == 200


def test_verify_refuses_a_next_url_on_another_site(world: World) -> None:
    device = totp_device(user(world, "coordinator"))
    client = password_login("coordinator")
    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_wrong_codes_are_throttled(world: World) -> None:
    device = totp_device(user(world, "coordinator"))
    client = password_login("coordinator")
    client.post(VERIFY, {"code": "000000"})
    # Right after a wrong code even the right code is refused for a moment (exponential back-off).
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert response.status_code == 200
    assert client.get("/deelnemers/").status_code == 302


def test_a_recovery_code_works_once(world: World) -> None:
    coordinator = user(world, "coordinator")
    totp_device(coordinator)
    recovery = StaticDevice.objects.create(user=coordinator, name="recovery")
    recovery.token_set.create(token="abcd2345")
    recovery.token_set.create(token="efgh6789")

    client = password_login("coordinator")
    response = client.post(VERIFY, {"code": "ABCD 2345"})
    assert response.status_code == 302
    assert client.get(reverse("participants:dashboard")).status_code == 200
    assert list(recovery.token_set.values_list("token", flat=True)) == ["efgh6789"]

    again = password_login("coordinator")
    response = again.post(VERIFY, {"code": "abcd2345"})
    assert response.status_code == 200
    assert again.get(reverse("participants:dashboard")).status_code == 302


def test_a_password_alone_cannot_replace_the_app(world: World) -> None:
    coordinator = user(world, "coordinator")
    device = totp_device(coordinator)
    client = password_login("coordinator")
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(reverse("two_factor_recovery_codes")).status_code == 302
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [device]
    assert not StaticDevice.objects.filter(user=coordinator).exists()


def test_a_coach_logs_in_without_two_step_verification(world: World) -> None:
    client = password_login("coach")
    assert client.get(reverse("intake:today")).status_code == 200
    assert not TOTPDevice.objects.filter(user=user(world, "coach")).exists()


def test_a_coach_can_turn_it_on_and_off_on_the_account_page(world: World) -> None:
    coach = user(world, "coach")
    client = password_login("coach")
    page = client.get(reverse("two_factor_account")).content.decode()
    assert "Uit: je logt alleen met je wachtwoord in." in page
    client.get(SETUP)
    response = client.post(SETUP, {"code": totp_code(pending_device(coach))})
    assert response.status_code == 302
    assert "Aan: je logt in met je wachtwoord" in client.get(reverse("two_factor_account")).content.decode()

    # From now on the coach's login asks for the code too.
    later = password_login("coach")
    assert later.get(reverse("intake:today"))["Location"].startswith(VERIFY)
    later.post(VERIFY, {"code": totp_fresh_code(TOTPDevice.objects.get(user=coach))})
    assert later.get(reverse("intake:today")).status_code == 200

    response = later.post(reverse("two_factor_disable"), follow=True)
    assert "Tweestapsverificatie staat uit." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert password_login("coach").get(reverse("intake:today")).status_code == 200


def test_a_mandatory_role_cannot_turn_it_off(client_for: Callable[[str], Client], world: World) -> None:
    client = client_for("coordinator")
    response = client.post(reverse("two_factor_disable"), follow=True)
    assert "Voor jouw rol is tweestapsverificatie verplicht." in response.content.decode()
    assert TOTPDevice.objects.filter(user=user(world, "coordinator")).exists()


def test_a_coordinator_resets_the_app_of_a_colleague_who_lost_their_phone(
    client_for: Callable[[str], Client], world: World, caplog: pytest.LogCaptureFixture,
) -> None:
    coach = user(world, "coach")
    totp_device(coach)
    StaticDevice.objects.create(user=coach, name="recovery").token_set.create(token="abcd2345")
    edit = reverse("participants:staff_edit", args=[coach.pk])
    client = client_for("coordinator")
    page = client.get(edit).content.decode()
    assert "Tweestapsverificatie: aan." in page and "Tweestapsverificatie opnieuw instellen" in page

    with caplog.at_level("INFO", logger="voorveld.security"):
        response = client.post(reverse("two_factor_reset", args=[coach.pk]), {"next": edit}, follow=True)
    assert "De tweestapsverificatie van" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert not StaticDevice.objects.filter(user=coach).exists()
    assert f"Two-factor authentication removed for user {coach.pk} by user" in caplog.text
    assert password_login("coach").get(reverse("intake:today")).status_code == 200


def test_who_may_reset_whom(client_for: Callable[[str], Client], world: World) -> None:
    admin = user(world, "admin")
    totp_device(admin)
    coordinator = user(world, "coordinator")
    # A coordinator cannot reset an admin, nor their own (they use the account page).
    client = client_for("coordinator")
    client.post(reverse("two_factor_reset", args=[admin.pk]))
    assert TOTPDevice.objects.filter(user=admin).exists()
    client.post(reverse("two_factor_reset", args=[coordinator.pk]))
    assert TOTPDevice.objects.filter(user=coordinator).exists()
    # An admin can reset a coordinator.
    client_for("admin").post(reverse("two_factor_reset", args=[coordinator.pk]))
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    # A coach is refused outright.
    assert client_for("coach").post(reverse("two_factor_reset", args=[admin.pk])).status_code == 403


def test_the_django_admin_requires_verification(client_for: Callable[[str], Client], world: World) -> None:
    admin = user(world, "admin")
    unverified = Client()
    unverified.force_login(admin)
    response = unverified.get("/beheer/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert client_for("admin").get("/beheer/").status_code == 200

    # The admin site itself refuses an unverified session too (not only the middleware).
    request = RequestFactory().get("/beheer/")
    request.user = admin
    request.session = {}  # type: ignore[assignment]
    OTPMiddleware(lambda r: None)._install_lazy_accessors(request)  # type: ignore[arg-type]
    assert VerifiedAdminSite().has_permission(request) is False


def test_an_htmx_request_of_an_unverified_session_redirects_the_whole_page(world: World) -> None:
    client = password_login("coordinator")
    response = client.get(
        reverse("participants:dashboard"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/deelnemers/overzicht/?p=2"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{SETUP}?next=%2Fdeelnemers%2Foverzicht%2F%3Fp%3D2"


def test_a_coordinator_resets_an_officers_app_from_the_officer_list(
    client_for: Callable[[str], Client], world: World,
) -> None:
    officer = user(world, "officer_a")
    totp_device(officer)
    listing = reverse("reporting:officer_list")
    client = client_for("coordinator")
    assert reverse("two_factor_reset", args=[officer.pk]) in client.get(listing).content.decode()
    response = client.post(reverse("two_factor_reset", args=[officer.pk]), {"next": listing}, follow=True)
    assert response.redirect_chain[-1][0] == listing
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # At the next login the officer links a new app before seeing anything.
    assert password_login("officer_a").get(reverse("reporting:officer_home"))["Location"].startswith(SETUP)
