from __future__ import annotations

import pytest
from django.conf import settings

from voorveld.tasks import ping

pytestmark = pytest.mark.celery


def test_test_broker_is_separate_from_the_run_broker() -> None:
    assert settings.CELERY_BROKER_URL.endswith(f"/{settings.TEST_REDIS_DB}")
    assert settings.CELERY_BROKER_URL != settings.REDIS_URL


def test_a_task_round_trips_through_the_real_worker(live_celery_worker: object) -> None:
    result = ping.delay("hallo")
    assert result.get(timeout=20) == "hallo"
    assert result.successful()


def test_the_worker_sees_committed_rows_of_the_test_database(live_celery_worker: object) -> None:
    from participants.models import Municipality

    Municipality.objects.create(name="Gemeente Celerydorp", cbs_code="GM9977")
    result = municipality_names.delay()
    assert "Gemeente Celerydorp" in result.get(timeout=20)


from voorveld.celery import app as _app  # noqa: E402


@_app.task(name="tests.municipality_names")
def municipality_names() -> list[str]:
    from participants.models import Municipality

    return list(Municipality.objects.values_list("name", flat=True))
