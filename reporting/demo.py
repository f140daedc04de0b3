"""Fictional demo data for the reporting side: one funder per demo gemeente and its officer account."""

from __future__ import annotations

from collections.abc import Sequence

from participants.demo import DemoAccount, DemoPassword, demo_user_upsert
from participants.models import Municipality
from reporting.constants import FunderKind
from reporting.models import Funder, OfficerAssignment
from voorveld.constants import Role

# CBS code → the officer account of that gemeente (fictional people).
OFFICERS: dict[str, tuple[str, str, str]] = {
    "GM0119": ("officer.meppel", "Ellen", "Graafland"),
    "GM1701": ("officer.westerveld", "Youssef", "Amrani"),
    "GM1690": ("officer.dewolden", "Hanneke", "Stegeman"),
}


def officer_accounts(*, municipalities: Sequence[tuple[str, str]]) -> list[DemoAccount]:
    """The officer accounts for (name, CBS code) pairs, without touching the database."""
    return [
        DemoAccount(
            username, Role.OFFICER, f"aggregated reports for {name} only; never a name",
            first_name, last_name,
        )
        for name, code in municipalities
        for username, first_name, last_name in [OFFICERS[code]]
    ]


def seed_reporting_demo(
    *, municipalities: Sequence[Municipality], password: DemoPassword
) -> list[DemoAccount]:
    """A funder per gemeente (kind municipality, with its CBS code) and one officer tied to it."""
    accounts = officer_accounts(municipalities=[(m.name, m.cbs_code) for m in municipalities])
    for municipality, account in zip(municipalities, accounts, strict=True):
        funder, _ = Funder.objects.update_or_create(
            municipality=municipality,
            defaults={
                "name": f"Gemeente {municipality.name}",
                "kind": FunderKind.MUNICIPALITY,
                "cbs_code": municipality.cbs_code,
            },
        )
        user = demo_user_upsert(account=account, password=password)
        OfficerAssignment.objects.update_or_create(user=user, defaults={"funder": funder})
    return accounts
