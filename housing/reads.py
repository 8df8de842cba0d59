"""The reads of the housing pages that show a dwelling's security clearance.

The police checklist notes and recommendations describe a secret dwelling's
weak points (encrypted at rest), so every page that shows them is audited
like a resident's record (``audit.services.Read``, recorded by
``housing.selectors``). The address has its own, stricter read
(``housing.dwelling.address_viewed``).
"""

from __future__ import annotations

from audit.services import Read
from housing.models import DWELLING_ITEMS, LOCATION_ITEMS, MINIMUM_REQUIREMENTS

_CHECKLIST = tuple(
    f"clearances.{code}_{part}"
    for code, _label in (*LOCATION_ITEMS, *DWELLING_ITEMS)
    for part in ("assessed", "note")
)

DWELLING = Read(
    action="housing.dwelling.viewed",
    model="housing.Dwelling",
    fields=(
        "label",
        "offer",
        "in_use",
        "out_of_use_from",
        "out_of_use_reason",
        # Which places are taken and until when (never by whom).
        "places.label",
        "places.bookings.status",
        "places.bookings.planned_end_on",
        "clearances.cleared_on",
        "clearances.valid_until",
        "clearances.police_district",
        "clearances.with_police_representative",
        *_CHECKLIST,
        *(f"clearances.{name}" for name, _label in MINIMUM_REQUIREMENTS),
        "clearances.recommendations.text",
        "clearances.recommendations.carried_out",
        "clearances.recommendations.carried_out_on",
    ),
    purpose="bolig og sikkerhetsklarering",
)
RECOMMENDATION = Read(
    action="housing.recommendation.opened",
    model="housing.ClearanceRecommendation",
    fields=("text", "carried_out", "carried_out_on"),
    purpose="markere anbefaling som utført",
)
