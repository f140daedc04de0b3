from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from voorveld.errors import server_error

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    """A strict Content-Security-Policy without 'unsafe-inline' must stay possible."""
    offenders = [
        str(path.relative_to(TEMPLATE_DIR))
        for path in TEMPLATE_DIR.rglob("*.html")
        if INLINE_SCRIPT.search(path.read_text()) or INLINE_HANDLER.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("persona", ["anonymous", "coach", "coordinator", "officer_a"])
def test_pages_load_assets_only_from_our_own_static_files(
    persona: str, client_for: Callable[[str], Client]
) -> None:
    html = client_for(persona).get(reverse("login"), follow=True).content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http://", "https://", "//")), url


def test_server_error_page_is_friendly_and_dutch() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.django_db
def test_check_services_explains_unreachable_redis(settings: object) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="Redis is not reachable at redis://127.0.0.1:1/0"):
        call_command("check_services", wait=0)
