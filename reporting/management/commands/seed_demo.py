"""`manage.py seed_demo`: load the fictional demo organisation, participants, attendance and accounts."""

from __future__ import annotations

import random
import time
from argparse import ArgumentParser
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from participants.demo import (
    DEMO_MUNICIPALITIES,
    DEMO_PASSWORD,
    DEMO_SEED,
    STAFF_ACCOUNTS,
    DemoAccount,
    DemoPassword,
    demo_data_present,
    seed_participants_demo,
)
from reporting.demo import officer_accounts, seed_arrangements_demo, seed_reporting_demo, stories_reset
from voorveld.models import User
from voorveld.two_factor import demo_totp_upsert, is_mandatory


def demo_accounts() -> list[DemoAccount]:
    return [*STAFF_ACCOUNTS, *officer_accounts(municipalities=DEMO_MUNICIPALITIES)]


class Command(BaseCommand):
    help = (
        "Load fictional demo data: one organisation, two locations, ~120 participants with a year of "
        "attendance, and one account per role. Only when DEMO_MODE is on."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing (but show the demo accounts) when the database has users or participants.",
        )
        parser.add_argument(
            "--without-pdf", action="store_true",
            help="Skip rendering the published demo report (faster; for tests of the rest of the demo).",
        )
        parser.add_argument(
            "--force", action="store_true",
            help="Reseed a demo database that already has data: replaces ALL participants.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and demo_data_present():
            self.stdout.write("The database already has data; keeping it.")
            self._print_accounts(existing_only=True)
            return
        # Never on a real installation: --force does not lift this, it deletes every participant.
        if not settings.DEMO_MODE:
            raise CommandError(
                "Refusing to load demo data: DEMO_MODE is off. Demo data belongs only in a demo "
                "installation; set DEMO_MODE=true there (as `make run` does)."
            )
        if demo_data_present() and not options["force"]:
            raise CommandError(
                "The database already has users or participants. Use --if-empty to keep them, or --force "
                "to replace every participant with the demo data."
            )

        started = time.monotonic()
        today = timezone.localdate()
        with transaction.atomic():
            password = DemoPassword.make(DEMO_PASSWORD)
            stories_reset()
            result = seed_participants_demo(rng=random.Random(DEMO_SEED), today=today, password=password)
            seed_reporting_demo(municipalities=result.municipalities, password=password)
            seed_arrangements_demo(
                today=today, coordinator=User.objects.get(username="coordinator"),
                garden=result.locations.get("De Tuin"), with_report=not options["without_pdf"],
            )
            # Roles with mandatory two-step verification get a fixed authenticator secret (printed below).
            for user in User.objects.filter(username__in=[a.username for a in demo_accounts()]):
                if is_mandatory(user):
                    demo_totp_upsert(user)
        seconds = time.monotonic() - started

        self.stdout.write(self.style.SUCCESS(
            f"Demo data loaded for {today:%Y-%m-%d} in {seconds:.1f} s: {result.organisation.name}, "
            f"{len(result.locations)} locations, {len(result.activities)} activities, "
            f"{len(result.municipalities)} gemeenten, {result.participants} participants, "
            f"{result.visits} visits."
        ))
        self._print_accounts(existing_only=False)

    def _print_accounts(self, *, existing_only: bool) -> None:
        accounts: Sequence[DemoAccount] = demo_accounts()
        if existing_only:
            usernames = [a.username for a in accounts]
            present = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
            accounts = [a for a in accounts if a.username in present]
            if not accounts:
                return
        width = max(len(a.username) for a in accounts)
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for every account: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {'username':<{width}}  {'role':<11}  {'password':<{len(DEMO_PASSWORD)}}  sees")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<{width}}  {account.role:<11}  {DEMO_PASSWORD}  {account.sees}"
            )
        self._print_totp_secrets([a.username for a in accounts])
        self.stdout.write("With `make run`: log in at http://127.0.0.1:8000/. All demo data is fictional.")

    def _print_totp_secrets(self, usernames: list[str]) -> None:
        """The fixed two-step verification secrets of the demo accounts that need one (demo mode only)."""
        if not settings.DEMO_MODE:
            return
        users = [
            user for user in User.objects.filter(username__in=usernames).order_by("username")
            if is_mandatory(user)
        ]
        if not users:
            return
        secrets = [demo_totp_upsert(user) for user in users]
        width = max(len(s.username) for s in secrets)
        self.stdout.write("")
        self.stdout.write("Two-step verification (coordinator, officers, admin): after the password Voorveld")
        self.stdout.write("asks for a 6-digit code. Add the secret to any authenticator app (FreeOTP, Aegis,")
        self.stdout.write("Google Authenticator, ...) or compute the code with `oathtool --totp -b SECRET`:")
        for secret in secrets:
            self.stdout.write(f"  {secret.username:<{width}}  {secret.base32}")
