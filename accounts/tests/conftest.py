"""Fixtures for the accounts tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from accounts.tests.lockout_helpers import MONDAY


@pytest.fixture
def clock() -> Iterator[Any]:
    """A clock that starts on a Monday morning and ticks; ``clock.shift(timedelta)`` moves it."""
    with time_machine.travel(MONDAY, tick=True) as traveller:
        yield traveller
