"""Login protection: django-axes locks the pair of username and client address after too many wrong
passwords, on the real login form and the real database; forged X-Forwarded-For headers change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from voorveld.models import User

LOGIN = reverse("login")
IP_A = "203.0.113.10"
IP_B = "198.51.100.20"


@pytest.fixture
def coach(db: None) -> User:
    return UserFactory(username="x.coach")


@pytest.fixture
def colleague(db: None) -> User:
    return UserFactory(username="y.coach")


def attempt(username: str, password: str, *, ip: str, forwarded: str | None = None) -> tuple[int, str]:
    headers = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    response = Client(**headers).post(LOGIN, {"username": username, "password": password})
    return response.status_code, response.content.decode()


def fail_five_times(username: str, *, ip: str, forwarded: str | None = None) -> None:
    for _ in range(5):
        status, _html = attempt(username, "wrong-password-123", ip=ip, forwarded=forwarded)
        assert status in (200, 429)


def test_five_wrong_passwords_lock_that_username_from_that_address(coach: User) -> None:
    for number in range(4):
        status, html = attempt("x.coach", "wrong-password-123", ip=IP_A)
        assert status == 200, number
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in html
    status, html = attempt("x.coach", "wrong-password-123", ip=IP_A)
    assert status == 429
    assert "Te vaak een verkeerd wachtwoord" in html

    # Now even the right password is refused, with the Dutch lockout page and status 429.
    status, html = attempt("x.coach", PASSWORD, ip=IP_A)
    assert status == 429
    assert "15 minuten" in html
    assert AccessAttempt.objects.filter(username="x.coach", ip_address=IP_A).exists()


def test_a_colleague_on_the_same_address_still_logs_in(coach: User, colleague: User) -> None:
    fail_five_times("x.coach", ip=IP_A)
    status, _html = attempt("y.coach", PASSWORD, ip=IP_A)
    assert status == 302


def test_the_same_username_from_another_address_still_logs_in(coach: User) -> None:
    # The lock is on the pair: the person at home (or a colleague's phone) is not locked out by someone
    # guessing at the workshop. Guessing from many addresses is slowed by the password rules and 2FA.
    fail_five_times("x.coach", ip=IP_A)
    status, _html = attempt("x.coach", PASSWORD, ip=IP_B)
    assert status == 302


def test_a_forged_x_forwarded_for_does_not_reset_the_lock_without_a_proxy(
    coach: User, settings: object
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0  # type: ignore[attr-defined]
    fail_five_times("x.coach", ip=IP_A, forwarded="10.0.0.1")
    for forged in ("10.0.0.2", IP_B, "1.2.3.4, 5.6.7.8"):
        status, html = attempt("x.coach", PASSWORD, ip=IP_A, forwarded=forged)
        assert status == 429, forged
        assert "Te vaak een verkeerd wachtwoord" in html


def test_behind_one_proxy_only_the_address_the_proxy_added_counts(coach: User, settings: object) -> None:
    settings.TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    proxy = "127.0.0.1"
    # The proxy appends the real client address (IP_A) to whatever the client sent.
    fail_five_times("x.coach", ip=proxy, forwarded=f"10.0.0.1, {IP_A}")
    for forged in ("10.0.0.2", IP_B, "1.2.3.4, 5.6.7.8"):
        status, _html = attempt("x.coach", PASSWORD, ip=proxy, forwarded=f"{forged}, {IP_A}")
        assert status == 429, forged
    # Someone really at another address gets in.
    status, _html = attempt("x.coach", PASSWORD, ip=proxy, forwarded=IP_B)
    assert status == 302


def test_the_lock_ends_after_the_cool_off(coach: User) -> None:
    fail_five_times("x.coach", ip=IP_A)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        status, _html = attempt("x.coach", PASSWORD, ip=IP_A)
    assert status == 302


def test_a_successful_login_resets_the_counter(coach: User) -> None:
    for _ in range(4):
        attempt("x.coach", "wrong-password-123", ip=IP_A)
    assert attempt("x.coach", PASSWORD, ip=IP_A)[0] == 302
    for _ in range(4):
        assert attempt("x.coach", "wrong-password-123", ip=IP_A)[0] == 200


def test_an_unknown_username_gets_the_same_lockout_as_a_real_one(db: None) -> None:
    fail_five_times("nobody-here", ip=IP_A)
    status, html = attempt("nobody-here", "anything-at-all", ip=IP_A)
    assert status == 429
    assert "Te vaak een verkeerd wachtwoord" in html
