"""Botilbud, boliger og plasser: offers, dwellings, places, clearances, bookings, partners.

An offer (botilbud) belongs to a host municipality and holds dwellings
(boliger); a dwelling has a secret, encrypted address and one or more places
(plasser), the unit of capacity that is allocated. Police clear each dwelling
(sikkerhetsklarering); a dwelling without a valid clearance cannot receive an
allocation. ``PlaceBooking`` is the capacity ledger: held and occupied
periods per place, from which occupancy on any date is computed.

One module per subject (``offers``, ``dwellings``, ``clearance``); import from
``housing.models``.
"""

from housing.models.clearance import (
    DWELLING_ITEMS,
    LOCATION_ITEMS,
    MINIMUM_REQUIREMENTS,
    ClearanceRecommendation,
    SecurityClearance,
)
from housing.models.dwellings import (
    Dwelling,
    Place,
    PlaceBooking,
)
from housing.models.offers import (
    Offer,
    PartnerContact,
    PartnerService,
)

__all__ = [
    "DWELLING_ITEMS",
    "LOCATION_ITEMS",
    "MINIMUM_REQUIREMENTS",
    "ClearanceRecommendation",
    "Dwelling",
    "Offer",
    "PartnerContact",
    "PartnerService",
    "Place",
    "PlaceBooking",
    "SecurityClearance",
]
