"""Form pieces shared by the apps that create staff accounts (participants: coaches, coordinators,
volunteers; reporting: officers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from voorveld.models import User


class NewAccountForm(forms.Form):
    """A username and an initial password, checked against the project's password rules and
    against the typed name and e-mail, so the password does not resemble them."""

    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
        help_text=_("Used to log in. Letters, digits and @ . + - _ only."),
    )
    password = forms.CharField(
        label=_("Initial password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request, so the rules are listed in the language of the page.
        self.fields["password"].help_text = format_lazy(
            "{} {}", _("Pass it on to the person in a safe way; they can change it after logging in."),
            password_validation.password_validators_help_text_html(),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(
                username=cleaned.get("username", ""), first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""), email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned
