"""PostgreSQL only: the exclusion constraint stops overlapping bookings of one place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core import dates
from housing.models import PlaceBooking

pytestmark = pytest.mark.postgres


def test_it_refuses_overlapping_bookings_in_the_database(cast, world):
    place = world["places_a"][0]
    today = dates.today()
    by = cast["coordinator"]
    PlaceBooking.objects.create(place=place, starts_on=today, status="occupied", created_by=by)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceBooking.objects.create(
            place=place, starts_on=today + dt.timedelta(days=3), status="held", created_by=by
        )


def test_it_allows_back_to_back_and_cancelled_bookings(cast, world):
    place = world["places_a"][1]
    today = dates.today()
    by = cast["coordinator"]
    PlaceBooking.objects.create(
        place=place,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today,
        status="ended",
        created_by=by,
    )
    PlaceBooking.objects.create(place=place, starts_on=today, status="occupied", created_by=by)
    PlaceBooking.objects.create(place=place, starts_on=today, status="cancelled", created_by=by)
    assert PlaceBooking.objects.filter(place=place).count() == 3
