from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.apps import apps as django_apps
from django.conf import settings
from django.test import Client

from tests.personas import World, build_world

# Rows that data migrations create; transactional tests (live server, Celery worker) flush every
# table afterwards, so with --reuse-db the next run would start without them.
MIGRATION_DATA = (
    ("participants.migrations.0002_special_municipalities", "create_special_municipalities"),
    ("participants.migrations.0005_default_life_domains", "create_life_domains"),
)


def _restore_migration_data() -> None:
    for module, function in MIGRATION_DATA:
        getattr(importlib.import_module(module), function)(django_apps, None)


@pytest.fixture(scope="session", autouse=True)
def _migration_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        _restore_migration_data()
    yield
    with django_db_blocker.unblock():
        _restore_migration_data()


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
