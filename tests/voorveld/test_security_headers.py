"""Security headers on what people actually receive: a page, an htmx fragment and a download
(the production-like header checks over https are in tests/test_deployment.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.intake.door import board_url
from tests.personas import World
from tests.reporting.test_portal import published_report


def policy_of(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_hardened(response: Any) -> None:
    policy = policy_of(response)
    assert policy["default-src"] == ["'self'"]
    # Scripts and styles only from files of this site: no inline code, no eval, no other hosts.
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_page_carries_the_security_headers(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("coach")
    home = client.get(reverse("home"), secure=True)
    assert_hardened(home)  # a redirect too
    response = client.get(home["Location"] if home.status_code == 302 else reverse("home"), secure=True)
    assert response.status_code == 200
    assert_hardened(response)


def test_the_login_page_and_an_htmx_fragment_carry_them_too(
    world: World, client_for: Callable[[str], Client]
) -> None:
    assert_hardened(Client().get(reverse("login"), secure=True))
    response = client_for("coach").get(board_url(world.location, "search"), {"q": "An"}, secure=True,
                                       HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.parametrize("kind", ["pdf", "csv"])
def test_a_download_carries_the_security_headers(
    world: World, client_for: Callable[[str], Client], kind: str
) -> None:
    report = published_report(world)
    url = (reverse("reporting:officer_pdf", args=[report.pk]) if kind == "pdf"
           else reverse("reporting:officer_export", args=[report.pk, "csv"]))
    response = client_for("officer_a").get(url, secure=True)
    assert response.status_code == 200
    assert_hardened(response)


def test_pages_send_htmx_its_strict_configuration(world: World, client_for: Callable[[str], Client]) -> None:
    html = client_for("coach").get(reverse("home"), follow=True).content.decode()
    # htmx would otherwise inject an inline <style> (refused by the CSP) and evaluate hx-on code.
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html


def test_session_and_csrf_cookies_are_httponly_and_samesite(
    world: World, client_for: Callable[[str], Client], settings: Any
) -> None:
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True  # as production sets them
    client = Client()
    client.get(reverse("login"), secure=True)
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["secure"] and csrf["samesite"] == "Lax"
    user = world.users["coach"]
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD,
                                              "csrfmiddlewaretoken": csrf.value}, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["secure"] and session["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_language_cookie_is_httponly_samesite_and_secure_in_production(settings: Any) -> None:
    settings.LANGUAGE_COOKIE_SECURE = True  # production: follows SECURE_COOKIES, as the session cookie
    client = Client()
    client.get(reverse("login"), secure=True)
    token = client.cookies["csrftoken"].value
    data = {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    response = client.post(reverse("set_language"), data, secure=True)
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
