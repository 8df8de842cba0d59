"""Stays with a booked place in municipalities A and B, and a person in the intake."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories as f


@pytest.fixture
def stay_a(orgs: dict[str, Any], cast: dict[str, Any]) -> Any:
    booking = f.BookingFactory.create(
        place__dwelling__offer__municipality=orgs["municipality_a"], created_by=cast["coordinator"]
    )
    return f.StayFactory.create(offer=booking.place.dwelling.offer, booking=booking)


@pytest.fixture
def stay_b(orgs: dict[str, Any], cast: dict[str, Any]) -> Any:
    booking = f.BookingFactory.create(
        place__dwelling__offer__municipality=orgs["municipality_b"], created_by=cast["coordinator"]
    )
    return f.StayFactory.create(offer=booking.place.dwelling.offer, booking=booking)


@pytest.fixture
def person(cast: dict[str, Any]) -> Any:
    return f.AssessmentFactory.create(assessed_by_user=cast["coordinator"]).person
