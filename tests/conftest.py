from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.test import Client

from tests.migration_data import restore_migration_data
from tests.personas import World, build_world


@pytest.fixture(scope="session", autouse=True)
def _migration_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        restore_migration_data()
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.fixture(autouse=True)
def _private_media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client logged in as one of the canonical personas ("anonymous" stays logged out)."""

    def make(persona: str) -> Client:
        client = Client()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
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
