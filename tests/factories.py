"""factory_boy factories for the domain. Names are fictional."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from participants.constants import Dagdeel, IndicatieCategory, MunicipalityKind
from participants.models import (
    Activity,
    Location,
    LocationOpening,
    Municipality,
    Participant,
    Visit,
)
from reporting.constants import FunderKind
from reporting.models import Funder, OfficerAssignment
from voorveld.constants import Role
from voorveld.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)
    role = Role.COACH

    class Params:
        no_role = factory.Trait(role="")
        volunteer = factory.Trait(role=Role.VOLUNTEER)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        officer = factory.Trait(role=Role.OFFICER)
        admin = factory.Trait(role=Role.ADMIN, is_staff=True, is_superuser=True)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    # GM + four digits, fictional: GM9000-GM9899, wrapping round (a test session makes more than 900
    # and only each test's rows are rolled back, not the counter); tests name GM99xx themselves.
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 900:04d}")
    kind = MunicipalityKind.REGULAR


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Werkplaats {n}")
    address = "Voorbeeldstraat 1"
    capacity = 20

    @factory.post_generation
    def open_every_weekday(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            LocationOpening.objects.bulk_create(
                [
                    LocationOpening(location=self, weekday=day, dagdeel=dagdeel)
                    for day in range(5)
                    for dagdeel in (Dagdeel.MORNING, Dagdeel.AFTERNOON)
                ],
                ignore_conflicts=True,
            )


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Activiteit {n}")


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    birth_year = 1985
    municipality = factory.SubFactory(MunicipalityFactory)
    indicatie_category = IndicatieCategory.NONE


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    participant = factory.SubFactory(ParticipantFactory)
    date = factory.LazyFunction(dt.date.today)
    dagdeel = Dagdeel.MORNING
    location = factory.SubFactory(LocationFactory)
    activity = factory.SubFactory(ActivityFactory)
    municipality = factory.LazyAttribute(lambda v: v.participant.municipality)
    indicatie_category = factory.LazyAttribute(lambda v: v.participant.indicatie_category)


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ("name",)

    name = factory.LazyAttribute(lambda f: f.municipality.name if f.municipality else "Fonds")
    kind = FunderKind.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    cbs_code = factory.LazyAttribute(lambda f: f.municipality.cbs_code if f.municipality else "")


class OfficerAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = OfficerAssignment

    user = factory.SubFactory(UserFactory, officer=True)
    funder = factory.SubFactory(FunderFactory)


class ConversationFactory(DjangoModelFactory):
    """A dated kennismaking on the participant's timeline (tags: pass Tag objects to talents/interests)."""

    class Meta:
        model = "participants.Conversation"
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    held_on = factory.LazyFunction(dt.date.today)
    kind = "kennismaking"
    wishes = "Iets met hout maken"
    next_step = ""
    notes = ""

    @factory.post_generation
    def talents(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.talents.set(extracted)

    @factory.post_generation
    def interests(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.interests.set(extracted)
