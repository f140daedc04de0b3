"""Rows that data migrations create, which transactional tests flush."""

from __future__ import annotations

import importlib

from django.apps import apps as django_apps

# Rows that data migrations create; transactional tests (live server, Celery worker) flush every
# table afterwards, so with --reuse-db the next run would start without them.
MIGRATION_DATA = (
    ("participants.migrations.0002_special_municipalities", "create_special_municipalities"),
    ("participants.migrations.0005_default_life_domains", "create_life_domains"),
)


def restore_migration_data() -> None:
    for module, function in MIGRATION_DATA:
        getattr(importlib.import_module(module), function)(django_apps, None)
