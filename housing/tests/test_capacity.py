"""Bookings, occupancy on any date, place counts, taking dwellings out of use, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from housing import selectors, services
from housing.models import PlaceBooking
from tests.factories import (
    BookingFactory,
    ClearanceFactory,
    DwellingFactory,
    OfferFactory,
    PlaceFactory,
)

DAY = dt.timedelta(days=1)


def _row(rows, offer):
    return next(r for r in rows if r.offer.pk == offer.pk)


def test_it_books_a_free_place_and_refuses_a_double_booking(cast, world):
    place = world["places_a"][0]
    today = dates.today()
    booking = services.place_book(
        place=place,
        starts_on=today,
        planned_end_on=today + 270 * DAY,
        status=PlaceBooking.Status.HELD,
        by=cast["coordinator"],
        reference="alloc-1",
    )
    assert booking.status == PlaceBooking.Status.HELD
    assert AuditEntry.objects.filter(action="housing.booking.created").count() == 1
    with pytest.raises(ValidationError, match="Plassen er allerede tatt"):
        services.place_book(
            place=place, starts_on=today + 10 * DAY, by=cast["coordinator"], reference="alloc-2"
        )
    # After the resident moved out, the place can be booked again from that day.
    services.booking_occupy(booking=booking, on=today, by=cast["coordinator"])
    services.booking_end(booking=booking, ends_on=today + 40 * DAY, by=cast["coordinator"])
    again = services.place_book(place=place, starts_on=today + 40 * DAY, by=cast["coordinator"])
    assert again.pk != booking.pk


def test_it_refuses_to_book_a_dwelling_without_valid_clearance(cast, world):
    place = PlaceFactory.create(dwelling=DwellingFactory.create(offer=world["offer_a"]))
    with pytest.raises(ValidationError, match="mangler sikkerhetsklarering"):
        services.place_book(place=place, starts_on=dates.today(), by=cast["coordinator"])
    assert not PlaceBooking.objects.filter(place=place).exists()


def test_it_computes_occupancy_for_past_and_future_dates(cast, world):
    today = dates.today()
    a1, a2 = world["places_a"]
    by = cast["coordinator"]
    BookingFactory.create(
        place=a1,
        starts_on=today - 200 * DAY,
        ends_on=today - 100 * DAY,
        status="ended",
        created_by=by,
    )
    BookingFactory.create(
        place=a1, starts_on=today - 50 * DAY, planned_end_on=today + 20 * DAY, created_by=by
    )
    BookingFactory.create(
        place=a2,
        starts_on=today - 150 * DAY,
        ends_on=today - 120 * DAY,
        status="ended",
        created_by=by,
    )
    BookingFactory.create(
        place=a2,
        starts_on=today - 300 * DAY,
        ends_on=today - 250 * DAY,
        status="cancelled",
        created_by=by,
    )
    offer = world["offer_a"]

    def occupied(day: dt.date) -> tuple[int, int]:
        row = _row(selectors.occupancy_on(day, fetched_by=by), offer)
        return row.occupied, row.free

    assert occupied(today - 130 * DAY) == (2, 0)
    assert occupied(today - 110 * DAY) == (1, 1)
    assert occupied(today - 275 * DAY) == (0, 2)  # cancelled bookings never count
    assert occupied(today) == (1, 1)
    assert occupied(today + 30 * DAY) == (0, 2)  # planned move-out in 20 days
    row = _row(selectors.occupancy_on(today, fetched_by=by), offer)
    assert row.next_planned_end == today + 20 * DAY
    assert row.expected_free_within(today) == 2


def test_it_keeps_past_capacity_when_a_dwelling_leaves_use(cast, world):
    today = dates.today()
    by = cast["project_lead_a"]
    services.dwelling_take_out_of_use(
        dwelling=world["dwelling_a"], reason="address_compromised", on=today, by=by
    )
    rows = selectors.occupancy_on(today, fetched_by=by)
    assert _row(rows, world["offer_a"]).places == 0
    past = selectors.occupancy_on(today - 10 * DAY, fetched_by=by)
    assert _row(past, world["offer_a"]).places == 2


def test_it_requires_a_relocation_note_to_take_out_an_occupied_dwelling(cast, world, client_for):
    dwelling = world["dwelling_a"]
    booking = BookingFactory.create(place=world["places_a"][0], created_by=cast["coordinator"])
    client = client_for(cast["project_lead_a"])
    url = reverse("housing:dwelling_take_out_of_use", args=[dwelling.pk])
    data = {
        "reason": "address_compromised",
        "out_of_use_from": dates.today().isoformat(),
        "note": "Sett av familie",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Skriv hvordan beboeren skal flyttes" in response.text
    assert 'href="#id_relocation_note"' in response.text
    assert "Sett av familie" in response.text
    dwelling.refresh_from_db()
    assert dwelling.in_use
    assert not AuditEntry.objects.filter(action="housing.dwelling.taken_out_of_use").exists()

    response = client.post(url, {**data, "relocation_note": "Flyttes til bolig A-5 i morgen."})
    assert response.status_code == 302
    dwelling.refresh_from_db()
    booking.refresh_from_db()
    assert not dwelling.in_use and dwelling.out_of_use_reason == "address_compromised"
    assert booking.needs_relocation
    assert AuditEntry.objects.filter(action="housing.dwelling.taken_out_of_use").count() == 1
    assert AuditEntry.objects.filter(action="housing.booking.relocation_flagged").count() == 1
    assert not selectors.dwelling_is_allocatable(dwelling)[0]


def test_it_refuses_a_place_count_below_current_occupancy(cast, world, client_for):
    dwelling = world["dwelling_a"]
    for place in world["places_a"]:
        BookingFactory.create(place=place, created_by=cast["coordinator"])
    client = client_for(cast["project_lead_a"])
    url = reverse("housing:dwelling_places", args=[dwelling.pk])
    response = client.post(url, {"place_count": 1})
    assert response.status_code == 200
    assert "Antall plasser kan ikke være lavere enn 2" in response.text
    assert 'value="1"' in response.text
    assert dwelling.places.filter(active=True).count() == 2
    assert not AuditEntry.objects.filter(action="housing.dwelling.capacity_changed").exists()


def test_it_closes_only_free_places_and_audits_capacity_changes(cast, world, client_for):
    dwelling = world["dwelling_a"]
    occupied = world["places_a"][1]
    BookingFactory.create(place=occupied, created_by=cast["coordinator"])
    client = client_for(cast["project_lead_a"])
    url = reverse("housing:dwelling_places", args=[dwelling.pk])
    assert client.post(url, {"place_count": 4}).status_code == 302
    assert dwelling.places.filter(active=True).count() == 4
    assert client.post(url, {"place_count": 1}).status_code == 302
    assert list(dwelling.places.filter(active=True)) == [occupied]
    assert AuditEntry.objects.filter(action="housing.dwelling.capacity_changed").count() == 2


def test_it_creates_a_dwelling_with_places_and_an_encrypted_address(cast, world, client_for):
    client = client_for(cast["project_lead_a"])
    response = client.post(
        reverse("housing:dwelling_create", args=[world["offer_a"].pk]),
        {
            "label": "A-7",
            "address": "Nyveien 1, 0000 Oppdiktet",
            "place_count": 3,
            "in_use_from": dates.today().isoformat(),
        },
    )
    assert response.status_code == 302
    dwelling = world["offer_a"].dwellings.get(label="A-7")
    assert dwelling.places.count() == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM housing_dwelling WHERE id = %s", [dwelling.pk])
        assert "Nyveien" not in cursor.fetchone()[0]
    entry = AuditEntry.objects.get(action="housing.dwelling.created")
    assert "address" in entry.fields


def test_it_shows_the_capacity_overview_with_chart_table_and_summary(cast, world, client_for):
    BookingFactory.create(place=world["places_a"][0], created_by=cast["coordinator"])
    response = client_for(cast["coordinator"]).get(reverse("housing:capacity"))
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in response.text
    assert "<caption>" in response.text
    assert "i dag er det 1 av 4" in response.text


def _many_dwellings(offer, count, by, prefix="Q"):
    for n in range(count):
        dwelling = DwellingFactory.create(offer=offer, label=f"{prefix}-{offer.pk}-{n}")
        ClearanceFactory.create(dwelling=dwelling, recorded_by=by)
        place = PlaceFactory.create(dwelling=dwelling, label="1")
        PlaceFactory.create(dwelling=dwelling, label="2")
        BookingFactory.create(place=place, created_by=by, planned_end_on=dates.today() + 30 * DAY)


@pytest.mark.parametrize(
    "route", ["housing:offer_list", "housing:capacity", "housing:offer_detail"]
)
def test_it_runs_a_bounded_number_of_queries_however_many_dwellings(
    route, cast, orgs, client_for, django_assert_max_num_queries
):
    by = cast["coordinator"]
    small = OfferFactory.create(municipality=orgs["municipality_a"], name="Lite")
    large = OfferFactory.create(municipality=orgs["municipality_b"], name="Stort")
    _many_dwellings(small, 3, by)
    client = client_for(by)
    args = [small.pk] if route == "housing:offer_detail" else []
    client.get(reverse(route, args=args))  # warm session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(route, args=args)).status_code == 200
    _many_dwellings(large if route != "housing:offer_detail" else small, 30, by, prefix="R")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(route, args=args)).status_code == 200
    assert len(few.captured_queries) <= 25
    print(route, "queries:", len(few.captured_queries))
