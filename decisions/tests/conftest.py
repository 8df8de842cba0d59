"""Stays with decisions: one in municipality A, one in B (the stay row alone, as in followup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from core import dates
from tests.factories import StayFactory


@pytest.fixture
def make_stay(orgs: dict[str, Any]) -> Callable[..., Any]:
    from housing.models import Offer

    def make(
        municipality: str = "municipality_a", moved_in_days_ago: int = 30, **extra: Any
    ) -> Any:
        return StayFactory.create(
            offer__municipality=orgs[municipality],
            offer__offer_type=Offer.Type.APARTMENT,
            moved_in_on=dates.today() - dt.timedelta(days=moved_in_days_ago),
            **extra,
        )

    return make


@pytest.fixture
def stay_a(make_stay: Callable[..., Any]) -> Any:
    return make_stay("municipality_a")


@pytest.fixture
def stay_b(make_stay: Callable[..., Any]) -> Any:
    return make_stay("municipality_b")
