from __future__ import annotations

from celery import shared_task


@shared_task(name="voorveld.ping")
def ping(payload: str = "pong") -> str:
    """Round-trip check for the worker: used by the test harness and by operators."""
    return payload
