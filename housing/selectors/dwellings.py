"""One dwelling (bolig): its page, its clearance recommendations, and the audited address.

Reads of housing (``housing.selectors``): through ``access.policy``, the
address deferred, a fixed number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _

from access import policy
from access.approvals import address_gate
from access.policy import Perm
from accounts.actors import Actor, Viewer
from audit.services import record
from core import dates
from housing import reads
from housing.models import (
    ClearanceRecommendation,
    Dwelling,
    Place,
    PlaceBooking,
    SecurityClearance,
)
from housing.selectors.allocatable import DWELLING_SECRETS, ClearanceState, _covers, clearance_state


def dwelling_get(*, fetched_by: Viewer, pk: Any, perm: Perm = Perm.VIEW_DWELLINGS) -> Dwelling:
    """One dwelling without its secret columns, or 404."""
    return policy.get_object_for(
        fetched_by,
        Dwelling.objects.select_related("offer__municipality").defer(*DWELLING_SECRETS),
        perm,
        pk=pk,
    )


@dataclass
class PlaceRow:
    place: Place
    booking: PlaceBooking | None
    status_label: str
    status_kind: str


@dataclass
class DwellingDetail:
    dwelling: Dwelling
    state: ClearanceState
    clearances: list[SecurityClearance]
    places: list[PlaceRow]
    allocatable: bool
    reason: str
    can_read_address: bool
    can_manage: bool
    can_record_clearance: bool


def dwelling_detail(
    *, fetched_by: Viewer, dwelling: Dwelling, today: dt.date | None = None
) -> DwellingDetail:
    today = today or dates.today()
    clearances = list(
        policy.visible(fetched_by, SecurityClearance, Perm.VIEW_DWELLINGS)
        .filter(dwelling=dwelling)
        .select_related("police_district")
        .prefetch_related(
            Prefetch("recommendations", queryset=ClearanceRecommendation.objects.order_by("pk"))
        )
        .order_by("-cleared_on", "-pk")
    )
    places = list(
        policy.visible(fetched_by, Place, Perm.VIEW_DWELLINGS)
        .filter(dwelling=dwelling)
        .order_by("label")
    )
    bookings: dict[int, list[PlaceBooking]] = defaultdict(list)
    for booking in policy.visible(fetched_by, PlaceBooking, Perm.VIEW_DWELLINGS).filter(
        place__dwelling=dwelling, status__in=PlaceBooking.TAKING
    ):
        bookings[booking.place_id].append(booking)
    rows = []
    for place in places:
        current = next((b for b in bookings[place.pk] if _covers(b, today, today)), None)
        if not place.active_on(today) or not dwelling.in_use_on(today):
            label, kind = _("Ikke aktiv"), "neutral"
        elif current is None:
            label, kind = _("Ledig"), "success"
        elif current.needs_relocation:
            label, kind = _("Beboer må flyttes"), "danger"
        else:
            label, kind = str(current.get_status_display()), "info"
        rows.append(PlaceRow(place, current, label, kind))
    state = clearance_state(clearances, today)
    allocatable = dwelling.in_use_on(today) and state.allows_allocation
    reason = (
        ""
        if allocatable
        else (_("Boligen er ikke i bruk.") if not dwelling.in_use_on(today) else state.label)
    )
    return DwellingDetail(
        dwelling=dwelling,
        state=state,
        clearances=clearances,
        places=rows,
        allocatable=allocatable,
        reason=reason,
        can_read_address=policy.can(fetched_by, Perm.READ_DWELLING_ADDRESS, dwelling),
        can_manage=policy.can(fetched_by, Perm.MANAGE_DWELLINGS, dwelling),
        can_record_clearance=policy.can(fetched_by, Perm.RECORD_CLEARANCE, dwelling),
    )


def dwelling_page(
    *, fetched_by: Viewer, pk: Any, request: HttpRequest | None = None
) -> DwellingDetail:
    """The dwelling's page: places, clearances with the police's notes and recommendations; audited."""
    dwelling = dwelling_get(fetched_by=fetched_by, pk=pk)
    detail = dwelling_detail(fetched_by=fetched_by, dwelling=dwelling)
    reads.DWELLING.record(actor=fetched_by, objects=[dwelling], request=request)
    return detail


def recommendation_for_form(
    *, fetched_by: Viewer, pk: Any, request: HttpRequest | None = None
) -> ClearanceRecommendation:
    """A recommendation to mark as carried out (the form shows its text), or 404; audited on GET."""
    recommendation = policy.get_object_for(
        fetched_by,
        ClearanceRecommendation.objects.select_related("clearance"),
        Perm.MANAGE_DWELLINGS,
        pk=pk,
    )
    if request is None or request.method == "GET":
        reads.RECOMMENDATION.record(actor=fetched_by, objects=[recommendation], request=request)
    return recommendation


@transaction.atomic
def dwelling_address_read(
    *, fetched_by: Actor, pk: Any, request: HttpRequest | None = None
) -> tuple[Dwelling, str]:
    """The decrypted address, for the offer's own staff and local police only; audited.

    The caller must have re-authenticated the user first.
    """
    dwelling = policy.get_object_for(
        fetched_by,
        Dwelling.objects.select_related("offer__municipality"),
        Perm.READ_DWELLING_ADDRESS,
        pk=pk,
    )
    with transaction.atomic():
        # The first disclosure to someone who has not had it needs a second
        # person's approval (SECURITY.md 9): raises ApprovalRequired without one.
        address_gate(user=fetched_by, dwelling=dwelling, request=request)
        record(
            actor=fetched_by,
            action="housing.dwelling.address_viewed",
            obj=dwelling,
            fields=["address"],
            purpose="adressevisning",
            request=request,
        )
    return dwelling, dwelling.address
