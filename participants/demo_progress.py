"""Demo data for progress (fictional): goals, ladders, measurements, referrals, outflow and nazorg,
fixed coaches, a handover, sensitive entries with consent and a participant who volunteers."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Max, Min

from participants.constants import (
    ConsentPurpose,
    ContactChannel,
    GoalEventKind,
    GoalStatus,
    Ladder,
    OutflowDestination,
    ParticipantStatus,
    ReferralDirection,
    ReferralOutcome,
    SensitiveDomain,
    StepStatus,
)
from participants.models import (
    Consent,
    Goal,
    GoalEvent,
    GoalStep,
    Handover,
    LadderEntry,
    LifeDomain,
    Measurement,
    MeasurementAnswer,
    NazorgContact,
    Outflow,
    Participant,
    Question,
    Questionnaire,
    Referral,
    SensitiveEntry,
    Visit,
    VolunteerRole,
)
from voorveld.models import User

GOALS = {
    "Werk en dagbesteding": ["Een vaste ochtend in de werkplaats", "Een klein baantje vinden"],
    "Sociaal netwerk": ["Nieuwe mensen leren kennen", "Weer contact met mijn broer"],
    "Leren": ["Een opleiding tot fietsenmaker", "Leren werken met de computer"],
    "Gezondheid": ["Elke dag een stukje wandelen"],
    "Financiën": ["Overzicht in mijn post"],
    "Wonen": ["Mijn kamer opknappen"],
    "Zingeving": ["Iets doen waar ik trots op ben"],
}
STEPS = (
    "Samen de eerste stap plannen",
    "Een keer gaan kijken",
    "Vragen wat er nodig is",
    "Een afspraak maken",
    "Oefenen in de werkplaats",
)
DESTINATIONS = [d for d in OutflowDestination.values if d != OutflowDestination.UNKNOWN]


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def seed_progress_demo(*, rng: random.Random, today: dt.date, users: dict[str, User]) -> dict[str, int]:
    coaches = {name: user for name, user in users.items() if user.role == "coach"}
    coordinator = users["coordinator"]
    domains = {d.name: d for d in LifeDomain.objects.all()}
    questionnaire, _ = Questionnaire.objects.get_or_create(
        name="Ervaren meedoen", defaults={"description": "Afgesproken met de gemeenten in de regio."}
    )
    if not questionnaire.questions.exists():
        for order, (text, lo, hi) in enumerate(
            (("Ik voel me erkend", 1, 5), ("Ik voel me verbonden", 1, 5), ("Tevredenheid", 1, 10))
        ):
            Question.objects.create(
                questionnaire=questionnaire, text=text, scale_min=lo, scale_max=hi, order=order
            )
    questions = list(questionnaire.questions.order_by("order"))
    spans = {
        row["participant_id"]: (row["first"], row["last"])
        for row in Visit.objects.values("participant_id").annotate(first=Min("date"), last=Max("date"))
    }
    home = dict(
        Visit.objects.values_list("participant_id", "location__name").order_by("participant_id", "date")
    )
    people = list(Participant.objects.order_by("pk"))
    counts = {"goals": 0, "ladder": 0, "measurements": 0, "referrals": 0, "outflows": 0, "contacts": 0}
    ladder_rows, contact_rows, answer_rows = [], [], []
    for person in people:
        if person.pk not in spans:
            continue
        first, last = spans[person.pk]
        location_coaches = [
            u for u in coaches.values() if u.locations.filter(name=home.get(person.pk)).exists()
        ]
        if location_coaches and rng.random() < 0.8:
            person.fixed_coach = rng.choice(location_coaches)
        Consent.objects.create(
            participant=person,
            purpose=ConsentPurpose.RECORDING,
            text_version="2026-11",
            given_on=first,
            recorded_by=person.fixed_coach,
        )
        if rng.random() < 0.5:
            domain = rng.choice(list(GOALS))
            started = _between(rng, first, last)
            status = rng.choice(
                [GoalStatus.ACTIVE] * 3 + [GoalStatus.ACHIEVED, GoalStatus.ADJUSTED, GoalStatus.STOPPED]
            )
            goal = Goal.objects.create(
                participant=person,
                life_domain=domains[domain],
                description=rng.choice(GOALS[domain]),
                status=status,
                started_on=started,
                created_by=person.fixed_coach,
                review_on=_between(rng, today - dt.timedelta(days=30), today + dt.timedelta(days=60)),
            )
            GoalEvent.objects.create(
                goal=goal,
                kind=GoalEventKind.CREATED,
                status=GoalStatus.ACTIVE,
                note=goal.description,
                happened_on=started,
                recorded_by=person.fixed_coach,
            )
            for order, text in enumerate(rng.sample(STEPS, 2)):
                done = rng.random() < 0.5
                GoalStep.objects.create(
                    goal=goal,
                    description=text,
                    order=order,
                    status=StepStatus.DONE if done else StepStatus.OPEN,
                    done_on=_between(rng, started, today) if done else None,
                )
            if status != GoalStatus.ACTIVE:
                GoalEvent.objects.create(
                    goal=goal,
                    kind=GoalEventKind.STATUS,
                    status=status,
                    happened_on=_between(rng, started, today),
                    recorded_by=person.fixed_coach,
                )
            counts["goals"] += 1
        if rng.random() < 0.6:
            value = rng.randint(1, 3)
            for _step in range(rng.randint(1, 3)):
                ladder_rows.append(
                    LadderEntry(
                        participant=person,
                        ladder=Ladder.PARTICIPATION,
                        value=value,
                        recorded_on=_between(rng, first, last),
                        recorded_by=person.fixed_coach,
                    )
                )
                value = max(1, min(6, value + rng.choice((-1, 0, 1, 1))))
            if rng.random() < 0.5:
                ladder_rows.append(
                    LadderEntry(
                        participant=person,
                        ladder=Ladder.TALENT,
                        value=rng.choice((1, 1, 2, 3)),
                        recorded_on=_between(rng, first, last),
                        recorded_by=person.fixed_coach,
                    )
                )
        if rng.random() < 0.4:
            for occasion, day in (("intake", first), ("review", _between(rng, first, last))):
                measurement = Measurement.objects.create(
                    participant=person,
                    questionnaire=questionnaire,
                    taken_on=day,
                    occasion=occasion,
                    recorded_by=person.fixed_coach,
                )
                for q in questions:
                    answer_rows.append(
                        MeasurementAnswer(
                            measurement=measurement, question=q, value=rng.randint(q.scale_min, q.scale_max)
                        )
                    )
                counts["measurements"] += 1
        if person.referral_source:
            Referral.objects.create(
                participant=person,
                direction=ReferralDirection.IN,
                partner=person.referral_source,
                referred_on=first,
                recorded_by=person.fixed_coach,
            )
            counts["referrals"] += 1
        if rng.random() < 0.1:
            day = _between(rng, first, last)
            consent = Consent.objects.create(
                participant=person,
                purpose=ConsentPurpose.REFERRAL,
                text_version="verwijzing",
                given_on=day,
                recorded_by=person.fixed_coach,
            )
            Referral.objects.create(
                participant=person,
                direction=ReferralDirection.OUT,
                partner=rng.choice(("wijkteam", "schuldhulp", "ggz", "amw")),
                referred_on=day,
                consent=consent,
                recorded_by=person.fixed_coach,
                outcome=rng.choice(ReferralOutcome.values),
            )
            counts["referrals"] += 1
        if person.status == ParticipantStatus.OUTFLOWED:
            Outflow.objects.create(
                participant=person,
                outflow_on=min(today, last + dt.timedelta(days=7)),
                destination=rng.choice(DESTINATIONS),
                recorded_by=person.fixed_coach,
            )
            counts["outflows"] += 1
        if person.status == ParticipantStatus.OUTFLOWED or (today - last).days > 42:
            for _contact in range(rng.randint(1, 2)):
                contact_rows.append(
                    NazorgContact(
                        participant=person,
                        contact_on=_between(rng, last, today),
                        channel=rng.choice(ContactChannel.values),
                        note="Even gebeld hoe het gaat.",
                        recorded_by=person.fixed_coach,
                    )
                )
        age = person.age_on(today)
        if age is not None and age >= 18 and rng.random() < 0.05:
            Consent.objects.create(
                participant=person,
                purpose=ConsentPurpose.SENSITIVE,
                text_version="2026-11",
                given_on=first,
                recorded_by=person.fixed_coach,
            )
            SensitiveEntry.objects.create(
                participant=person,
                domains=[rng.choice(SensitiveDomain.values)],
                note="Wil hier later met de begeleider over praten.",
                recorded_on=_between(rng, first, last),
                recorded_by=person.fixed_coach,
            )
        person.save(update_fields=["fixed_coach"])
    LadderEntry.objects.bulk_create(ladder_rows)
    NazorgContact.objects.bulk_create(contact_rows)
    MeasurementAnswer.objects.bulk_create(answer_rows)
    counts["ladder"], counts["contacts"] = len(ladder_rows), len(contact_rows)

    # One coach hand-over, and one participant who also volunteers (linked to the demo volunteer).
    handed = next((p for p in people if p.fixed_coach is not None and p.pk in spans), None)
    if handed is not None:
        Handover.objects.create(
            participant=handed,
            from_coach=coordinator,
            to_coach=handed.fixed_coach,
            note="Komt graag op dinsdag; houdt van rust aan de werkbank.",
            handed_over_on=today - dt.timedelta(days=20),
            recorded_by=coordinator,
        )
    helper = next(
        (
            p
            for p in people
            if p.status == ParticipantStatus.ACTIVE and p.age_on(today) and (p.age_on(today) or 0) >= 18
        ),
        None,
    )
    if helper is not None and "volunteer" in users:
        helper.account = users["volunteer"]
        helper.save(update_fields=["account"])
        VolunteerRole.objects.create(
            participant=helper,
            role="Helpt in het eetcafé",
            dagdelen="dinsdag- en donderdagmiddag",
            learning_goals="Leren plannen voor een groep",
            started_on=today - dt.timedelta(days=90),
            recorded_by=coordinator,
        )
    return counts
