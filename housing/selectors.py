"""Reads for offers, dwellings, capacity and partners, always for an acting user.

Every query goes through ``access.policy.visible``; the secret address is
deferred everywhere except ``dwelling_address_read``, which audits the read.
The pages that show a dwelling's clearance notes record it too
(``housing.reads``).
Pages run a fixed number of queries however many dwellings there are: data
is fetched in a few set-based queries and combined in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from access import policy
from access.approvals import address_gate
from access.policy import Perm
from audit.services import record
from core import dates
from housing import reads
from housing.models import (
    ClearanceRecommendation,
    Dwelling,
    Offer,
    PartnerService,
    Place,
    PlaceBooking,
    SecurityClearance,
)

EXPIRY_WARNING_DAYS = 30
# Secret or resident-related columns never loaded outside the audited read.
DWELLING_SECRETS = ("address", "out_of_use_note", "relocation_note")


# --- clearance state ------------------------------------------------------------


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


def place_is_allocatable(place: Place, on: dt.date | None = None) -> tuple[bool, str]:
    """May ``place`` be held or occupied from ``on``? (ok, reason in Norwegian)."""
    on = on or dates.today()
    if not place.active_on(on):
        return False, _("Plassen er ikke aktiv på denne datoen.")
    dwelling = Dwelling.objects.defer(*DWELLING_SECRETS).get(pk=place.dwelling_id)
    ok, reason = dwelling_is_allocatable(dwelling, on)
    if not ok:
        return ok, reason
    today = dates.today()
    taking = PlaceBooking.objects.filter(place=place, status__in=PlaceBooking.TAKING)
    if any(_covers(b, on, today) for b in taking):
        return False, _("Plassen er allerede tatt på denne datoen.")
    return True, ""


# --- capacity and occupancy --------------------------------------------------------


@dataclass
class OfferCapacity:
    offer: Offer
    places: int = 0
    occupied: int = 0
    held: int = 0
    needs_relocation: int = 0
    planned_ends: list[dt.date] = field(default_factory=list)

    @property
    def free(self) -> int:
        return max(self.places - self.occupied - self.held, 0)

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


def _ledger(fetched_by: Any, offers: QuerySet[Offer] | None = None) -> _Ledger:
    """Three queries: the offers, their places (with dwelling dates) and all their bookings."""
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
    return _Ledger(offer_list, places, bookings)


def _occupancy(ledger: _Ledger, day: dt.date, today: dt.date) -> dict[int, OfferCapacity]:
    result = {offer.pk: OfferCapacity(offer=offer) for offer in ledger.offers}
    for place in ledger.places:
        row = result[place.dwelling.offer_id]
        in_capacity = place.active_on(day) and place.dwelling.in_use_on(day)
        for booking in ledger.bookings.get(place.pk, []):
            if not _covers(booking, day, today):
                continue
            if booking.needs_relocation:
                row.needs_relocation += 1
            if not in_capacity:
                continue
            if booking.status == PlaceBooking.Status.HELD:
                row.held += 1
            else:
                row.occupied += 1
            if booking.ends_on is None and booking.planned_end_on and booking.planned_end_on >= day:
                row.planned_ends.append(booking.planned_end_on)
        if in_capacity:
            row.places += 1
    return result


def occupancy_on(day: dt.date, *, fetched_by: Any) -> list[OfferCapacity]:
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
            total.planned_ends += row.planned_ends
        return total


def capacity_overview(*, fetched_by: Any, today: dt.date | None = None) -> CapacityOverview:
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


# --- offers ---------------------------------------------------------------------


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


def _dwellings(fetched_by: Any, offer_ids: list[int]) -> QuerySet[Dwelling]:
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
    fetched_by: Any, offer_ids: list[int], today: dt.date
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


def _offer_rows(fetched_by: Any, offers: QuerySet[Offer], today: dt.date) -> list[OfferRow]:
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


def offer_list(*, fetched_by: Any, today: dt.date | None = None) -> list[OfferRow]:
    """Every offer the user may see, with capacity, clearance warnings and fragilities."""
    today = today or dates.today()
    return _offer_rows(fetched_by, policy.visible(fetched_by, Offer, Perm.VIEW_OFFERS), today)


def offer_get(*, fetched_by: Any, pk: Any, perm: Perm = Perm.VIEW_OFFERS) -> Offer:
    """One offer, or 404."""
    return policy.get_object_for(
        fetched_by, Offer.objects.select_related("municipality"), perm, pk=pk
    )


def offer_detail(*, fetched_by: Any, offer: Offer, today: dt.date | None = None) -> OfferRow:
    today = today or dates.today()
    return _offer_rows(fetched_by, Offer.objects.filter(pk=offer.pk), today)[0]


# --- dwellings -----------------------------------------------------------------------


def dwelling_get(*, fetched_by: Any, pk: Any, perm: Perm = Perm.VIEW_DWELLINGS) -> Dwelling:
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
    *, fetched_by: Any, dwelling: Dwelling, today: dt.date | None = None
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
    *, fetched_by: Any, pk: Any, request: HttpRequest | None = None
) -> DwellingDetail:
    """The dwelling's page: places, clearances with the police's notes and recommendations; audited."""
    dwelling = dwelling_get(fetched_by=fetched_by, pk=pk)
    detail = dwelling_detail(fetched_by=fetched_by, dwelling=dwelling)
    reads.DWELLING.record(actor=fetched_by, objects=[dwelling], request=request)
    return detail


def recommendation_for_form(
    *, fetched_by: Any, pk: Any, request: HttpRequest | None = None
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
    *, fetched_by: Any, pk: Any, request: HttpRequest | None = None
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


# --- start page -----------------------------------------------------------------------


def clearance_warnings(*, fetched_by: Any, today: dt.date | None = None) -> list[DwellingRow]:
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
