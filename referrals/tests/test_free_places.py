"""One free-place rule: capacity, the offer list, matching and booking agree on every place.

The offer below has one place of each kind, and the expected answers are
written by hand from what a coordinator would call free: a place is free
when a new stay could begin on it today. Before the rule was shared, a place
held for someone arriving next week counted as free in capacity and the
offer list ("1 ledig nå") while matching refused it and said it would be
"forventet ledig fra" today.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core import dates
from housing import selectors as housing_selectors
from housing import services as housing_services
from housing.models import PlaceBooking
from referrals.selectors import match_offers
from tests.factories import (
    BookingFactory,
    ClearanceFactory,
    DwellingFactory,
    OfferFactory,
    PlaceFactory,
    clear,
)

DAY = dt.timedelta(days=1)


@pytest.fixture
def offer_with_one_of_each(cast, orgs):
    today = dates.today()
    offer = OfferFactory.create(municipality=orgs["municipality_a"], name="Leiligheter")
    places = {}
    for label in ("free", "held_next_week", "leaving_in_ten_days"):
        dwelling = DwellingFactory.create(offer=offer, label=label)
        clear(dwelling, by=cast["coordinator"])
        places[label] = PlaceFactory.create(dwelling=dwelling)
    expired = DwellingFactory.create(offer=offer, label="clearance_expired")
    ClearanceFactory.create(
        dwelling=expired,
        recorded_by=cast["coordinator"],
        cleared_on=today - 400 * DAY,
        valid_until=today - DAY,
    )
    places["clearance_expired"] = PlaceFactory.create(dwelling=expired)
    BookingFactory.create(
        place=places["held_next_week"],
        status=PlaceBooking.Status.HELD,
        starts_on=today + 5 * DAY,
        hold_expires_on=today + 7 * DAY,
        created_by=cast["coordinator"],
    )
    BookingFactory.create(
        place=places["leaving_in_ten_days"],
        starts_on=today - 200 * DAY,
        planned_end_on=today + 10 * DAY,
        created_by=cast["coordinator"],
    )
    return offer, places


def _capacity(offer, user):
    rows = housing_selectors.capacity_overview(fetched_by=user).rows
    return next(row for row in rows if row.offer.pk == offer.pk)


def test_it_counts_the_same_free_places_in_capacity_the_offer_list_and_matching(
    offer_with_one_of_each, case, cast
):
    offer, places = offer_with_one_of_each
    coordinator = cast["coordinator"]

    capacity = _capacity(offer, coordinator)
    assert (capacity.places, capacity.occupied, capacity.held, capacity.not_cleared) == (4, 1, 1, 1)
    assert capacity.free == 1

    listed = next(
        r for r in housing_selectors.offer_list(fetched_by=coordinator) if r.offer == offer
    )
    assert listed.capacity is not None and listed.capacity.free == 1

    match = next(
        m
        for m in match_offers(assessment=case.assessment, fetched_by=coordinator)
        if m.offer.pk == offer.pk
    )
    assert [p.pk for p in match.free_places] == [places["free"].pk]
    assert match.free_from == dates.today()


def test_it_refuses_to_book_what_it_does_not_count_as_free(offer_with_one_of_each, cast):
    _offer, places = offer_with_one_of_each
    today = dates.today()
    for label in ("held_next_week", "leaving_in_ten_days", "clearance_expired"):
        with pytest.raises(ValidationError):
            housing_services.place_book(
                place=places[label], starts_on=today, by=cast["coordinator"]
            )
    booking = housing_services.place_book(
        place=places["free"], starts_on=today, by=cast["coordinator"]
    )
    assert booking.place_id == places["free"].pk


def test_it_says_when_the_next_place_frees_once_the_free_one_is_taken(
    offer_with_one_of_each, case, cast
):
    offer, places = offer_with_one_of_each
    today = dates.today()
    housing_services.place_book(place=places["free"], starts_on=today, by=cast["coordinator"])

    capacity = _capacity(offer, cast["coordinator"])
    assert (capacity.held, capacity.free) == (2, 0)
    match = next(
        m
        for m in match_offers(assessment=case.assessment, fetched_by=cast["coordinator"])
        if m.offer.pk == offer.pk
    )
    assert match.free_places == []
    # The held place has no planned end, so only the resident leaving in ten days frees one.
    assert match.free_from == today + 10 * DAY
    assert any("forventet ledig fra" in note for note in match.notes)


def test_it_finds_the_first_free_day_from_the_bookings_alone():
    today = dates.today()

    def booking(starts: int, ends: int | None = None, planned: int | None = None) -> PlaceBooking:
        return PlaceBooking(
            status=PlaceBooking.Status.OCCUPIED,
            starts_on=today + starts * DAY,
            ends_on=None if ends is None else today + ends * DAY,
            planned_end_on=None if planned is None else today + planned * DAY,
        )

    free_from = housing_selectors.free_from
    assert free_from([], today) == today
    assert free_from([booking(-30, ends=0)], today) == today
    assert free_from([booking(-30, planned=12)], today) == today + 12 * DAY
    assert free_from([booking(-30, planned=12), booking(20, planned=300)], today) == (
        today + 300 * DAY
    )
    assert free_from([booking(5)], today) is None
