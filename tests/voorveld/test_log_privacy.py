"""Logs never contain what people typed: names at the door, search terms, sensitive notes. Each test
types a unique canary into a real view and looks for it in everything the production logging
configuration (settings.LOGGING, the same in production and tests) wrote, at DEBUG for every
logger, and in the error mail Django sends to ADMINS on a server error."""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from intake import views as intake_views
from tests.intake.door import NOW, board_url, htmx_search
from tests.participants.profile_data import regular, sensitive_consent, today
from tests.personas import World
from voorveld.log_privacy import RedactingFormatter, format_exception_without_values

CANARY = "CANARY-7f3a"
CANARY_NAME = "Kanariezqx"  # letters only: a name field accepts it


class Captured:
    def __init__(self, caplog: pytest.LogCaptureFixture, stream: io.StringIO) -> None:
        self.caplog = caplog
        self.stream = stream

    def text(self) -> str:
        """What the production handler wrote plus every record's message, as anyone reading logs sees."""
        messages = "\n".join(record.getMessage() for record in self.caplog.records)
        return self.stream.getvalue() + "\n" + messages

    def assert_clean(self, *canaries: str) -> None:
        assert self.caplog.records, "nothing was logged: the capture does not work"
        text = self.text()
        for canary in canaries:
            assert canary not in text


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[Captured]:
    """The root logger's production handlers (those with the RedactingFormatter settings.LOGGING
    configures) write into a buffer; the root level goes to DEBUG, as LOG_LEVEL=DEBUG would set it.
    Loggers with a level of their own in settings.LOGGING (django.db.backends) keep it."""
    handlers = [handler for handler in logging.getLogger().handlers
                if isinstance(handler, logging.StreamHandler)
                and isinstance(handler.formatter, RedactingFormatter)]
    assert handlers, "settings.LOGGING no longer configures a RedactingFormatter on the root logger"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    levels = [handler.level for handler in handlers]
    for handler in handlers:
        handler.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    # A line of our own proves the buffer is the production handler's output.
    logging.getLogger("voorveld.tests").debug("capture started")
    try:
        yield Captured(caplog, stream)
    finally:
        for handler, old, level in zip(handlers, previous, levels, strict=True):
            if old is not None:
                handler.setStream(old)
            handler.setLevel(level)
    assert "capture started" in stream.getvalue()


@pytest.fixture(autouse=True)
def _friday() -> Iterator[None]:
    """The door's fixed Friday morning (the fixture of tests/intake/conftest.py serves only there)."""
    with time_machine.travel(NOW):
        yield


def newcomer_data(world: World, **fields: object) -> dict[str, object]:
    return {
        "first_name": CANARY_NAME, "last_name": CANARY_NAME, "nickname": CANARY_NAME, "phone": "0612345678",
        "municipality": world.municipality_a.pk, "indicatie_category": "none", "consent": "on",
        "request_key": str(uuid.uuid4()), **fields,
    }


def test_registering_a_newcomer_logs_no_name(
    world: World, client_for: Callable[[str], Client], logs: Captured
) -> None:
    url = board_url(world.location, "newcomer")
    response = client_for("coach").post(url, newcomer_data(world), follow=True)
    assert response.status_code == 200
    assert CANARY_NAME in response.content.decode()  # it was really saved and shown
    logs.assert_clean(CANARY_NAME, "0612345678")


def test_searching_at_the_door_logs_no_search_term(
    world: World, client_for: Callable[[str], Client], logs: Captured
) -> None:
    htmx_search(client_for("coach"), world.location, CANARY)
    client_for("coach").get(board_url(world.location, "search"), {"q": CANARY})
    logs.assert_clean(CANARY)


def test_a_sensitive_note_is_not_logged(
    world: World, client_for: Callable[[str], Client], logs: Captured
) -> None:
    person = regular(world, birth_year=1980)
    sensitive_consent(person, world.users["coach"])
    url = reverse("participants:sensitive", args=[person.pk])
    response = client_for("coach").post(
        url, {"domains": ["debts"], "note": f"Schuld bij {CANARY}", "recorded_on": today().isoformat()},
        follow=True,
    )
    assert CANARY in response.content.decode()
    # And a form with an error (a date in the future), which goes down another path.
    client_for("coach").post(url, {"domains": ["debts"], "note": CANARY, "recorded_on": "2999-01-01"})
    logs.assert_clean(CANARY)


