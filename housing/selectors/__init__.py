"""Reads for offers, dwellings, capacity and partners, always for an acting user.

Every query goes through ``access.policy.visible``; the secret address is
deferred everywhere except ``dwelling_address_read``, which audits the read.
The pages that show a dwelling's clearance notes record it too
(``housing.reads``).
Pages run a fixed number of queries however many dwellings there are: data
is fetched in a few set-based queries and combined in Python.

* ``allocatable``: whether a dwelling or place can be allocated (clearance, bookings).
* ``capacity``: capacity and occupancy per offer, on a day and month by month.
* ``offers``: the offer pages, and the clearance warnings of the start page.
* ``dwellings``: one dwelling's page, its recommendations and its address.

Import from ``housing.selectors``; the split is only to keep modules short.
"""

from housing.selectors.allocatable import (
    EXPIRY_WARNING_DAYS,
    ClearanceState,
    blocks_new_stay,
    clearance_state,
    dwelling_is_allocatable,
    free_from,
    place_is_allocatable,
)
from housing.selectors.capacity import (
    CapacityOverview,
    OfferCapacity,
    Timeline,
    capacity_overview,
    occupancy_on,
)
from housing.selectors.dwellings import (
    DwellingDetail,
    PlaceRow,
    dwelling_address_read,
    dwelling_detail,
    dwelling_get,
    dwelling_page,
    recommendation_for_form,
)
from housing.selectors.offers import (
    DwellingRow,
    OfferRow,
    PartnerSummary,
    clearance_warnings,
    offer_detail,
    offer_get,
    offer_list,
)

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "CapacityOverview",
    "ClearanceState",
    "DwellingDetail",
    "DwellingRow",
    "OfferCapacity",
    "OfferRow",
    "PartnerSummary",
    "PlaceRow",
    "Timeline",
    "blocks_new_stay",
    "capacity_overview",
    "clearance_state",
    "clearance_warnings",
    "dwelling_address_read",
    "dwelling_detail",
    "dwelling_get",
    "dwelling_is_allocatable",
    "dwelling_page",
    "free_from",
    "occupancy_on",
    "offer_detail",
    "offer_get",
    "offer_list",
    "place_is_allocatable",
    "recommendation_for_form",
]
