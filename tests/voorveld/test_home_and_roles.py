from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import PERSONAS

# Where each persona lands after login, and a Dutch phrase its start page shows.
HOME = {
    "no_role": (None, "Je account heeft nog geen rol"),
    "volunteer": ("intake:today", "Vandaag"),
    "coach": ("intake:today", "Vandaag"),
    "coordinator": ("participants:dashboard", "Overzicht"),
    "admin": ("participants:dashboard", "Overzicht"),
    "officer_a": ("reporting:officer_home", "Rapportages voor Gemeente Aadorp"),
    "officer_b": ("reporting:officer_home", "Rapportages voor Gemeente Beekdal"),
}


def test_anonymous_home_redirects_to_login(client_for: Callable[[str], Client]) -> None:
    response = client_for("anonymous").get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_each_persona_lands_on_its_own_dutch_home(
    persona: str, client_for: Callable[[str], Client]
) -> None:
    target, phrase = HOME[persona]
    response = client_for(persona).get("/", follow=True)
    assert response.status_code == 200
    if target:
        assert response.redirect_chain[-1][0] == reverse(target)
    assert phrase in response.content.decode()
    assert 'lang="nl"' in response.content.decode()


# Who may open which start page (the full rules: tests/test_permission_matrix.py); the navigation
# shows each role exactly these links.
ALLOWED = {
    "intake:today": {"volunteer", "coach", "coordinator", "admin"},
    "participants:dashboard": {"coordinator", "admin"},
    "participants:settings": {"coordinator", "admin"},
    "participants:overview": {"coordinator", "admin"},
    "participants:my_volunteering": {"volunteer"},
    "reporting:officer_home": {"officer_a", "officer_b"},
    "reporting:arrangement_list": {"coordinator", "admin"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_navigation_shows_each_role_only_what_it_may_use(
    persona: str, client_for: Callable[[str], Client]
) -> None:
    client = client_for(persona)
    page = client.get(reverse("password_change") if persona != "anonymous" else reverse("login"))
    html = page.content.decode()
    for url_name, allowed in ALLOWED.items():
        link = f'href="{reverse(url_name)}"'
        assert (link in html) == (persona in allowed), (persona, url_name)


def test_login_page_is_dutch_and_logs_in(client: Client, world: object) -> None:
    page = client.get(reverse("login"))
    assert "Inloggen bij Voorveld" in page.content.decode()
    response = client.post(
        reverse("login"), {"username": "coach", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] == reverse("intake:today")


def test_wrong_password_shows_a_dutch_message(client: Client, world: object) -> None:
    response = client.post(reverse("login"), {"username": "coach", "password": "fout"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_english_is_available_as_second_language(client_for: Callable[[str], Client]) -> None:
    client = client_for("coach")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Today" in client.get(reverse("intake:today")).content.decode()


def test_unknown_page_gets_a_friendly_404(client_for: Callable[[str], Client]) -> None:
    response = client_for("coach").get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_portal_is_dutch_even_when_the_browser_asks_for_english(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for("coach")
    page = client.get(reverse("intake:today"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Vandaag" in page.content.decode()
    assert page["Content-Language"] == "nl"
