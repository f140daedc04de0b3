"""Fictional demo data for the participants side: organisation, locations, activities, gemeenten,
staff accounts, ~120 participants and a year of irregular attendance.

Everything comes from one ``random.Random`` and dates relative to ``today``, so the same seed and the
same ``today`` give the same data. Nothing here is about real people. Funders and officer accounts are
added by ``reporting.demo`` (this app imports no other domain app).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db.models import Case, DateTimeField, DurationField, ExpressionWrapper, F, Value, When
from django.db.models.functions import Cast, Mod

from participants.constants import (
    Dagdeel,
    IndicatieCategory,
    MunicipalityKind,
    ParticipantStatus,
    ReferralSource,
)
from participants.demo_door import seed_door_demo
from participants.demo_progress import seed_progress_demo
from participants.models import (
    Activity,
    AnonymousVisitCount,
    Location,
    LocationClosure,
    LocationOpening,
    Municipality,
    Organisation,
    Participant,
    Visit,
)
from voorveld.constants import Role
from voorveld.models import User

DEMO_SEED = 20261122
DEMO_PASSWORD = "voorveld-demo"  # noqa: S105 - fictional demo accounts, printed on purpose
DEMO_ORGANISATION = "Stichting De Voorveldwerkplaats"
PARTICIPANT_COUNT = 120
WINDOW_DAYS = 364
"""A year of attendance: from ``today - WINDOW_DAYS`` up to and including ``today``."""

WERKPLAATS = "De Werkplaats"
TUIN = "De Tuin"

# (name, CBS code): three neighbouring gemeenten in Zuidwest-Drenthe (public names and codes).
DEMO_MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    ("Meppel", "GM0119"),
    ("Westerveld", "GM1701"),
    ("De Wolden", "GM1690"),
)
SPECIAL_MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    (MunicipalityKind.OTHER, "Andere gemeente"),
    (MunicipalityKind.UNKNOWN, "Onbekend / geen vaste woonplaats"),
)

ACTIVITIES = ("Houtwerk", "Naaiatelier", "Moestuin", "Computerles", "Fietsenmaken", "Eetcafé")
LOCATION_ACTIVITIES: dict[str, tuple[str, ...]] = {
    WERKPLAATS: ("Houtwerk", "Naaiatelier", "Computerles", "Fietsenmaken", "Eetcafé"),
    TUIN: ("Moestuin",),
}
USUAL_WEIGHT = {
    "Houtwerk": 30, "Naaiatelier": 20, "Computerles": 15, "Fietsenmaken": 20, "Eetcafé": 10, "Moestuin": 1,
}


@dataclass(frozen=True)
class _LocationSpec:
    name: str
    address: str
    capacity: int
    openings: tuple[tuple[int, str], ...]  # (weekday Monday=0, dagdeel)


_MORNING, _AFTERNOON = Dagdeel.MORNING.value, Dagdeel.AFTERNOON.value
LOCATIONS: tuple[_LocationSpec, ...] = (
    _LocationSpec(
        WERKPLAATS, "Voorbeeldweg 12, Meppel", 20,
        tuple((day, part) for day in range(5) for part in (_MORNING, _AFTERNOON)),
    ),
    _LocationSpec(TUIN, "Proeftuinpad 3, Havelte", 12, ((1, _MORNING), (3, _MORNING), (5, _MORNING))),
)

# Fictional names: common Dutch (and Dutch-resident) first and last names, combined at random.
FIRST_NAMES = (
    "Anouk", "Bram", "Charlotte", "Daan", "Esra", "Femke", "Gerrit", "Hanna", "Ilse", "Jesse",
    "Kees", "Lotte", "Mohamed", "Noor", "Okke", "Pim", "Quinten", "Roos", "Sem", "Tamara",
    "Ugur", "Vera", "Wout", "Yara", "Zeynep", "Annet", "Bas", "Cor", "Dewi", "Evert",
    "Fatima", "Gijs", "Harm", "Inge", "Jan", "Karin", "Lars", "Mirjam", "Nadia", "Otto",
    "Priya", "Rik", "Sietske", "Thijs", "Wilma", "Youssef", "Anja", "Berend", "Chantal", "Dirk",
    "Elif", "Frank", "Geesje", "Henk", "Ivo", "Jolanda", "Koen", "Lieke", "Marco", "Nienke",
    "Rachid", "Sanne", "Tom", "Wendy", "Hendrik", "Aaltje", "Jeroen", "Marloes", "Stijn", "Kim",
)
LAST_NAMES = (
    "Akkerman", "Bakker", "Boer", "Bos", "Brink", "Dekker", "Dijkstra", "Hoekstra", "Hofman",
    "Huisman", "Jansen", "Kamphuis", "Kok", "Kramer", "Lubbers", "Meijer", "Mulder", "Nijland",
    "Oosting", "Postma", "Prins", "Roelofs", "Schipper", "Smit", "Snijder", "Stam", "Timmerman",
    "Veenstra", "Visser", "Vos", "Wever", "Wolters", "Zijlstra", "van Dam", "van der Veen",
    "de Vries", "de Jong", "Yılmaz", "El Amrani", "Nguyen", "Kaya", "Bouzid", "Haddou",
)
NICKNAMES = ("Mo", "Sjonnie", "Bo", "Kiki", "Tinus", "Rambo", "Juul", "Fleur", "Dré", "Sjaak")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    sees: str
    first_name: str = ""
    last_name: str = ""
    locations: tuple[str, ...] = ()
    is_admin: bool = False


STAFF_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "coordinator", Role.COORDINATOR, "everything of the organisation: participants, settings, reports",
        "Marieke", "Veldkamp",
    ),
    DemoAccount(
        "coach", Role.COACH, "participants, attendance and notes of De Werkplaats",
        "Joris", "Timmer", (WERKPLAATS,),
    ),
    DemoAccount(
        "coach.tuin", Role.COACH, "participants, attendance and notes of De Tuin",
        "Sanne", "Akkerboom", (TUIN,),
    ),
    DemoAccount(
        "volunteer", Role.VOLUNTEER, "the attendance board of De Werkplaats; no sensitive notes",
        "Ruben", "Schaaf", (WERKPLAATS,),
    ),
    DemoAccount(
        "admin", Role.ADMIN, "everything, plus the Django admin", "Alex", "Beheer", is_admin=True,
    ),
)


@dataclass(frozen=True)
class DemoPassword:
    """The one password of every demo account, hashed once: hashing is slow on purpose."""

    raw: str
    encoded: str

    @classmethod
    def make(cls, raw: str = DEMO_PASSWORD) -> DemoPassword:
        return cls(raw=raw, encoded=make_password(raw))


def demo_user_upsert(*, account: DemoAccount, password: DemoPassword) -> User:
    """Create or reset one demo account; the password must pass AUTH_PASSWORD_VALIDATORS."""
    user, _ = User.objects.update_or_create(
        username=account.username,
        defaults={
            "role": account.role,
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": f"{account.username}@example.org",
            "is_active": True,
            "is_staff": account.is_admin,
            "is_superuser": account.is_admin,
        },
    )
    validate_password(password.raw, user)
    user.password = password.encoded
    user.save(update_fields=["password"])
    return user


def demo_data_present() -> bool:
    """Whether the database already holds people: then the demo must not be loaded on top."""
    return Participant.objects.exists() or User.objects.exists()


@dataclass
class DemoParticipantsResult:
    organisation: Organisation
    locations: dict[str, Location]
    activities: dict[str, Activity]
    municipalities: list[Municipality]
    """The three regular gemeenten, in the order of DEMO_MUNICIPALITIES."""
    participants: int
    visits: int
    closures: int
    accounts: list[DemoAccount]


def seed_participants_demo(
    *, rng: random.Random, today: dt.date, password: DemoPassword | None = None
) -> DemoParticipantsResult:
    """Load (or reset) the demo organisation and replace all participants by the demo participants.

    Call inside a transaction. Fixed entities are matched by name, so running it again resets them.
    """
    password = password or DemoPassword.make()
    organisation, _ = Organisation.objects.update_or_create(
        singleton=True, defaults={"name": DEMO_ORGANISATION}
    )
    municipalities = [
        Municipality.objects.update_or_create(
            cbs_code=code, defaults={"name": name, "kind": MunicipalityKind.REGULAR, "is_active": True}
        )[0]
        for name, code in DEMO_MUNICIPALITIES
    ]
    specials = {
        kind: Municipality.objects.get_or_create(kind=kind, defaults={"name": name})[0]
        for kind, name in SPECIAL_MUNICIPALITIES
    }
    activities = {name: _activity_upsert(name) for name in ACTIVITIES}
    locations: dict[str, Location] = {}
    closures = 0
    for spec in LOCATIONS:
        location, _ = Location.objects.update_or_create(
            name=spec.name, defaults={"address": spec.address, "capacity": spec.capacity, "is_active": True}
        )
        location.openings.all().delete()
        LocationOpening.objects.bulk_create(
            LocationOpening(location=location, weekday=day, dagdeel=part) for day, part in spec.openings
        )
        location.closures.all().delete()
        closures += len(
            LocationClosure.objects.bulk_create(
                LocationClosure(location=location, date=date, reason=reason)
                for date, reason in _closures_for(spec, today)
            )
        )
        locations[spec.name] = location

    users = {account.username: demo_user_upsert(account=account, password=password)
             for account in STAFF_ACCOUNTS}
    for account in STAFF_ACCOUNTS:
        for name in account.locations:
            locations[name].staff.add(users[account.username])

    # The demo replaces every participant (and with them their visits).
    Participant.objects.all().delete()
    staff = {name: [users[a.username] for a in STAFF_ACCOUNTS if name in a.locations] for name in locations}
    simulation = _Simulation(
        rng=rng, today=today, locations=locations, activities=activities,
        municipalities=municipalities, specials=specials, staff=staff,
        coordinator=users["coordinator"],
    )
    participant_count, visit_count = simulation.run()
    # The door's own demo data needs the visits: kennismaking entries and anonymous visitors.
    AnonymousVisitCount.objects.filter(location__in=locations.values()).delete()
    seed_door_demo(rng=rng, today=today, locations=locations, staff=staff)
    seed_progress_demo(rng=rng, today=today, users=users)
    return DemoParticipantsResult(
        organisation=organisation, locations=locations, activities=activities,
        municipalities=municipalities, participants=participant_count, visits=visit_count,
        closures=closures, accounts=list(STAFF_ACCOUNTS),
    )


def _activity_upsert(name: str) -> Activity:
    activity = Activity.objects.filter(name__iexact=name).first()
    if activity is None:
        return Activity.objects.create(name=name)
    activity.name, activity.is_active = name, True
    activity.save(update_fields=["name", "is_active"])
    return activity


def _easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _days(start: dt.date, count: int) -> Iterator[dt.date]:
    return (start + dt.timedelta(days=n) for n in range(count))


def _closures_for(spec: _LocationSpec, today: dt.date) -> list[tuple[dt.date, str]]:
    """Holidays from the start of the demo year until a year ahead, on days the location opens."""
    wanted: dict[dt.date, str] = {}
    for year in range(today.year - 1, today.year + 2):
        for day in _days(dt.date(year, 12, 24), 9):  # 24 December up to and including 1 January
            wanted[day] = "Kerstsluiting"
        kings_day = dt.date(year, 4, 27)
        wanted[kings_day - dt.timedelta(days=1) if kings_day.weekday() == 6 else kings_day] = "Koningsdag"
        wanted[_easter(year) + dt.timedelta(days=1)] = "Tweede paasdag"
        wanted[_easter(year) + dt.timedelta(days=39)] = "Hemelvaartsdag"
        if spec.name == WERKPLAATS:
            # Two weeks in summer for maintenance of the machines, starting the last Monday of July.
            start = dt.date(year, 7, 31) - dt.timedelta(days=dt.date(year, 7, 31).weekday())
            for day in _days(start, 12):
                wanted[day] = "Zomersluiting (onderhoud machines)"
    open_days = {day for day, _ in spec.openings}
    first, last = today - dt.timedelta(days=WINDOW_DAYS), today + dt.timedelta(days=365)
    return sorted(
        (day, reason) for day, reason in wanted.items() if first <= day <= last and day.weekday() in open_days
    )


@dataclass
class _Plan:
    """How one fictional participant comes: their usual dagdelen, how often, from when until when."""

    participant: Participant
    location: str
    slots: frozenset[tuple[int, str]]
    chance: float
    extra_chance: float
    start: dt.date
    end: dt.date
    breaks: list[tuple[dt.date, dt.date]]
    previous_municipality: Municipality | None = None
    previous_indicatie: str | None = None
    change_on: dt.date | None = None
    first_visit: dt.date | None = None


@dataclass
class _Simulation:
    rng: random.Random
    today: dt.date
    locations: dict[str, Location]
    activities: dict[str, Activity]
    municipalities: Sequence[Municipality]
    specials: dict[str, Municipality]
    staff: dict[str, list[User]]
    coordinator: User

    def run(self) -> tuple[int, int]:
        plans = [self._plan(n) for n in range(PARTICIPANT_COUNT)]
        Participant.objects.bulk_create([plan.participant for plan in plans])
        visits = self._visits(plans)
        Visit.objects.bulk_create(visits, batch_size=2000)
        self._backdate(plans)
        return len(plans), len(visits)

    # --- who the participants are -------------------------------------------------------------

    def _plan(self, index: int) -> _Plan:
        rng, today = self.rng, self.today
        window_start = today - dt.timedelta(days=WINDOW_DAYS)
        location = WERKPLAATS if index % 5 else TUIN  # 96 at De Werkplaats, 24 in De Tuin
        spec = next(s for s in LOCATIONS if s.name == location)

        kind = rng.choices(
            ["regular", "low", "frequent", "stopper", "late", "newcomer"], weights=[46, 15, 6, 15, 14, 4]
        )[0]
        slot_count = {"low": rng.choice([1, 2]), "frequent": rng.choice([3, 4])}.get(
            kind, rng.choices([1, 2, 3], weights=[40, 55, 5])[0]
        )
        slots = frozenset(rng.sample(spec.openings, min(slot_count, len(spec.openings))))
        # "Three times out of ten" is a good result for someone who finds leaving the house hard.
        chance = rng.uniform(0.25, 0.4) if kind == "low" else rng.uniform(0.7, 0.95)

        if kind == "late":
            start = window_start + dt.timedelta(days=rng.randint(40, WINDOW_DAYS - 30))
        elif kind == "newcomer":
            start = today - dt.timedelta(days=rng.randint(3, 25))
        else:
            start = window_start + dt.timedelta(days=rng.randint(0, 13))
        end = today
        if kind == "stopper":
            end = min(today, start + dt.timedelta(weeks=rng.randint(6, 26)))
        breaks = []
        for _ in range(rng.choice([0, 1, 1, 2])):  # holidays, illness, a difficult period
            first = window_start + dt.timedelta(days=rng.randint(0, WINDOW_DAYS))
            breaks.append((first, first + dt.timedelta(days=rng.randint(7, 24))))

        municipality = self._municipality(location)
        age = rng.choices(
            [rng.randint(14, 17), rng.randint(18, 27), rng.randint(28, 45), rng.randint(46, 67),
             rng.randint(68, 80), None],
            weights=[8, 20, 30, 25, 7, 10],
        )[0]
        indicatie = rng.choices(
            [IndicatieCategory.NONE, IndicatieCategory.WMO, IndicatieCategory.PARTICIPATIEWET,
             IndicatieCategory.UNKNOWN,
             IndicatieCategory.JEUGDWET if age and age < 18 else IndicatieCategory.WMO],
            weights=[80, 8, 6, 4, 2],
        )[0]
        referral = rng.choices(
            [ReferralSource.SELF, ReferralSource.WORD_OF_MOUTH, ReferralSource.WIJKTEAM, ReferralSource.GP,
             ReferralSource.SOCIAL_SERVICES, ReferralSource.GGZ,
             ReferralSource.SCHOOL if age and age < 23 else ReferralSource.OTHER, ""],
            weights=[22, 20, 20, 10, 10, 8, 5, 5],
        )[0]
        activities = LOCATION_ACTIVITIES[location]
        usual: str | None = rng.choices(activities, [USUAL_WEIGHT[a] for a in activities])[0]
        if rng.random() < 0.1:
            usual = None

        # Most give a first and last name; some only a nickname, which is enough at the door.
        first_name, nickname, last_name = rng.choice(FIRST_NAMES), "", rng.choice(LAST_NAMES)
        name_kind = rng.random()
        if name_kind < 0.1:
            first_name, nickname, last_name = "", rng.choice(NICKNAMES), ""
        elif name_kind < 0.15:
            nickname = rng.choice(NICKNAMES)
        participant = Participant(
            pseudonym=uuid.UUID(int=rng.getrandbits(128), version=4),
            first_name=first_name,
            nickname=nickname,
            last_name=last_name,
            # One year back so the careful reading of a birth year (birthday not yet reached) gives `age`.
            birth_year=today.year - age - 1 if age is not None else None,
            municipality=municipality,
            indicatie_category=indicatie,
            referral_source=referral,
            usual_activity=self.activities[usual] if usual else None,
            status=ParticipantStatus.ACTIVE,
            registered_by=self.rng.choice(self.staff[location] or [self.coordinator]),
        )
        plan = _Plan(
            participant=participant, location=location, slots=slots, chance=chance,
            extra_chance=rng.uniform(0.0, 0.05), start=start, end=end, breaks=breaks,
        )
        if kind == "stopper" and rng.random() < 0.4:
            participant.status = ParticipantStatus.OUTFLOWED
        # A few moved house or got an indicatie during the year: visits keep what was true then.
        if rng.random() < 0.05:
            plan.change_on = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
            if rng.random() < 0.5:
                elsewhere = [m for m in self.municipalities if m != municipality]
                plan.previous_municipality = rng.choice([*elsewhere, self.specials[MunicipalityKind.UNKNOWN]])
            else:
                plan.previous_indicatie = IndicatieCategory.NONE
                participant.indicatie_category = IndicatieCategory.WMO
        return plan

    def _municipality(self, location: str) -> Municipality:
        meppel, westerveld, de_wolden = self.municipalities
        weights = [60, 15, 15, 5, 5] if location == WERKPLAATS else [30, 40, 20, 5, 5]
        return self.rng.choices(
            [meppel, westerveld, de_wolden, self.specials[MunicipalityKind.OTHER],
             self.specials[MunicipalityKind.UNKNOWN]],
            weights=weights,
        )[0]

    # --- when they come -----------------------------------------------------------------------

    def _visits(self, plans: list[_Plan]) -> list[Visit]:
        rng, today = self.rng, self.today
        window_start = today - dt.timedelta(days=WINDOW_DAYS)
        openings = {spec.name: spec.openings for spec in LOCATIONS}
        closed = {
            (closure.location.name, closure.date)
            for closure in LocationClosure.objects.filter(location__in=self.locations.values())
            .select_related("location")
        }
        visits: list[Visit] = []
        order = list(plans)
        for day in _days(window_start, WINDOW_DAYS + 1):
            rng.shuffle(order)  # who arrives first when a dagdeel fills up differs per day
            taken: Counter[tuple[str, str]] = Counter()
            for plan in order:
                if not plan.start <= day <= plan.end or any(a <= day <= b for a, b in plan.breaks):
                    continue
                if (plan.location, day) in closed:
                    continue
                for weekday, part in openings[plan.location]:
                    if weekday != day.weekday():
                        continue
                    if day == today and part != _MORNING:
                        continue  # the demo is loaded during the day: this afternoon has not happened
                    usual = (weekday, part) in plan.slots
                    # The first open dagdeel from their start is when they walked in and were registered.
                    comes = plan.first_visit is None or rng.random() < (
                        plan.chance if usual else plan.extra_chance
                    )
                    if not comes or taken[(plan.location, part)] >= self.locations[plan.location].capacity:
                        continue
                    taken[(plan.location, part)] += 1
                    plan.first_visit = plan.first_visit or day
                    visits.append(self._visit(plan, day, part))
        return visits

    def _visit(self, plan: _Plan, day: dt.date, part: str) -> Visit:
        participant = plan.participant
        before_change = plan.change_on is not None and day < plan.change_on
        activity = participant.usual_activity
        choices = LOCATION_ACTIVITIES[plan.location]
        if activity is None or self.rng.random() < 0.15:
            activity = self.activities[self.rng.choice(choices)] if self.rng.random() < 0.8 else None
        return Visit(
            participant=participant,
            date=day,
            dagdeel=part,
            location=self.locations[plan.location],
            activity=activity,
            municipality=(before_change and plan.previous_municipality) or participant.municipality,
            indicatie_category=(before_change and plan.previous_indicatie) or participant.indicatie_category,
            checked_in_by=self.rng.choice(self.staff[plan.location] or [self.coordinator]),
        )

    def _backdate(self, plans: list[_Plan]) -> None:
        """auto_now_add stamps "now"; give rows the moment they would have been made instead.

        Every visit is a demo visit here: all other participants were deleted first."""
        window_start = self.today - dt.timedelta(days=WINDOW_DAYS)
        for plan in plans:
            participant = plan.participant
            if plan.start <= window_start + dt.timedelta(days=13):
                # Already coming before the demo year started.
                registered_on = window_start - dt.timedelta(days=self.rng.randint(10, 700))
            else:
                registered_on = plan.first_visit or plan.start
            participant.registered_at = dt.datetime.combine(
                registered_on, dt.time(9, 30), tzinfo=dt.UTC
            )
            recent = registered_on > self.today - dt.timedelta(days=28)
            if recent and participant.status == ParticipantStatus.ACTIVE:
                participant.status = ParticipantStatus.NEW
        Participant.objects.bulk_update([plan.participant for plan in plans], ["registered_at", "status"])
        # Checked in around the start of the dagdeel (UTC; a minute offset per row for variety).
        start_of_dagdeel = Case(
            When(dagdeel=_MORNING, then=Value(dt.timedelta(hours=8))),
            When(dagdeel=_AFTERNOON, then=Value(dt.timedelta(hours=12))),
            default=Value(dt.timedelta(hours=17)),
            output_field=DurationField(),
        )
        minutes = ExpressionWrapper(
            Mod(F("id"), 37) * Value(dt.timedelta(minutes=1)), output_field=DurationField()
        )
        Visit.objects.update(
            created_at=ExpressionWrapper(
                Cast(F("date"), DateTimeField()) + start_of_dagdeel + minutes, output_field=DateTimeField()
            )
        )
