"""The one canonical persona set every access test uses."""

from __future__ import annotations

from dataclasses import dataclass

from participants.models import Activity, Location, Municipality
from reporting.models import Funder
from tests.factories import (
    ActivityFactory,
    FunderFactory,
    LocationFactory,
    MunicipalityFactory,
    OfficerAssignmentFactory,
    UserFactory,
)
from voorveld.models import User

PERSONAS: tuple[str, ...] = (
    "anonymous",
    "no_role",
    "volunteer",
    "coach",
    "coordinator",
    "officer_a",
    "officer_b",
    "admin",
)


@dataclass
class World:
    """A small organisation: gemeente A and B, one location, one activity, and one user per persona."""

    municipality_a: Municipality
    municipality_b: Municipality
    funder_a: Funder
    funder_b: Funder
    location: Location
    activity: Activity
    users: dict[str, User]

    def user(self, persona: str) -> User | None:
        return self.users.get(persona)


def build_world() -> World:
    municipality_a = MunicipalityFactory(name="Gemeente Aadorp", cbs_code="GM9901")
    municipality_b = MunicipalityFactory(name="Gemeente Beekdal", cbs_code="GM9902")
    funder_a = FunderFactory(municipality=municipality_a)
    funder_b = FunderFactory(municipality=municipality_b)
    location = LocationFactory(name="De Werkplaats")
    activity = ActivityFactory(name="Houtwerk")
    volunteer = UserFactory(username="volunteer", volunteer=True)
    coach = UserFactory(username="coach")
    location.staff.add(volunteer, coach)
    users = {
        "no_role": UserFactory(username="norole", no_role=True),
        "volunteer": volunteer,
        "coach": coach,
        "coordinator": UserFactory(username="coordinator", coordinator=True),
        "officer_a": OfficerAssignmentFactory(
            user__username="officer_a", funder=funder_a
        ).user,
        "officer_b": OfficerAssignmentFactory(
            user__username="officer_b", funder=funder_b
        ).user,
        "admin": UserFactory(username="admin", admin=True),
    }
    return World(municipality_a, municipality_b, funder_a, funder_b, location, activity, users)
