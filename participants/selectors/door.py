"""Reads for the door: the board, the check-in search, the paper list and duplicate hints."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Greatest, Lower

from participants.constants import Dagdeel
from participants.models import AnonymousVisitCount, Conversation, Location, Participant, Tag, Visit
from voorveld.constants import Role
from voorveld.models import User

SEARCH_THRESHOLD = 0.35
SEARCH_LIMIT = 8


def participants_visible_to(*, user: User) -> QuerySet[Participant]:
    """Need to know: coordinators and admins see everyone; coaches and volunteers the people who
    visit their locations, whom they registered, and their caseload. Officers and users without a
    role see no one."""
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return Participant.objects.all()
    if user.role not in (Role.COACH, Role.VOLUNTEER):
        return Participant.objects.none()
    visits_here = Visit.objects.filter(participant=OuterRef("pk"), location__staff=user)
    return Participant.objects.filter(Exists(visits_here) | Q(registered_by=user) | Q(fixed_coach=user))


@dataclass(frozen=True)
class SearchHit:
    """Just enough to tell two people apart at the door."""

    id: int
    called: str
    last_initial: str
    birth_year: int | None
    usual_activity_id: int | None

    @property
    def label(self) -> str:
        initial = f" {self.last_initial}." if self.last_initial else ""
        return f"{self.called}{initial}"


def _unaccented(expression: F | Value) -> Unaccent:
    return Unaccent(Lower(expression))


def _word_similarity(needle: str, field: str) -> TrigramWordSimilarity:
    """pg_trgm word similarity between unaccented, lower-cased ``needle`` and a name column."""
    # Django wraps a non-expression in Value(); the stubs only know the plain-string form.
    return TrigramWordSimilarity(_unaccented(Value(needle)), _unaccented(F(field)))  # type: ignore[arg-type]


def participant_search(*, user: User, query: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """Typo- and accent-tolerant search on first name, nickname and last name (pg_trgm word
    similarity on unaccented text), best match first. One query; volunteers get no birth year."""
    query = " ".join(query.split())[:50]
    if len(query) < 2:
        return []
    similarity = Greatest(
        _word_similarity(query, "first_name"),
        _word_similarity(query, "nickname"),
        _word_similarity(query, "last_name"),
    )
    rows = (
        participants_visible_to(user=user)
        .annotate(similarity=similarity)
        .filter(similarity__gte=SEARCH_THRESHOLD)
        .order_by("-similarity", "first_name", "nickname", "id")
        .values("id", "first_name", "nickname", "last_name", "birth_year", "usual_activity_id")[:limit]
    )
    show_birth_year = user.role != Role.VOLUNTEER
    return [
        SearchHit(
            id=row["id"],
            called=row["nickname"] or row["first_name"],
            last_initial=row["last_name"][:1],
            birth_year=row["birth_year"] if show_birth_year else None,
            usual_activity_id=row["usual_activity_id"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Board:
    location: Location
    date: dt.date
    dagdeel: str
    visits: list[Visit]
    anonymous: int

    @property
    def count(self) -> int:
        return len(self.visits) + self.anonymous

    @property
    def is_full(self) -> bool:
        return self.count >= self.location.capacity


def board_get(*, location: Location, date: dt.date, dagdeel: str) -> Board:
    """Who is checked in for one dagdeel, newest first. Two queries whatever the numbers."""
    visits = list(
        Visit.objects.filter(location=location, date=date, dagdeel=dagdeel)
        .select_related("participant", "activity", "checked_in_by")
        .order_by("-created_at")
    )
    anonymous = (
        AnonymousVisitCount.objects.filter(location=location, date=date, dagdeel=dagdeel)
        .values_list("count", flat=True)
        .first()
    )
    return Board(location, date, dagdeel, visits, anonymous or 0)


def regulars_for_paper_list(
    *, location: Location, date: dt.date, dagdeel: str, weeks: int = 12
) -> list[tuple[Participant, bool]]:
    """The location's regulars (a visit there in the last ``weeks`` weeks), each with whether they
    are already recorded for this dagdeel. One query."""
    since = date - dt.timedelta(weeks=weeks)
    recent = Visit.objects.filter(
        participant=OuterRef("pk"), location=location, date__gte=since, date__lte=date
    )
    present = Visit.objects.filter(participant=OuterRef("pk"), date=date, dagdeel=dagdeel)
    people = (
        Participant.objects.filter(Exists(recent))
        .annotate(present=Exists(present))
        .select_related("usual_activity")
        .order_by(Lower("first_name"), Lower("nickname"), "id")
    )
    return [(p, p.present) for p in people]


def possible_duplicates(
    *,
    user: User,
    first_name: str,
    nickname: str,
    last_name: str,
    birth_year: int | None,
    municipality_id: int | None,
    limit: int = 5,
) -> list[Participant]:
    """People with a similar name and the same birth year or gemeente: shown before saving a
    newcomer, so the coach can pick the existing person instead. Only people the user may see
    (need to know): the hint is no way round the scoping, and the user can check them in."""
    names = [n for n in (first_name.strip(), nickname.strip()) if n]
    if not names:
        return []
    similarity = Greatest(
        *[
            _word_similarity(name, field)
            for name in names
            for field in ("first_name", "nickname")
        ],
        Value(0.0),
    )
    same_context = Q(municipality_id=municipality_id) if municipality_id else Q(pk__in=[])
    if birth_year:
        same_context |= Q(birth_year=birth_year)
    candidates = (
        participants_visible_to(user=user)
        .annotate(similarity=similarity)
        .filter(similarity__gte=0.5)
        .filter(same_context)
        .select_related("municipality")
    )
    if last_name.strip():
        candidates = candidates.annotate(
            last_similarity=_word_similarity(last_name.strip(), "last_name")
        ).filter(Q(last_name="") | Q(last_similarity__gte=0.4))
    return list(candidates.order_by("-similarity", "id")[:limit])


def tag_suggestions(*, kind: str, limit: int = 200) -> list[str]:
    return list(Tag.objects.filter(kind=kind).order_by(Lower("name")).values_list("name", flat=True)[:limit])


def participant_for_user(*, user: User, pk: int) -> Participant | None:
    """One participant, only when the user may see them (need to know); else None."""
    people = participants_visible_to(user=user).select_related("municipality", "usual_activity")
    return people.filter(pk=pk).first()


def location_dagdelen(*, location: Location) -> list[tuple[str, str]]:
    """The dagdelen in the location's weekly schedule (all three when it has none yet)."""
    scheduled = set(location.openings.values_list("dagdeel", flat=True))
    return [(value, str(label)) for value, label in Dagdeel.choices if not scheduled or value in scheduled]


def conversations_for(*, participant: Participant) -> list[Conversation]:
    """The participant's conversations, newest first, with their tags: three queries."""
    return list(
        participant.conversations.select_related("recorded_by")
        .prefetch_related("talents", "interests")
        .order_by("-held_on", "-created_at")
    )


def participant_registered_with(*, request_key: uuid.UUID) -> Participant | None:
    """The person a registration form already created (a double submit), if any."""
    return Participant.objects.filter(registration_key=request_key).first()
