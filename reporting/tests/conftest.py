"""Reporting fixtures: stays without persons (as the contract allows) in offers of A and B."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import OfferFactory, StayFactory


@pytest.fixture
def offers(orgs: dict[str, Any]) -> dict[str, Any]:
    return {
        "a": OfferFactory(municipality=orgs["municipality_a"], name="Tilbud A"),
        "b": OfferFactory(municipality=orgs["municipality_b"], name="Tilbud B"),
    }


@pytest.fixture
def make_stay(offers: dict[str, Any]) -> Callable[..., Any]:
    from stays.models import Stay

    def make(
        offer: str = "a",
        *,
        moved_in_on: dt.date | None,
        planned_move_out_on: dt.date | None = None,
        moved_out_on: dt.date | None = None,
        **extra: Any,
    ) -> Stay:
        return StayFactory.create(
            offer=offers[offer],
            moved_in_on=moved_in_on,
            planned_move_out_on=planned_move_out_on,
            moved_out_on=moved_out_on,
            **extra,
        )

    return make
