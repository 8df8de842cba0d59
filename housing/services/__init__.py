"""Writes for offers, dwellings, places, clearances, bookings and partners.

Every function is atomic, validates with ``full_clean()`` and writes its
audit row in the same transaction (field names only, never values: the
address must never reach the log). Callers have already checked access
through the policy; these functions check the domain rules.

Split by subject; import from here: ``from housing import services``.
"""

from housing.services.bookings import booking_cancel, booking_end, booking_occupy, place_book
from housing.services.clearance import clearance_record, recommendation_mark_carried_out
from housing.services.dwellings import (
    dwelling_create,
    dwelling_set_place_count,
    dwelling_take_out_of_use,
)
from housing.services.offers import offer_create, offer_update
from housing.services.partners import partner_contact_add, partner_create

__all__ = [
    "booking_cancel",
    "booking_end",
    "booking_occupy",
    "clearance_record",
    "dwelling_create",
    "dwelling_set_place_count",
    "dwelling_take_out_of_use",
    "offer_create",
    "offer_update",
    "partner_contact_add",
    "partner_create",
    "place_book",
    "recommendation_mark_carried_out",
]
