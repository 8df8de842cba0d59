"""Fixtures of the access tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def settled(cast: dict[str, Any]) -> dict[str, Any]:
    """The cast, as people who joined a year ago (before anything a test stages)."""
    from accounts.models import User

    User.objects.filter(pk__in=[u.pk for u in cast.values()]).update(
        date_joined=timezone.now() - dt.timedelta(days=365)
    )
    for user in cast.values():
        user.refresh_from_db()
    return cast
