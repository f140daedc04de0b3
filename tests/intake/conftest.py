from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.intake.door import NOW


@pytest.fixture
def friday() -> Iterator[time_machine.Coordinates]:
    """Freeze the clock on a Friday morning in Amsterdam (the clock keeps ticking from there)."""
    with time_machine.travel(NOW) as traveller:
        yield traveller
