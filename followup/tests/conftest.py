"""Stays to follow up: one in municipality A, one in B.

``make_stay`` creates an offer and a stay with plain ``create`` calls (the
person, allocation and booking are nullable, as for imported stays), so these
tests do not depend on the other apps' services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from core import dates


@pytest.fixture
def make_stay(orgs: dict[str, Any]) -> Callable[..., Any]:
    from housing.models import Offer
    from stays.models import Stay

    def make(
        municipality: str = "municipality_a",
        moved_in_days_ago: int | None = 30,
        moved_out_days_ago: int | None = None,
        **extra: Any,
    ) -> Stay:
        today = dates.today()
        moved_in = (
            today - dt.timedelta(days=moved_in_days_ago) if moved_in_days_ago is not None else None
        )
        moved_out = (
            today - dt.timedelta(days=moved_out_days_ago)
            if moved_out_days_ago is not None
            else None
        )
        offer = Offer.objects.create(
            municipality=orgs[municipality],
            name=f"Tilbud {Offer.objects.count() + 1}",
            offer_type=Offer.Type.APARTMENT,
            intensity=Offer.Intensity.MEDIUM,
            on_call=Offer.OnCall.CRISIS_CENTRE,
        )
        if moved_out:
            status = Stay.Status.MOVED_OUT
        else:
            status = Stay.Status.LIVING if moved_in else Stay.Status.ALLOCATED
        # person/allocation/booking are nullable (imported stays): not needed here.
        return Stay.objects.create(
            offer=offer,
            status=status,
            allocated_on=(moved_in or today) - dt.timedelta(days=5),
            moved_in_on=moved_in,
            moved_out_on=moved_out,
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
