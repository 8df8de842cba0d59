"""Capacity and occupancy (kapasitet og belegg) per offer: on any day, and month by month.

Reads of housing (``housing.selectors``): through ``access.policy``, the
address deferred, a fixed number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from housing.models import (
    Offer,
    Place,
    PlaceBooking,
    SecurityClearance,
)
from housing.models.clearance import MINIMUM_REQUIREMENTS
from housing.selectors.allocatable import (
    EXPIRY_WARNING_DAYS,
    _covers,
    blocks_new_stay,
    clearance_state,
)

# The clearance columns the free-place rule needs; the encrypted notes stay unread.
MINIMUM_FIELDS = tuple(name for name, _label in MINIMUM_REQUIREMENTS)


@dataclass
class OfferCapacity:
    offer: Offer
    places: int = 0
    occupied: int = 0
    held: int = 0
    needs_relocation: int = 0
    # In use, but its dwelling has no valid security clearance: not free for anyone.
    not_cleared: int = 0
    planned_ends: list[dt.date] = field(default_factory=list)

    @property
    def free(self) -> int:
        return max(self.places - self.occupied - self.held - self.not_cleared, 0)

    def expected_free_within(self, today: dt.date, days: int = EXPIRY_WARNING_DAYS) -> int:
        limit = today + dt.timedelta(days=days)
        return self.free + sum(1 for d in self.planned_ends if d <= limit)

    @property
    def next_planned_end(self) -> dt.date | None:
        return min(self.planned_ends) if self.planned_ends else None


@dataclass
class _Ledger:
    offers: list[Offer]
    places: list[Place]
    bookings: dict[int, list[PlaceBooking]]
    clearances: dict[int, list[SecurityClearance]]


def _ledger(fetched_by: Viewer, offers: QuerySet[Offer] | None = None) -> _Ledger:
    """Four queries: the offers, their places (with dwelling dates), their bookings and clearances."""
    if offers is None:
        offers = policy.visible(fetched_by, Offer, Perm.VIEW_CAPACITY)
    offer_list = list(offers.select_related("municipality"))
    places = list(
        policy.visible(fetched_by, Place, Perm.VIEW_CAPACITY)
        .filter(dwelling__offer__in=[o.pk for o in offer_list])
        .select_related("dwelling")
        .only(
            "id",
            "label",
            "active",
            "active_from",
            "active_until",
            "dwelling__id",
            "dwelling__offer_id",
            "dwelling__label",
            "dwelling__in_use",
            "dwelling__in_use_from",
            "dwelling__out_of_use_from",
        )
    )
    bookings: dict[int, list[PlaceBooking]] = defaultdict(list)
    for booking in (
        PlaceBooking.objects.filter(place__in=[p.pk for p in places])
        .exclude(status=PlaceBooking.Status.CANCELLED)
        .only(
            "id",
            "place_id",
            "starts_on",
            "ends_on",
            "planned_end_on",
            "status",
            "hold_expires_on",
            "needs_relocation",
        )
    ):
        bookings[booking.place_id].append(booking)
    clearances: dict[int, list[SecurityClearance]] = defaultdict(list)
    for clearance in SecurityClearance.objects.filter(
        dwelling__in={p.dwelling_id for p in places}
    ).only("id", "dwelling_id", "cleared_on", "valid_until", *MINIMUM_FIELDS):
        clearances[clearance.dwelling_id].append(clearance)
    return _Ledger(offer_list, places, bookings, clearances)


def _occupancy(ledger: _Ledger, day: dt.date, today: dt.date) -> dict[int, OfferCapacity]:
    """Each offer's places on ``day``: occupied, held, not cleared, and so free.

    From today on, a place is free only by the one free-place rule that
    matching and booking use: a place held for someone arriving next week
    counts as held (``blocks_new_stay``), and a place whose dwelling has no
    valid clearance as not cleared, because no new stay could begin on either.
    Past days show what was occupied and held, nothing more.
    """
    result = {offer.pk: OfferCapacity(offer=offer) for offer in ledger.offers}
    for place in ledger.places:
        row = result[place.dwelling.offer_id]
        in_capacity = place.active_on(day) and place.dwelling.in_use_on(day)
        bookings = ledger.bookings.get(place.pk, [])
        taken = False
        for booking in bookings:
            if not _covers(booking, day, today):
                continue
            if booking.needs_relocation:
                row.needs_relocation += 1
            if not in_capacity:
                continue
            taken = True
            if booking.status == PlaceBooking.Status.HELD:
                row.held += 1
            else:
                row.occupied += 1
            if booking.ends_on is None and booking.planned_end_on and booking.planned_end_on >= day:
                row.planned_ends.append(booking.planned_end_on)
        if not in_capacity:
            continue
        row.places += 1
        if taken or day < today:
            continue
        # Today the booking rule itself; later days assume planned move-outs
        # happen, so only a reservation that starts later stands in the way.
        if any(blocks_new_stay(b, day) and (day == today or b.starts_on > day) for b in bookings):
            row.held += 1
        elif not clearance_state(
            ledger.clearances.get(place.dwelling_id, []), day
        ).allows_allocation:
            row.not_cleared += 1
    return result


def occupancy_on(day: dt.date, *, fetched_by: Viewer) -> list[OfferCapacity]:
    """Places, occupied, held and free per offer on any past or future ``day``.

    Past days use the booking history and the dwellings' and places' in-use
    dates; future days assume residents leave on their planned move-out date.
    """
    ledger = _ledger(fetched_by)
    rows = _occupancy(ledger, day, dates.today())
    return [rows[o.pk] for o in ledger.offers]


@dataclass
class Timeline:
    days: list[dt.date]
    # offer -> occupied+held per day, and places per day
    taken: dict[int, list[int]]
    places: dict[int, list[int]]
    offers: list[Offer]

    def summary(self) -> str:
        """One sentence for the chart: the range over the period and today's figure."""
        totals = [sum(series[i] for series in self.taken.values()) for i in range(len(self.days))]
        places = [sum(series[i] for series in self.places.values()) for i in range(len(self.days))]
        if not totals:
            return _("Det finnes ingen plasser å vise.")
        now = min(12, len(totals) - 1)
        return _(
            "Fra måned til måned var mellom %(low)d og %(high)d plasser i bruk eller holdt av; "
            "i dag er det %(now)d av %(places)d."
        ) % {"low": min(totals), "high": max(totals), "now": totals[now], "places": places[now]}