def test_a_server_error_logs_neither_the_posted_values_nor_the_exception_message(
    world: World, client_for: Callable[[str], Client], logs: Captured,
    monkeypatch: pytest.MonkeyPatch, settings: object,
) -> None:
    settings.ADMINS = [("Beheer", "beheer@example.nl")]  # type: ignore[attr-defined]

    def failing_register(**kwargs: object) -> None:
        # An exception whose message quotes what was typed, as a database error's DETAIL does.
        raise ValueError(f"cannot register {CANARY_NAME} ({CANARY})")

    monkeypatch.setattr(intake_views, "participant_register", failing_register)
    client = client_for("coach")
    client.raise_request_exception = False
    response = client.post(f"{board_url(world.location, 'newcomer')}?note={CANARY}", newcomer_data(world))
    assert response.status_code == 500

    written = logs.stream.getvalue()
    # The error is logged, with where it happened, so it can still be found and fixed.
    assert "Internal Server Error" in written and "ValueError" in written and "failing_register" in written
    logs.assert_clean(CANARY_NAME, CANARY)

    assert len(mail.outbox) == 1, "the error mail to ADMINS was not sent"
    report = mail.outbox[0]
    assert "ValueError" in report.body and "first_name" in report.body  # the field, not its value
    for canary in (CANARY_NAME, CANARY):
        assert canary not in report.subject and canary not in report.body


def test_a_server_error_on_a_search_logs_no_query_string(
    world: World, client_for: Callable[[str], Client], logs: Captured,
    monkeypatch: pytest.MonkeyPatch, settings: object,
) -> None:
    settings.ADMINS = [("Beheer", "beheer@example.nl")]  # type: ignore[attr-defined]

    def failing_search(**kwargs: object) -> None:
        raise RuntimeError(f"search for {kwargs.get('query')} failed")

    monkeypatch.setattr(intake_views, "participant_search", failing_search)
    client = client_for("coach")
    client.raise_request_exception = False
    response = client.get(board_url(world.location, "search"), {"q": CANARY}, HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL=f"http://testserver/?q={CANARY}")
    assert response.status_code == 500
    assert "RuntimeError" in logs.stream.getvalue()
    logs.assert_clean(CANARY)
    assert len(mail.outbox) == 1
    assert CANARY not in mail.outbox[0].body and CANARY not in mail.outbox[0].subject
    assert "RuntimeError" in mail.outbox[0].body


def test_a_chained_database_style_exception_keeps_types_and_frames_but_no_values() -> None:
    def inner() -> None:
        raise KeyError(CANARY)

    try:
        try:
            inner()
        except KeyError as exc:
            raise LookupError(f"wrapped {CANARY}") from exc
    except LookupError as exc:
        text = format_exception_without_values(exc)
    assert CANARY not in text
    assert "builtins.KeyError" in text and "builtins.LookupError" in text
    assert "direct cause" in text and "in inner" in text


def test_celery_failure_retry_and_unknown_task_messages_lose_their_values(logs: Captured) -> None:
    """Celery's own log calls, with its own format strings, through the production handler."""
    from celery.app import trace
    from celery.worker.consumer import consumer

    try:
        raise ValueError(f"no participant {CANARY}")
    except ValueError as exc:
        context = {"id": "1", "name": "reporting.tasks.report_render", "description": "raised unexpected",
                   "exc": exc, "args": [CANARY], "kwargs": {}, "traceback": ""}
        trace.logger.log(logging.ERROR, trace.LOG_FAILURE, context, exc_info=True, extra={"data": context})
    trace.logger.info(trace.LOG_RETRY, {"id": "2", "name": "t", "exc": f"Retry in 5s: {CANARY}"})
    body = f'[["{CANARY}"], {{}}, {{}}]'
    consumer.logger.error(consumer.UNKNOWN_TASK_ERROR, KeyError("voorveld.tasks.gone"), body,
                          {"argsrepr": f"['{CANARY}']"}, {"routing_key": "celery"})
    written = logs.stream.getvalue()
    assert "reporting.tasks.report_render[1] raised unexpected: builtins.ValueError" in written
    assert "Received unregistered task" in written
    logs.assert_clean(CANARY)


def test_connection_errors_keep_their_message_so_an_outage_can_be_diagnosed() -> None:
    from django.db import OperationalError

    error = OperationalError('connection to server at "db" failed: database "voorveld" does not exist')
    assert 'database "voorveld" does not exist' in format_exception_without_values(error)
    from django.db import IntegrityError

    leak = IntegrityError(f"duplicate key value violates unique constraint DETAIL: Key (name)=({CANARY})")
    assert CANARY not in format_exception_without_values(leak)
