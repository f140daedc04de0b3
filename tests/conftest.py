from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client, TransactionTestCase
from pytest_django.plugin import blocking_manager_key

from participants.db_router import ACCESS_LOG_DB
from tests.migration_data import restore_migration_data
from tests.otp import otp_verify_session
from tests.personas import World, build_world
from voorveld.middleware import SESSION_TOUCHED_KEY
from voorveld.two_factor import is_mandatory

# Every database test may also use the access-log connection (settings.DATABASES["access_log"],
# participants.db_router). It is not a TEST MIRROR: it is pointed at the test database pytest-django
# makes for "default" (django_db_setup below) and stays a separate connection, so a log row really
# is written outside the request's transaction. In a plain test each connection runs inside its own
# transaction, rolled back at the end; reads of the log go through the log's connection too, so a
# test reads back what it wrote. (Set on the class rather than through django_db markers: a marker
# would set up the database before a test's own fixtures and so flush after their teardown.)
TransactionTestCase.databases = {DEFAULT_DB_ALIAS, ACCESS_LOG_DB}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> None:
    """pytest-django's set-up, then the access-log alias onto the same test database (what Django
    does for two aliases with equal settings; pytest-django only sets up the aliases it sees used)."""
    log = connections[ACCESS_LOG_DB]
    log.close()
    log.creation.set_as_test_mirror(connections[DEFAULT_DB_ALIAS].settings_dict)


@pytest.fixture(scope="session", autouse=True)
def _migration_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        restore_migration_data()
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """After a transactional test (its flush empties every table, after all its fixtures are torn
    down) put back the rows the data migrations made, so later tests find the special gemeenten and
    the life domains again — whatever the order of that test's fixtures."""
    yield
    marker = item.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())) or (
        marker is not None and marker.kwargs.get("transaction")
    ):
        with item.config.stash[blocking_manager_key].unblock():
            restore_migration_data()


@pytest.fixture(autouse=True)
def _private_media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client logged in as one of the canonical personas ("anonymous" stays logged out).
    Roles that must use two-step verification get an authenticator and a session that passed it,
    the way django_otp.login() marks it (tests/test_two_factor.py covers the real code step)."""

    def make(persona: str) -> Client:
        client = Client()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
            if is_mandatory(user):
                otp_verify_session(client, user)
            # As a login through the form leaves it: the idle timeout counts from now.
            session = client.session
            session[SESSION_TOUCHED_KEY] = time.time()
            session.save()
        return client

    return make


@pytest.fixture
def live_celery_worker(transactional_db: None) -> Iterator[object]:
    """A real Celery worker (in a thread of this process) on the test database and on the test
    Redis database number (settings.TEST_REDIS_DB), so a running `make run` worker never takes
    a test's task. Tests using it are transactional: the worker sees only committed rows."""
    from celery.contrib.testing.worker import start_worker

    from voorveld.celery import app

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    with start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield app
