"""Organisation settings in the portal: who may use them, the start page, name and logo."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from participants.models import Activity, Location, Municipality, Organisation
from tests.otp import force_login_verified
from tests.personas import PERSONAS, World

MANAGEMENT_PERSONAS = {"coordinator", "admin"}


def settings_pages(world: World) -> list[str]:
    """Every GET page of the settings, with real objects for the detail pages."""
    location, activity = world.location, world.activity
    coach = world.user("coach")
    assert coach is not None
    return [
        reverse("participants:settings"),
        reverse("participants:organisation"),
        reverse("participants:location_list"),
        reverse("participants:location_create"),
        reverse("participants:location_edit", args=[location.pk]),
        reverse("participants:closure_list", args=[location.pk]),
        reverse("participants:activity_list"),
        reverse("participants:activity_create"),
        reverse("participants:activity_edit", args=[activity.pk]),
        reverse("participants:municipality_list"),
        reverse("participants:municipality_create"),
        reverse("participants:municipality_edit", args=[world.municipality_a.pk]),
        reverse("participants:staff_list"),
        reverse("participants:staff_create"),
        reverse("participants:staff_edit", args=[coach.pk]),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_and_admins_can_open_every_settings_page(
    persona: str, world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for(persona)
    for url in settings_pages(world):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        elif persona in MANAGEMENT_PERSONAS:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, (persona, url)
            assert "Je hebt geen toegang tot deze pagina" in response.content.decode()


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in MANAGEMENT_PERSONAS])
def test_other_roles_cannot_change_settings_by_posting(
    persona: str, world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for(persona)
    coach = world.user("coach")
    assert coach is not None
    posts = [
        (reverse("participants:organisation"), {"name": "Overgenomen"}),
        (reverse("participants:location_create"), {"name": "Nieuw", "capacity": "5"}),
        (reverse("participants:location_set_active", args=[world.location.pk]), {"active": "0"}),
        (reverse("participants:closure_add", args=[world.location.pk]), {"date": "2030-01-01"}),
        (reverse("participants:activity_create"), {"name": "Nieuw"}),
        (reverse("participants:activity_set_active", args=[world.activity.pk]), {"active": "0"}),
        (reverse("participants:municipality_create"), {"name": "Nieuw", "cbs_code": "GM0001"}),
        (reverse("participants:municipality_set_active", args=[world.municipality_a.pk]),
         {"active": "0"}),
        (reverse("participants:staff_set_active", args=[coach.pk]), {"active": "0"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        expected = 302 if persona == "anonymous" else 403
        assert response.status_code == expected, (persona, url)
    assert not Organisation.objects.exists()
    assert not Location.objects.filter(name="Nieuw").exists()
    assert not Activity.objects.filter(name="Nieuw").exists()
    assert not Municipality.objects.filter(name="Nieuw").exists()
    world.location.refresh_from_db()
    coach.refresh_from_db()
    assert world.location.is_active and coach.is_active
    assert not world.location.closures.exists()


def test_state_changes_accept_only_post(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("coordinator")
    for url in [
        reverse("participants:location_set_active", args=[world.location.pk]),
        reverse("participants:activity_set_active", args=[world.activity.pk]),
        reverse("participants:closure_add", args=[world.location.pk]),
    ]:
        assert client.get(url).status_code == 405


def test_state_changes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    coordinator = world.user("coordinator")
    assert coordinator is not None
    force_login_verified(client, coordinator)
    response = client.post(
        reverse("participants:location_set_active", args=[world.location.pk]), {"active": "0"}
    )
    assert response.status_code == 403
    world.location.refresh_from_db()
    assert world.location.is_active


def test_settings_start_page_links_every_section_with_short_counts(
    world: World, client_for: Callable[[str], Client]
) -> None:
    Location.objects.create(name="Oude schuur", capacity=5, is_active=False)
    html = client_for("coordinator").get(reverse("participants:settings")).content.decode()
    assert "Instellingen organisatie" in html
    for url_name in ["organisation", "location_list", "activity_list", "municipality_list", "staff_list"]:
        assert f'href="{reverse("participants:" + url_name)}"' in html
    assert "1 actieve locatie, 1 uitgezet" in html
    assert "1 actieve activiteit" in html
    # Aadorp, Beekdal and the two special entries.
    assert "4 gemeenten om uit te kiezen" in html
    # Coordinator, coach, volunteer and the account without a role; not the officers or the admin.
    assert "4 actieve accounts" in html
    assert "Nog niet ingevuld." in html


# --- Name and logo --------------------------------------------------------------------------


def image_bytes(image_format: str, size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 95, 74)).save(buffer, image_format)
    return buffer.getvalue()


def noisy_png_of_about_two_megabytes() -> bytes:
    noise = random.Random(7).randbytes(1000 * 700 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (1000, 700), noise).save(buffer, "PNG")
    return buffer.getvalue()


def test_coordinator_sets_name_and_png_logo_shown_in_the_navbar_and_on_the_login_page(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    logo = SimpleUploadedFile("ons-logo.PNG", image_bytes("PNG"), content_type="image/png")
    response = client.post(
        reverse("participants:organisation"), {"name": "Stichting De Draaischijf", "logo": logo},
        follow=True,
    )
    assert "De gegevens van de organisatie zijn opgeslagen." in response.content.decode()
    organisation = Organisation.objects.get()
    assert organisation.name == "Stichting De Draaischijf"
    assert organisation.logo.name.startswith("organisation/logo")
    assert organisation.logo.name.endswith(".png")

    html = response.content.decode()
    assert 'class="navbar-brand"' in html and "Stichting De Draaischijf</a>" in html
    assert f'src="{reverse("participants:organisation_logo")}?v=' in html

    login_page = Client().get(reverse("login")).content.decode()
    assert "Stichting De Draaischijf" in login_page
    assert reverse("participants:organisation_logo") in login_page

    served = Client().get(reverse("participants:organisation_logo"))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == image_bytes("PNG")  # type: ignore[attr-defined]


def test_a_jpeg_logo_is_served_as_jpeg(world: World, client_for: Callable[[str], Client]) -> None:
    logo = SimpleUploadedFile("logo.jpeg", image_bytes("JPEG"), content_type="image/jpeg")
    client_for("admin").post(reverse("participants:organisation"), {"name": "De Tuin", "logo": logo})
    served = Client().get(reverse("participants:organisation_logo"))
    assert served["Content-Type"] == "image/jpeg"


def test_logo_is_not_found_while_none_is_set(db: None) -> None:
    assert Client().get(reverse("participants:organisation_logo")).status_code == 404
    Organisation.objects.create(name="Zonder logo")
    assert Client().get(reverse("participants:organisation_logo")).status_code == 404


def test_a_text_file_renamed_to_png_is_refused_and_the_name_is_kept(
    world: World, client_for: Callable[[str], Client]
) -> None:
    fake = SimpleUploadedFile("logo.png", b"Dit is geen plaatje.\n", content_type="image/png")
    response = client_for("coordinator").post(
        reverse("participants:organisation"), {"name": "Stichting Getypt", "logo": fake}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het logo moet een PNG- of JPEG-afbeelding zijn. Dit bestand is dat niet." in html
    assert 'value="Stichting Getypt"' in html
    assert not Organisation.objects.exists()


def test_a_gif_is_refused_even_with_a_png_name(world: World, client_for: Callable[[str], Client]) -> None:
    gif = SimpleUploadedFile("logo.png", image_bytes("GIF"), content_type="image/png")
    response = client_for("coordinator").post(
        reverse("participants:organisation"), {"name": "Stichting Gif", "logo": gif}
    )
    assert "moet een PNG- of JPEG-afbeelding zijn" in response.content.decode()


def test_a_logo_over_one_megabyte_is_refused(world: World, client_for: Callable[[str], Client]) -> None:
    content = noisy_png_of_about_two_megabytes()
    assert len(content) > 2 * 1000 * 1000
    big = SimpleUploadedFile("groot.png", content, content_type="image/png")
    response = client_for("coordinator").post(
        reverse("participants:organisation"), {"name": "Stichting Groot", "logo": big}
    )
    html = response.content.decode()
    assert "Het logo mag maximaal 1 MB zijn; dit bestand is 2,0" in html
    assert 'value="Stichting Groot"' in html
    assert not Organisation.objects.exists()


def test_a_name_of_300_characters_is_refused_with_a_dutch_message(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("coordinator").post(reverse("participants:organisation"), {"name": "x" * 300})
    html = response.content.decode()
    assert "Zorg dat deze waarde niet meer dan 200 tekens bevat (het zijn er nu 300)." in html
    assert f'value="{"x" * 300}"' in html


def test_replacing_and_removing_the_logo(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("coordinator")
    url = reverse("participants:organisation")
    client.post(url, {"name": "Org", "logo": SimpleUploadedFile("a.png", image_bytes("PNG"))})
    client.post(url, {"name": "Org", "logo": SimpleUploadedFile("b.jpg", image_bytes("JPEG"))})
    assert Organisation.objects.get().logo.name.endswith(".jpg")
    assert "Huidige logo verwijderen" in client.get(url).content.decode()

    client.post(url, {"name": "Org", "remove_logo": "on"})
    assert not Organisation.objects.get().logo
    assert Client().get(reverse("participants:organisation_logo")).status_code == 404


def test_the_context_processor_reads_the_organisation_at_most_once_per_request(
    world: World, client_for: Callable[[str], Client]
) -> None:
    Organisation.objects.create(name="Een keer")
    client = client_for("coach")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("password_change")).content.decode()
    assert "Een keer" in html
    organisation_reads = [q for q in queries.captured_queries if "participants_organisation" in q["sql"]]
    assert len(organisation_reads) == 1



def test_a_replaced_logo_file_is_deleted_from_private_storage_after_commit(
    world: World, client_for: Callable[[str], Client], settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for("coordinator")
    url = reverse("participants:organisation")
    client.post(url, {"name": "Org", "logo": SimpleUploadedFile("a.png", image_bytes("PNG"))})
    first = Path(settings.MEDIA_ROOT) / Organisation.objects.get().logo.name
    assert first.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "Org", "logo": SimpleUploadedFile("b.png", image_bytes("PNG", (8, 8)))})
    second = Path(settings.MEDIA_ROOT) / Organisation.objects.get().logo.name
    assert second.is_file() and second != first
    assert not first.exists()
