"""The password rules (AUTH_PASSWORD_VALIDATORS) that every new or changed password must pass."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import UserFactory
from voorveld.models import User


@pytest.fixture
def user(db: None) -> User:
    return UserFactory(username="marieke.veldkamp", first_name="Marieke", last_name="Veldkamp")


def reasons(password: str, user: User) -> list[str]:
    with translation.override("nl"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return list(error.messages)
    return []


def test_a_long_uncommon_password_passes(user: User) -> None:
    assert reasons("tulpen-in-de-zomer", user) == []


@pytest.mark.parametrize(("password", "reason"), [
    ("fiets-regen1", None),  # exactly 12: allowed
    ("fietsregen1", "minstens 12 tekens"),
    ("480219375610", "alleen cijfers"),
    ("password1234", "te algemeen"),
    ("marieke.veldkamp", "lijkt te veel op"),
])
def test_short_numeric_common_or_personal_passwords_are_refused(
    user: User, password: str, reason: str | None
) -> None:
    got = reasons(password, user)
    if reason is None:
        assert got == []
    else:
        assert any(reason in message for message in got), got
