"""The idle session timeout: sliding, warned about on the page, htmx sent to the login as a whole page,
and back to the same page after logging in again."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from tests.personas import World

TODAY = reverse("intake:today")


def test_the_default_idle_timeout_is_an_hour_and_sliding() -> None:
    assert settings.SESSION_IDLE_MINUTES == 60
    assert settings.SESSION_COOKIE_AGE == 3600



def test_a_session_ends_after_an_hour_without_requests_and_each_request_renews_it(
    client_for: Callable[[str], Client],
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for("coach")
        assert client.get(TODAY).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=55), tick=False):
        assert client.get(TODAY).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=110), tick=False):
        assert client.get(TODAY).status_code == 200  # 55 minutes after the last request
    with time_machine.travel(start + dt.timedelta(minutes=171), tick=False):
        response = client.get(TODAY)  # 61 minutes after the last request
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={TODAY}"


def test_the_keepalive_renews_the_session(client_for: Callable[[str], Client]) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for("coach")
    with time_machine.travel(start + dt.timedelta(minutes=50), tick=False):
        response = client.post(reverse("session_keepalive"))
        assert response.status_code == 204
        assert response["X-Session-Expires-In"] == "3600"
    with time_machine.travel(start + dt.timedelta(minutes=100), tick=False):
        assert client.get(TODAY).status_code == 200
    anonymous = Client().post(reverse("session_keepalive"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_an_htmx_request_on_an_expired_session_sends_the_whole_page_to_the_login(
    client_for: Callable[[str], Client],
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for("coach")
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        # The fragment URL is not where the person should come back to: the page that sent it is.
        response = client.get(
            TODAY, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/deelnemers/5/?tab=2"},
        )
    assert response.status_code == 200
    assert response.content == b""
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/deelnemers/5/%3Ftab%3D2"
    assert "Location" not in response


def test_logging_in_again_returns_to_the_page(world: World) -> None:
    client = Client()
    response = client.post(f"{reverse('login')}?next={TODAY}",
                           {"username": "coach", "password": PASSWORD, "next": TODAY})
    assert response.status_code == 302 and response["Location"] == TODAY


def test_the_page_tells_the_script_when_the_session_ends(
    client_for: Callable[[str], Client], settings: object,
) -> None:
    settings.SESSION_COOKIE_AGE = 30 * 60  # type: ignore[attr-defined]
    settings.SESSION_WARNING_MINUTES = 5  # type: ignore[attr-defined]
    html = client_for("coach").get(TODAY).content.decode()
    body = re.search(r"<body[^>]*>", html)
    assert body is not None
    assert re.search(r'data-session-timeout="(1799|1800)"', body.group(0))
    assert 'data-session-warning="300"' in body.group(0)
    assert f'data-session-keepalive-url="{reverse("session_keepalive")}"' in body.group(0)
    assert 'src="/static/js/session-timeout.js"' in html
    assert 'role="alertdialog"' in html and "Ingelogd blijven" in html
    # No inline script anywhere: the strict CSP forbids it.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)

    login_page = Client().get(reverse("login")).content.decode()
    assert "data-session-timeout" not in login_page and "session-timeout.js" not in login_page


def test_the_session_is_written_at_most_once_a_minute_and_tells_the_time_left(
    client_for: Callable[[str], Client],
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for("coach")
        client.get(TODAY)
        key = client.session.session_key
        first = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        response = client.get(TODAY)
        assert Session.objects.get(session_key=key).expire_date == first  # no write
        assert response["X-Session-Expires-In"] == str(3600 - 30)
        assert 'data-session-timeout="3570"' in response.content.decode()
    with time_machine.travel(start + dt.timedelta(seconds=90), tick=False):
        response = client.get(TODAY)
        assert Session.objects.get(session_key=key).expire_date == first + dt.timedelta(seconds=90)
        assert response["X-Session-Expires-In"] == "3600"
