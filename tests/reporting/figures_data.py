"""A small fixed data set for the report figures, with every expectation computed by hand.

Gemeente Aadorp (A) funds "Aadorp — 10 plekken"; Gemeente Beekdal (B) funds its own arrangement.
Period: H1 2026 (1 January – 30 June). Locations: Werkplaats Noord (open Tuesday and Thursday,
morning and afternoon; closed on 1 January) and Atelier Zuid (open Tuesday and Wednesday morning).

People (fictional, with names that must never appear in a report):

===========  ==========================  ===============  ==========  =============================
who          born                        lives            came via    visits (dagdeel M/A)
===========  ==========================  ===============  ==========  =============================
Ottoline     2010-03-15 (16 → < 18)      A                wijkteam    6 Jan M, 8 Jan M
Barnaby      year 2000 (25 → 18–26)      A                self        2 Dec 2025 M, 3 Feb M (wmo)
Cordelia     1959-06-30 (67 → 67+)       A                GP          3 Mar M (none), 7 Apr M (wlz)
Dashiell     unknown                     B                —           13 Jan M, 5 Feb M
Eglantine    1980-01-01 (46 → 45–66)     A, then B        wijkteam    10 Feb M (A), 10 Mar M (B)
Florizel     1999-07-01 (26 → 18–26)     A                self        5 May M, 7 May A, 9 May M (Sat)
===========  ==========================  ===============  ==========  =============================

Hand-computed for Aadorp, H1 2026:
- unique 5 (Ottoline, Barnaby, Cordelia, Eglantine, Florizel); new 4 (not Barnaby: first visit in 2025)
- indicatie by latest visit in scope: none 3, wmo 1 (Barnaby), wlz 1 (Cordelia)
- age at 30 June: < 18: 1, 18–26: 2, 45–66: 1, 67+: 1, unknown: 0
- referral route: wijkteam 2, self 2, GP 1
- anonymous visits: 4 (6 Jan; the 9 on 2 July fall in H2)
- dagdelen attended 9, of which 8 on opening dagdelen (the Saturday is not on the schedule)
- opening dagdelen: Noord 26 Tue + 26 Thu, morning and afternoon, minus 1 Jan = 102; Zuid 26 Tue + 25 Wed
  mornings = 51; together (a dagdeel counts once) 102 + 25 Wednesdays = 127. Average 8 / 127 = 0.1.
- by month (opening / attended / unique / on opening): Jan 20/2/1/2, Feb 20/2/2/2, Mar 22/1/1/1,
  Apr 23/1/1/1, May 20/3/1/2, Jun 22/0/0/0
- by activity: Houtwerk 7 visits by 4 people, Koken 2 visits by 1 (Cordelia)
- goals set 2 (Ottoline 20 Jan, Cordelia 2 Feb), achieved 2 (Barnaby's goal of 2025 on 1 Mar, Cordelia's
  on 1 Jun); Dashiell's goal is out of scope
- Participatieladder: Ottoline 2→3 up, Barnaby 4→3 down, Eglantine 2→2 same (her December 2025 entry is
  outside the period), Cordelia has one entry only; talent ladder: Florizel 1→2 up
- question "Ik voel me verbonden": Ottoline 2→4, Barnaby 3→5 (three answers), Eglantine 1→3; Cordelia
  answered once. n = 3, first mean 2.0, latest mean 4.0
- outflow: moved 1 (Eglantine), paid work 1 (Florizel); Barnaby's of December 2025 and Dashiell's are out
- referrals: wijkteam in 1 (Ottoline), GGZ out 1 (Ottoline), schuldhulp out 1 (Cordelia)
- volunteers active: 1 (Cordelia); Barnaby's role ended in 2025, Florizel's starts in July
- stories: "Weer onder de mensen" (this arrangement) and "Een eigen werkbank" (every arrangement);
  not the one with withdrawn consent, not the other arrangement's, not the one told in 2025

Hand-computed for Beekdal, H1 2026: unique 2 (Dashiell, Eglantine), dagdelen attended 3.
For Aadorp and Beekdal together: unique 6 (Eglantine once), dagdelen attended 12.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from participants.constants import (
    ConsentPurpose,
    Dagdeel,
    GoalEventKind,
    GoalStatus,
    IndicatieCategory,
    Ladder,
    MeasurementOccasion,
    OutflowDestination,
    ReferralDirection,
    ReferralSource,
    Weekday,
)
from participants.models import (
    Activity,
    AnonymousVisitCount,
    Consent,
    Goal,
    GoalEvent,
    LadderEntry,
    LifeDomain,
    Location,
    LocationClosure,
    LocationOpening,
    Measurement,
    MeasurementAnswer,
    Municipality,
    Organisation,
    Outflow,
    Participant,
    Question,
    Questionnaire,
    Referral,
    Visit,
    VolunteerRole,
)
from reporting.constants import IndicatorKey
from reporting.models import Funder, FundingArrangement, Indicator, Story
from tests.factories import (
    ActivityFactory,
    FunderFactory,
    LocationFactory,
    MunicipalityFactory,
    ParticipantFactory,
)

H1_START = dt.date(2026, 1, 1)
H1_END = dt.date(2026, 6, 30)
M, A = Dagdeel.MORNING, Dagdeel.AFTERNOON

# Every name a report must never show.
NAMES = (
    "Ottoline",
    "Brambleworth",
    "Barnaby",
    "Quillfeather",
    "Cordelia",
    "Pennywhistle",
    "Dashiell",
    "Moonquarry",
    "Eglantine",
    "Farthingale",
    "Florizel",
    "Thistlewood",
)


@dataclass
class FiguresData:
    municipality_a: Municipality
    municipality_b: Municipality
    funder_a: Funder
    funder_b: Funder
    aadorp: FundingArrangement
    beekdal: FundingArrangement
    region: FundingArrangement
    noord: Location
    zuid: Location
    houtwerk: Activity
    koken: Activity
    people: dict[str, Participant]
    question: Question


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def build_figures_data(*, threshold: int = 3) -> FiguresData:
    Organisation.objects.update_or_create(singleton=True, defaults={"name": "Stichting Het Proefhuis"})
    a = MunicipalityFactory(name="Aadorp", cbs_code="GM9911")
    b = MunicipalityFactory(name="Beekdal", cbs_code="GM9912")
    funder_a = FunderFactory(name="Gemeente Aadorp", municipality=a)
    funder_b = FunderFactory(name="Gemeente Beekdal", municipality=b)

    noord = LocationFactory(name="Werkplaats Noord", open_every_weekday=False)
    zuid = LocationFactory(name="Atelier Zuid", open_every_weekday=False)
    LocationOpening.objects.bulk_create(
        [
            LocationOpening(location=noord, weekday=day, dagdeel=part)
            for day in (Weekday.TUESDAY, Weekday.THURSDAY)
            for part in (M, A)
        ]
        + [
            LocationOpening(location=zuid, weekday=day, dagdeel=M)
            for day in (Weekday.TUESDAY, Weekday.WEDNESDAY)
        ]
    )
    LocationClosure.objects.create(location=noord, date=_d("2026-01-01"), reason="Nieuwjaarsdag")
    houtwerk = ActivityFactory(name="Houtwerk")
    koken = ActivityFactory(name="Koken")

    def person(first: str, last: str, *, lives: Municipality, source: str, **born: object) -> Participant:
        return ParticipantFactory(
            first_name=first,
            last_name=last,
            municipality=lives,
            referral_source=source,
            birth_year=born.get("birth_year"),
            date_of_birth=born.get("date_of_birth"),
        )

    people = {
        "ottoline": person(
            "Ottoline",
            "Brambleworth",
            lives=a,
            source=ReferralSource.WIJKTEAM,
            date_of_birth=_d("2010-03-15"),
        ),
        "barnaby": person("Barnaby", "Quillfeather", lives=a, source=ReferralSource.SELF, birth_year=2000),
        "cordelia": person(
            "Cordelia", "Pennywhistle", lives=a, source=ReferralSource.GP, date_of_birth=_d("1959-06-30")
        ),
        "dashiell": person("Dashiell", "Moonquarry", lives=b, source=""),
        "eglantine": person(
            "Eglantine",
            "Farthingale",
            lives=b,
            source=ReferralSource.WIJKTEAM,
            date_of_birth=_d("1980-01-01"),
        ),
        "florizel": person(
            "Florizel", "Thistlewood", lives=a, source=ReferralSource.SELF, date_of_birth=_d("1999-07-01")
        ),
    }

    def visit(
        who: str,
        day: str,
        part: str = M,
        *,
        lived: Municipality = a,
        activity: Activity = houtwerk,
        indicatie: str = IndicatieCategory.NONE,
        location: Location = noord,
    ) -> None:
        Visit.objects.create(
            participant=people[who],
            date=_d(day),
            dagdeel=part,
            location=location,
            activity=activity,
            municipality=lived,
            indicatie_category=indicatie,
        )

    visit("ottoline", "2026-01-06")
    visit("ottoline", "2026-01-08")
    visit("barnaby", "2025-12-02", indicatie=IndicatieCategory.WMO)
    visit("barnaby", "2026-02-03", indicatie=IndicatieCategory.WMO)
    visit("cordelia", "2026-03-03", activity=koken)
    visit("cordelia", "2026-04-07", activity=koken, indicatie=IndicatieCategory.WLZ)
    visit("dashiell", "2026-01-13", lived=b)
    visit("dashiell", "2026-02-05", lived=b)
    visit("eglantine", "2026-02-10")  # still living in Aadorp
    visit("eglantine", "2026-03-10", lived=b)  # moved to Beekdal
    visit("florizel", "2026-05-05")
    visit("florizel", "2026-05-07", A)
    visit("florizel", "2026-05-09")  # a Saturday workshop, not on the schedule
    AnonymousVisitCount.objects.create(location=noord, date=_d("2026-01-06"), dagdeel=M, count=4)
    AnonymousVisitCount.objects.create(location=noord, date=_d("2026-07-02"), dagdeel=M, count=9)

    domain = LifeDomain.objects.order_by("pk").first() or LifeDomain.objects.create(name="Werk")

    def goal(who: str, started: str, *, achieved: str | None = None) -> None:
        created = Goal.objects.create(
            participant=people[who],
            life_domain=domain,
            description="Een klein doel",
            started_on=_d(started),
            status=GoalStatus.ACHIEVED if achieved else GoalStatus.ACTIVE,
        )
        GoalEvent.objects.create(goal=created, kind=GoalEventKind.CREATED, happened_on=_d(started))
        if achieved:
            GoalEvent.objects.create(
                goal=created, kind=GoalEventKind.STATUS, status=GoalStatus.ACHIEVED, happened_on=_d(achieved)
            )

    goal("ottoline", "2026-01-20")
    goal("barnaby", "2025-11-01", achieved="2026-03-01")
    goal("cordelia", "2026-02-02", achieved="2026-06-01")
    goal("dashiell", "2026-02-01", achieved="2026-03-01")

    def ladder(who: str, which: str, *steps: tuple[str, int]) -> None:
        for day, value in steps:
            LadderEntry.objects.create(
                participant=people[who], ladder=which, value=value, recorded_on=_d(day)
            )

    ladder("ottoline", Ladder.PARTICIPATION, ("2026-01-10", 2), ("2026-03-01", 3), ("2026-06-01", 3))
    ladder("barnaby", Ladder.PARTICIPATION, ("2026-02-01", 4), ("2026-05-01", 3))
    ladder("eglantine", Ladder.PARTICIPATION, ("2025-12-01", 1), ("2026-02-15", 2), ("2026-04-01", 2))
    ladder("cordelia", Ladder.PARTICIPATION, ("2026-03-03", 3))
    ladder("dashiell", Ladder.PARTICIPATION, ("2026-01-13", 1), ("2026-06-01", 5))
    ladder("florizel", Ladder.TALENT, ("2026-01-01", 1), ("2026-06-30", 2))

    questionnaire = Questionnaire.objects.create(name="Afspraken met Aadorp")
    question = Question.objects.create(
        questionnaire=questionnaire, text="Ik voel me verbonden", scale_min=1, scale_max=5
    )

    def answer(who: str, *answers: tuple[str, int]) -> None:
        for day, value in answers:
            measurement = Measurement.objects.create(
                participant=people[who],
                questionnaire=questionnaire,
                taken_on=_d(day),
                occasion=MeasurementOccasion.REVIEW,
            )
            MeasurementAnswer.objects.create(measurement=measurement, question=question, value=value)

    answer("ottoline", ("2026-01-10", 2), ("2026-06-01", 4))
    answer("barnaby", ("2026-02-01", 3), ("2026-03-01", 3), ("2026-05-01", 5))
    answer("eglantine", ("2026-02-15", 1), ("2026-04-01", 3))
    answer("cordelia", ("2026-03-03", 2))

    Outflow.objects.create(
        participant=people["eglantine"], outflow_on=_d("2026-03-20"), destination=OutflowDestination.MOVED
    )
    Outflow.objects.create(
        participant=people["florizel"], outflow_on=_d("2026-06-15"), destination=OutflowDestination.PAID_WORK
    )
    Outflow.objects.create(
        participant=people["barnaby"],
        outflow_on=_d("2025-12-20"),
        ended_on=_d("2026-01-15"),
        destination=OutflowDestination.CLUB,
    )
    Outflow.objects.create(
        participant=people["dashiell"], outflow_on=_d("2026-02-01"), destination=OutflowDestination.EDUCATION
    )

    def consent(who: str, purpose: str, given: str, *, withdrawn: str | None = None) -> Consent:
        return Consent.objects.create(
            participant=people[who],
            purpose=purpose,
            text_version="2026-11",
            given_on=_d(given),
            withdrawn_on=_d(withdrawn) if withdrawn else None,
        )

    Referral.objects.create(
        participant=people["ottoline"],
        direction=ReferralDirection.IN,
        partner=ReferralSource.WIJKTEAM,
        referred_on=_d("2026-01-05"),
    )
    Referral.objects.create(
        participant=people["ottoline"],
        direction=ReferralDirection.OUT,
        partner=ReferralSource.GGZ,
        referred_on=_d("2026-02-10"),
        consent=consent("ottoline", ConsentPurpose.REFERRAL, "2026-02-10"),
    )
    Referral.objects.create(
        participant=people["cordelia"],
        direction=ReferralDirection.OUT,
        partner=ReferralSource.SCHULDHULP,
        referred_on=_d("2026-04-01"),
        consent=consent("cordelia", ConsentPurpose.REFERRAL, "2026-04-01"),
    )
    Referral.objects.create(
        participant=people["dashiell"],
        direction=ReferralDirection.OUT,
        partner=ReferralSource.GGZ,
        referred_on=_d("2026-02-01"),
        consent=consent("dashiell", ConsentPurpose.REFERRAL, "2026-02-01"),
    )

    VolunteerRole.objects.create(
        participant=people["cordelia"], role="Gastvrouw", started_on=_d("2025-01-01")
    )
    VolunteerRole.objects.create(
        participant=people["barnaby"], role="Klusser", started_on=_d("2025-01-01"), ended_on=_d("2025-12-31")
    )
    VolunteerRole.objects.create(
        participant=people["florizel"], role="Assistent", started_on=_d("2026-07-01")
    )
    VolunteerRole.objects.create(participant=people["dashiell"], role="Tuin", started_on=_d("2026-01-01"))

    aadorp = FundingArrangement.objects.create(
        funder=funder_a,
        name="Aadorp — 10 plekken",
        starts_on=_d("2026-01-01"),
        ends_on=_d("2026-12-31"),
        funded_places=10,
        suppression_threshold=threshold,
    )
    aadorp.municipalities.set([a])
    Indicator.objects.create(
        arrangement=aadorp,
        key=IndicatorKey.UNIQUE_PARTICIPANTS,
        text="Unieke deelnemers uit Aadorp",
        planned_value=Decimal(8),
        order=1,
    )
    Indicator.objects.create(
        arrangement=aadorp,
        key=IndicatorKey.QUESTION,
        question=question,
        text="Voelt zich verbonden (1–5)",
        planned_value=Decimal("3.5"),
        order=2,
    )
    beekdal = FundingArrangement.objects.create(
        funder=funder_b,
        name="Beekdal — 5 plekken",
        starts_on=_d("2026-01-01"),
        ends_on=_d("2026-12-31"),
        funded_places=5,
        suppression_threshold=threshold,
    )
    beekdal.municipalities.set([b])
    region = FundingArrangement.objects.create(
        funder=funder_a,
        name="Regio Aadorp-Beekdal",
        starts_on=_d("2026-01-01"),
        ends_on=_d("2026-12-31"),
        suppression_threshold=threshold,
    )
    region.municipalities.set([a, b])

    story_consent = consent("cordelia", ConsentPurpose.STORY, "2026-02-20")
    Story.objects.create(
        arrangement=aadorp,
        title="Weer onder de mensen",
        told_on=_d("2026-03-01"),
        consent=story_consent,
        text="Na een jaar thuis kwam zij binnen voor koffie en bleef voor het houtwerk.",
    )
    Story.objects.create(
        arrangement=None,
        title="Een eigen werkbank",
        told_on=_d("2026-04-01"),
        consent=consent("florizel", ConsentPurpose.STORY, "2026-03-01"),
        text="Hij maakt nu vogelhuisjes voor de buurt.",
    )
    Story.objects.create(
        arrangement=aadorp,
        title="Ingetrokken verhaal",
        told_on=_d("2026-02-01"),
        consent=consent("ottoline", ConsentPurpose.STORY, "2026-01-10", withdrawn="2026-05-01"),
        text="Dit verhaal mag niet meer gebruikt worden.",
    )
    Story.objects.create(
        arrangement=beekdal,
        title="Verhaal voor Beekdal",
        told_on=_d("2026-03-01"),
        consent=consent("dashiell", ConsentPurpose.STORY, "2026-02-01"),
        text="Alleen voor Beekdal.",
    )
    Story.objects.create(
        arrangement=aadorp,
        title="Oud verhaal",
        told_on=_d("2025-12-01"),
        consent=story_consent,
        text="Van vorig jaar.",
    )

    return FiguresData(
        municipality_a=a,
        municipality_b=b,
        funder_a=funder_a,
        funder_b=funder_b,
        aadorp=aadorp,
        beekdal=beekdal,
        region=region,
        noord=noord,
        zuid=zuid,
        houtwerk=houtwerk,
        koken=koken,
        people=people,
        question=question,
    )
