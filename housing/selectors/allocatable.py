"""Whether a dwelling or a place can be allocated today: its clearance and its bookings.

Reads of housing (``housing.selectors``): through ``access.policy``, the
address deferred, a fixed number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import dates
from housing.models import (
    Dwelling,
    Place,
    PlaceBooking,
    SecurityClearance,
)

EXPIRY_WARNING_DAYS = 30


# Secret or resident-related columns never loaded outside the audited read.
DWELLING_SECRETS = ("address", "out_of_use_note", "relocation_note")


@dataclass(frozen=True)
class ClearanceState:
    code: str  # valid | expiring | expired | missing | minimums_not_met
    label: str
    kind: str  # tag colour: success | warning | danger
    clearance: SecurityClearance | None = None

    @property
    def allows_allocation(self) -> bool:
        return self.code in {"valid", "expiring"}

    @property
    def is_warning(self) -> bool:
        return self.code != "valid"


def clearance_state(clearances: list[SecurityClearance], on: dt.date) -> ClearanceState:
    """The state of the newest clearance made on or before ``on``."""
    made = [c for c in clearances if c.cleared_on <= on]
    if not made:
        return ClearanceState("missing", _("Mangler sikkerhetsklarering"), "danger")
    latest = max(made, key=lambda c: (c.cleared_on, c.pk or 0))
    if on > latest.valid_until:
        return ClearanceState("expired", _("Sikkerhetsklareringen er utløpt"), "danger", latest)
    if not latest.minimums_met:
        return ClearanceState(
            "minimums_not_met", _("Minstekravene er ikke oppfylt"), "danger", latest
        )
    if (latest.valid_until - on).days <= EXPIRY_WARNING_DAYS:
        label = _("Klareringen utløper %(date)s") % {
            "date": date_format(latest.valid_until, "SHORT_DATE_FORMAT")
        }
        return ClearanceState("expiring", label, "warning", latest)
    return ClearanceState("valid", _("Klarert"), "success", latest)


def dwelling_is_allocatable(dwelling: Dwelling, on: dt.date | None = None) -> tuple[bool, str]:
    """May the dwelling receive an allocation on ``on``? (ok, reason in Norwegian).

    Needs: the dwelling in use that day, and a clearance made on or before
    that day, still valid, with all minimum requirements met.
    """
    on = on or dates.today()
    if not dwelling.in_use_on(on):
        return False, _("Boligen er ikke i bruk på denne datoen.")
    state = clearance_state(list(SecurityClearance.objects.filter(dwelling_id=dwelling.pk)), on)
    if not state.allows_allocation:
        return False, _("Boligen kan ikke tildeles: %(state)s.") % {"state": state.label.lower()}
    return True, ""


def _covers(booking: PlaceBooking, day: dt.date, today: dt.date) -> bool:
    """Does the booking take its place on ``day``? Open bookings run to their planned end in the future."""
    if booking.status == PlaceBooking.Status.CANCELLED or day < booking.starts_on:
        return False
    if booking.ends_on is not None:
        return day < booking.ends_on
    if (
        booking.status == PlaceBooking.Status.HELD
        and booking.hold_expires_on is not None
        and day > booking.hold_expires_on
    ):
        return False
    if day <= today or booking.planned_end_on is None:
        return True
    # Someone past the planned move-out is still there today.
    return day < max(booking.planned_end_on, today + dt.timedelta(days=1))


def blocks_new_stay(booking: PlaceBooking, day: dt.date) -> bool:
    """The one free-place rule (ledig plass): does ``booking`` stand in the way of a stay from ``day``?

    A new stay has no end when it begins, so a held or occupied booking is in
    its way while it runs on ``day`` and also when it starts later. An expired
    hold still counts until the expiry job cancels it: until then the booking
    service would refuse the place too. Capacity, the offer list, matching and
    ``place_book`` (under its row lock) all ask this.
    """
    return booking.status in PlaceBooking.TAKING and (
        booking.ends_on is None or booking.ends_on > day
    )


def free_from(bookings: list[PlaceBooking], on: dt.date) -> dt.date | None:
    """First day from ``on`` a new stay could begin on the place, by the bookings alone.

    None when a booking has no known end (neither a move-out nor a planned
    one). Open bookings are expected to end on their planned move-out date.
    """
    day = on
    for booking in bookings:
        if not blocks_new_stay(booking, on):
            continue
        end = booking.ends_on or booking.planned_end_on
        if end is None:
            return None
        day = max(day, end)
    return day


def place_is_allocatable(place: Place, on: dt.date | None = None) -> tuple[bool, str]:
    """May a new stay begin on ``place`` on ``on``? (ok, reason in Norwegian)."""
    on = on or dates.today()
    if not place.active_on(on):
        return False, _("Plassen er ikke aktiv på denne datoen.")
    dwelling = Dwelling.objects.defer(*DWELLING_SECRETS).get(pk=place.dwelling_id)
    ok, reason = dwelling_is_allocatable(dwelling, on)
    if not ok:
        return ok, reason
    taking = PlaceBooking.objects.filter(place=place, status__in=PlaceBooking.TAKING)
    if any(blocks_new_stay(b, on) for b in taking):
        return False, _("Plassen er allerede tatt eller holdt av fra denne datoen eller senere.")
    return True, ""
