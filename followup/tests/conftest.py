"""Stays to follow up: one in municipality A, one in B.

``make_stay`` makes the stay row alone (``tests.factories.StayFactory``: the
person, allocation and booking are nullable, as for imported stays), each in
an offer of its own, so these tests do not depend on the other apps' services.
"""

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
    from stays.models import Stay

    def days_ago(days: int | None) -> dt.date | None:
        return None if days is None else dates.today() - dt.timedelta(days=days)

    def make(
        municipality: str = "municipality_a",
        moved_in_days_ago: int | None = 30,
        moved_out_days_ago: int | None = None,
        **extra: Any,
    ) -> Stay:
        return StayFactory.create(
            offer__municipality=orgs[municipality],
            offer__offer_type=Offer.Type.APARTMENT,
            moved_in_on=days_ago(moved_in_days_ago),
            moved_out_on=days_ago(moved_out_days_ago),
            **extra,
        )

    return make


@pytest.fixture
def add_child() -> Callable[..., Any]:
    from stays.models import HouseholdMember

    def add(stay: Any, birth_year: int = 2019) -> Any:
        return HouseholdMember.objects.create(
            stay=stay, kind=HouseholdMember.Kind.CHILD, birth_year=birth_year
        )

    return add


@pytest.fixture
def stay_a(make_stay: Callable[..., Any]) -> Any:
    return make_stay("municipality_a")


@pytest.fixture
def stay_b(make_stay: Callable[..., Any]) -> Any:
    return make_stay("municipality_b")