@dataclass
class CapacityOverview:
    today: dt.date
    rows: list[OfferCapacity]
    timeline: Timeline

    @property
    def totals(self) -> OfferCapacity:
        total = OfferCapacity(offer=None)  # type: ignore[arg-type]
        for row in self.rows:
            total.places += row.places
            total.occupied += row.occupied
            total.held += row.held
            total.needs_relocation += row.needs_relocation
            total.not_cleared += row.not_cleared
            total.planned_ends += row.planned_ends
        return total


def capacity_overview(*, fetched_by: Viewer, today: dt.date | None = None) -> CapacityOverview:
    """Today's capacity per offer and a monthly timeline (12 months back, 3 ahead)."""
    today = today or dates.today()
    ledger = _ledger(fetched_by)
    now = _occupancy(ledger, today, today)
    days = [dates.add_months(today, k) for k in range(-12, 4)]
    taken: dict[int, list[int]] = {o.pk: [] for o in ledger.offers}
    places: dict[int, list[int]] = {o.pk: [] for o in ledger.offers}
    for day in days:
        snapshot = _occupancy(ledger, day, today)
        for offer in ledger.offers:
            taken[offer.pk].append(snapshot[offer.pk].occupied + snapshot[offer.pk].held)
            places[offer.pk].append(snapshot[offer.pk].places)
    return CapacityOverview(
        today=today,
        rows=[now[o.pk] for o in ledger.offers],
        timeline=Timeline(days=days, taken=taken, places=places, offers=ledger.offers),
    )
