"""Offers (botilbud) with their dwellings, partners and clearance warnings.

Reads of housing (``housing.selectors``): through ``access.policy``, the
address deferred, a fixed number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from housing.models import (
    Dwelling,
    Offer,
    PartnerService,
    Place,
    PlaceBooking,
    SecurityClearance,
)
from housing.selectors.allocatable import DWELLING_SECRETS, ClearanceState, _covers, clearance_state
from housing.selectors.capacity import OfferCapacity, _ledger, _occupancy


@dataclass
class PartnerSummary:
    partners: list[PartnerService]
    police_contacts: int
    family_counselling_agreement: bool

    @property
    def fragilities(self) -> list[str]:
        """Why the evaluation would call this offer fragile ("sårbart")."""
        found = []
        if self.police_contacts == 0:
            found.append(_("Ingen kontaktperson i politiet"))
        elif self.police_contacts == 1:
            found.append(_("Bare én kontaktperson i politiet"))
        if not self.family_counselling_agreement:
            found.append(_("Ingen avtale med familievernkontoret"))
        return found


@dataclass
class DwellingRow:
    dwelling: Dwelling
    state: ClearanceState
    places: list[Place]
    active_places: int
    taken_places: int
    needs_relocation: int


@dataclass
class OfferRow:
    offer: Offer
    capacity: OfferCapacity | None
    dwellings: list[DwellingRow]
    partners: PartnerSummary | None

    @property
    def warnings(self) -> list[DwellingRow]:
        return [d for d in self.dwellings if d.dwelling.in_use and d.state.is_warning]


def _dwellings(fetched_by: Viewer, offer_ids: list[int]) -> QuerySet[Dwelling]:
    return (
        policy.visible(fetched_by, Dwelling, Perm.VIEW_DWELLINGS)
        .filter(offer__in=offer_ids)
        .defer(*DWELLING_SECRETS)
        .prefetch_related(
            Prefetch(
                "clearances", queryset=SecurityClearance.objects.order_by("-cleared_on", "-pk")
            ),
            Prefetch("places", queryset=Place.objects.order_by("label")),
        )
    )


def _dwelling_rows(
    dwellings: list[Dwelling], bookings: dict[int, list[PlaceBooking]], today: dt.date
) -> dict[int, list[DwellingRow]]:
    rows: dict[int, list[DwellingRow]] = defaultdict(list)
    for dwelling in dwellings:
        places = list(dwelling.places.all())
        active = [p for p in places if p.active_on(today)]
        taking = [b for p in active for b in bookings.get(p.pk, []) if _covers(b, today, today)]
        rows[dwelling.offer_id].append(
            DwellingRow(
                dwelling=dwelling,
                state=clearance_state(list(dwelling.clearances.all()), today),
                places=places,
                active_places=len(active) if dwelling.in_use_on(today) else 0,
                taken_places=len({b.place_id for b in taking}),
                needs_relocation=sum(1 for b in taking if b.needs_relocation),
            )
        )
    return rows


def _partner_summaries(
    fetched_by: Viewer, offer_ids: list[int], today: dt.date
) -> dict[int, PartnerSummary] | None:
    if not policy.has_perm(fetched_by, Perm.VIEW_PARTNERS):
        return None
    partners = (
        policy.visible(fetched_by, PartnerService, Perm.VIEW_PARTNERS)
        .filter(offer__in=offer_ids)
        .prefetch_related("contacts")
    )
    visible_offers = set(
        policy.visible(fetched_by, Offer, Perm.VIEW_PARTNERS)
        .filter(pk__in=offer_ids)
        .values_list("pk", flat=True)
    )
    by_offer: dict[int, list[PartnerService]] = defaultdict(list)
    for partner in partners:
        by_offer[partner.offer_id].append(partner)
    return {
        offer_id: PartnerSummary(
            partners=by_offer[offer_id],
            police_contacts=sum(
                len(p.contacts.all())
                for p in by_offer[offer_id]
                if p.kind == PartnerService.Kind.POLICE
            ),
            family_counselling_agreement=any(
                p.kind == PartnerService.Kind.FAMILY_COUNSELLING and p.agreement_valid_on(today)
                for p in by_offer[offer_id]
            ),
        )
        for offer_id in visible_offers
    }


def _offer_rows(fetched_by: Viewer, offers: QuerySet[Offer], today: dt.date) -> list[OfferRow]:
    offer_list = list(offers.select_related("municipality"))
    ids = [o.pk for o in offer_list]
    capacity: dict[int, OfferCapacity] = {}
    bookings: dict[int, list[PlaceBooking]] = {}
    if policy.has_perm(fetched_by, Perm.VIEW_CAPACITY):
        ledger = _ledger(
            fetched_by, policy.visible(fetched_by, Offer, Perm.VIEW_CAPACITY).filter(pk__in=ids)
        )
        capacity = _occupancy(ledger, today, today)
        bookings = ledger.bookings
    else:
        bookings = defaultdict(list)
        for booking in policy.visible(fetched_by, PlaceBooking, Perm.VIEW_DWELLINGS).filter(
            place__dwelling__offer__in=ids, status__in=PlaceBooking.TAKING
        ):
            bookings[booking.place_id].append(booking)
    dwellings = _dwelling_rows(list(_dwellings(fetched_by, ids)), bookings, today)
    partners = _partner_summaries(fetched_by, ids, today)
    return [
        OfferRow(
            offer=offer,
            capacity=capacity.get(offer.pk),
            dwellings=dwellings.get(offer.pk, []),
            partners=partners.get(offer.pk) if partners is not None else None,
        )
        for offer in offer_list
    ]


def offer_list(*, fetched_by: Viewer, today: dt.date | None = None) -> list[OfferRow]:
    """Every offer the user may see, with capacity, clearance warnings and fragilities."""
    today = today or dates.today()
    return _offer_rows(fetched_by, policy.visible(fetched_by, Offer, Perm.VIEW_OFFERS), today)


def offer_get(*, fetched_by: Viewer, pk: Any, perm: Perm = Perm.VIEW_OFFERS) -> Offer:
    """One offer, or 404."""
    return policy.get_object_for(
        fetched_by, Offer.objects.select_related("municipality"), perm, pk=pk
    )


def offer_detail(*, fetched_by: Viewer, offer: Offer, today: dt.date | None = None) -> OfferRow:
    today = today or dates.today()
    return _offer_rows(fetched_by, Offer.objects.filter(pk=offer.pk), today)[0]


# --- start page -----------------------------------------------------------------------


def clearance_warnings(*, fetched_by: Viewer, today: dt.date | None = None) -> list[DwellingRow]:
    """In-use dwellings the user may see whose clearance is missing, expiring or invalid."""
    today = today or dates.today()
    offer_ids = list(
        policy.visible(fetched_by, Offer, Perm.VIEW_DWELLINGS).values_list("pk", flat=True)
    )
    dwellings = (
        _dwellings(fetched_by, offer_ids).filter(in_use=True).select_related("offer__municipality")
    )
    rows = _dwelling_rows(list(dwellings), {}, today)
    return [row for group in rows.values() for row in group if row.state.is_warning]
