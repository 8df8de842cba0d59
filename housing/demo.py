"""Synthetic offers, dwellings, clearances, bookings and partners (demo mode only).

26 places in 5 municipalities (DOMAIN.md §2). One clearance expires within
30 days, one dwelling has none; one offer has a single police contact and one
has no family-counselling agreement, so every warning shows up in the demo.
Addresses are obviously invented. Idempotent: rows are found by their
natural keys and never changed on a re-run. Dates are relative to the day of
the first load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from access.models import AddressDisclosure
from accounts.demo import require_demo_mode
from accounts.models import Membership, Organisation, Role, User
from core import dates
from housing.models import (
    ClearanceRecommendation,
    Dwelling,
    Offer,
    PartnerContact,
    PartnerService,
    Place,
    PlaceBooking,
    SecurityClearance,
)


@dataclass(frozen=True)
class DemoOffer:
    municipality: str
    name: str
    offer_type: str
    dwellings: tuple[tuple[str, int], ...]  # (label, places)
    fits: tuple[str, ...]
    intensity: str
    followup_fte: str
    on_call: str
    on_call_until: dt.time | None = None


T, LEVEL, C = Offer.Type, Offer.Intensity, Offer.OnCall
DEMO_OFFERS = [
    DemoOffer(
        "Kommune A",
        "Bokollektivet",
        T.COLLECTIVE,
        (("A-1", 4),),
        ("fits_women", "fits_men"),
        LEVEL.HIGH,
        "2.00",
        C.MUNICIPAL_24H,
    ),
    DemoOffer(
        "Kommune A",
        "Leilighetene",
        T.APARTMENT,
        (("A-2", 1), ("A-3", 1), ("A-4", 1)),
        ("fits_women", "fits_men", "fits_couples"),
        LEVEL.MEDIUM,
        "0.80",
        C.PHONE_UNTIL,
        dt.time(22, 0),
    ),
    DemoOffer(
        "Kommune B",
        "Kollektivet i B",
        T.COLLECTIVE,
        (("B-1", 3),),
        ("fits_women",),
        LEVEL.HIGH,
        "1.50",
        C.CRISIS_CENTRE,
    ),
    DemoOffer(
        "Kommune B",
        "Leiligheter i B",
        T.APARTMENT,
        (("B-2", 1), ("B-3", 1)),
        ("fits_women", "fits_single_parents"),
        LEVEL.MEDIUM,
        "0.60",
        C.PHONE_UNTIL,
        dt.time(20, 0),
    ),
    DemoOffer(
        "Kommune C",
        "Leilighet i C",
        T.APARTMENT,
        (("C-1", 1),),
        ("fits_women", "fits_couples"),
        LEVEL.LOW,
        "0.30",
        C.PHONE_UNTIL,
        dt.time(18, 0),
    ),
    DemoOffer(
        "Kommune C",
        "Hybler i C",
        T.BEDSIT,
        (("C-2", 1), ("C-3", 1)),
        ("fits_women", "fits_men"),
        LEVEL.LOW,
        "0.50",
        C.CRISIS_CENTRE,
    ),
    DemoOffer(
        "Kommune D",
        "Kvinnekollektivet",
        T.COLLECTIVE,
        (("D-1", 5),),
        ("women_only_without_children",),
        LEVEL.HIGH,
        "2.50",
        C.MUNICIPAL_24H,
    ),
    DemoOffer(
        "Kommune E",
        "Leiligheter i E",
        T.APARTMENT,
        (("E-1", 1), ("E-2", 1), ("E-3", 1)),
        ("fits_women", "fits_men", "fits_single_parents"),
        LEVEL.MEDIUM,
        "1.00",
        C.PHONE_UNTIL,
        dt.time(22, 0),
    ),
    DemoOffer(
        "Kommune E",
        "Hybler i E",
        T.BEDSIT,
        (("E-4", 1), ("E-5", 1), ("E-6", 1)),
        ("fits_women", "fits_men"),
        LEVEL.LOW,
        "0.60",
        C.CRISIS_CENTRE,
    ),
]
EXPIRING_SOON = "B-1"
NOT_CLEARED = "C-3"
SINGLE_POLICE_CONTACT = "Leilighetene"
NO_FAMILY_COUNSELLING_AGREEMENT = "Hybler i E"


@transaction.atomic
def load_offers_and_dwellings() -> None:
    """Create the demo offers, dwellings, places, clearances, bookings and partners once."""
    require_demo_mode()
    today = dates.today()
    coordinator = User.objects.get(username="koordinator", is_synthetic=True)
    street = 0
    for spec in DEMO_OFFERS:
        municipality = Organisation.objects.get(name=spec.municipality, is_synthetic=True)
        offer, _created = Offer.objects.get_or_create(
            municipality=municipality,
            name=spec.name,
            defaults={
                "offer_type": spec.offer_type,
                "intensity": spec.intensity,
                "followup_fte": Decimal(spec.followup_fte),
                "project_lead_fte": Decimal("0.20"),
                "on_call": spec.on_call,
                "on_call_until": spec.on_call_until,
                "description": "Oppdiktet botilbud for demo.",
                "is_synthetic": True,
                **{flag: True for flag in spec.fits},
            },
        )
        for label, place_count in spec.dwellings:
            street += 1
            _dwelling(offer, label, place_count, street, today, coordinator)
        _partners(offer, municipality)


def _dwelling(
    offer: Offer, label: str, place_count: int, street: int, today: dt.date, by: User
) -> None:
    dwelling, created = Dwelling.objects.get_or_create(
        offer=offer,
        label=label,
        defaults={
            "address": f"Demoveien {street}, 0000 Oppdiktet",
            "in_use_from": today - dt.timedelta(days=730),
            "is_synthetic": True,
        },
    )
    if not created:
        return
    # The municipality's project lead registered the dwelling, so has had its
    # address; anyone else sees it first after a second person's approval.
    for lead in Membership.objects.filter(
        organisation_id=offer.municipality_id, role=Role.PROJECT_LEAD
    ).select_related("user"):
        AddressDisclosure.objects.get_or_create(user=lead.user, dwelling=dwelling)
    places = [
        Place.objects.create(
            dwelling=dwelling, label=str(n), active_from=dwelling.in_use_from, is_synthetic=True
        )
        for n in range(1, place_count + 1)
    ]
    if label != NOT_CLEARED:
        _clearance(dwelling, label, today, by)
        for index, place in enumerate(places):
            _bookings(place, street * 7 + index, today, by)


def _clearance(dwelling: Dwelling, label: str, today: dt.date, by: User) -> None:
    if label == EXPIRING_SOON:
        cleared_on, valid_until = today - dt.timedelta(days=716), today + dt.timedelta(days=14)
    else:
        cleared_on = today - dt.timedelta(days=400)
        valid_until = cleared_on + dt.timedelta(days=730)
    district = dwelling.offer.municipality.police_district
    assert district is not None
    checks = {
        f"{code}_assessed": True
        for code in [
            "area",
            "plot",
            "transport_route",
            "neighbouring_areas",
            "police_distance",
            "perpetrator_escape",
            "doors_windows",
            "insight",
            "garage_lift",
            "escape_routes",
            "alarm_cctv",
            "perimeter",
        ]
    }
    clearance = SecurityClearance.objects.create(
        dwelling=dwelling,
        police_district=district,
        with_police_representative=label.endswith("-1"),
        recorded_by=by,
        cleared_on=cleared_on,
        valid_until=valid_until,
        insight_note="Innsyn fra gangvei, demo.",
        min_door_peephole=True,
        min_shatterproof_glass=True,
        min_two_ways_out=True,
        min_no_direct_insight=True,
        is_synthetic=True,
        **checks,
    )
    ClearanceRecommendation.objects.create(
        clearance=clearance,
        text="Sett opp bevegelsesstyrt lys ved inngangen.",
        carried_out=True,
        carried_out_on=cleared_on + dt.timedelta(days=30),
        is_synthetic=True,
    )
    ClearanceRecommendation.objects.create(
        clearance=clearance, text="Skift til lamineret glass i stuevinduet.", is_synthetic=True
    )


def _bookings(place: Place, seed: int, today: dt.date, by: User) -> None:
    """A past stay for most places, a current one for two in three, and a few holds."""
    day = dt.timedelta(days=1)
    if seed % 4 != 0:
        start = today - day * (360 - seed % 40)
        PlaceBooking.objects.create(
            place=place,
            starts_on=start,
            ends_on=start + day * (120 + seed % 60),
            planned_end_on=start + day * 270,
            status=PlaceBooking.Status.ENDED,
            reference=f"demo-{place.pk}-1",
            created_by=by,
            is_synthetic=True,
        )
    if seed % 3 != 0:
        start = today - day * (120 - seed % 60)
        PlaceBooking.objects.create(
            place=place,
            starts_on=start,
            planned_end_on=today + day * (7 + (seed * 11) % 80),
            status=PlaceBooking.Status.OCCUPIED,
            reference=f"demo-{place.pk}-2",
            created_by=by,
            is_synthetic=True,
        )
    elif seed % 2 == 0:
        PlaceBooking.objects.create(
            place=place,
            starts_on=today + day * 5,
            hold_expires_on=today + day * 7,
            status=PlaceBooking.Status.HELD,
            reference=f"demo-{place.pk}-3",
            created_by=by,
            is_synthetic=True,
        )


_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def demo_organisation_number(offer_pk: int, index: int) -> str:
    """A valid organisation number (mod-11 check digit) for a synthetic partner.

    Eight digits from the offer and the partner's place in the list, then the
    check digit; a base whose check digit would be 10 (no valid number) is
    stepped past.
    """
    base = 90_000_000 + offer_pk * 100 + index * 10
    while True:
        digits = f"{base:08d}"
        check = (
            11 - sum(w * int(d) for w, d in zip(_ORGNR_WEIGHTS, digits, strict=True)) % 11
        ) % 11
        if check != 10:
            return digits + str(check)
        base += 1


def _partners(offer: Offer, municipality: Organisation) -> None:
    if PartnerService.objects.filter(offer=offer).exists():
        return
    K = PartnerService.Kind
    agreed = {"has_agreement": True, "agreement_on": dt.date(2024, 1, 15)}
    police = PartnerService.objects.create(
        offer=offer,
        kind=K.POLICE,
        name=f"Politiet i {municipality.name}",
        organisation_number=demo_organisation_number(offer.pk, 1),
        is_synthetic=True,
        **agreed,
    )
    PartnerContact.objects.create(
        partner=police,
        name="Politibetjent Demo Én",
        role="Kontaktperson",
        phone="00 00 00 01",
        is_synthetic=True,
    )
    if offer.name != SINGLE_POLICE_CONTACT:
        PartnerContact.objects.create(
            partner=police,
            name="Politibetjent Demo To",
            role="Stedfortreder",
            phone="00 00 00 02",
            is_synthetic=True,
        )
    nav = PartnerService.objects.create(
        offer=offer,
        kind=K.NAV,
        name=f"NAV {municipality.name}",
        organisation_number=demo_organisation_number(offer.pk, 2),
        is_synthetic=True,
        **agreed,
    )
    PartnerContact.objects.create(
        partner=nav,
        name="Veileder Demo",
        role="Fast NAV-veileder",
        email="nav.demo@example.invalid",
        is_synthetic=True,
    )
    family = PartnerService.objects.create(
        offer=offer,
        kind=K.FAMILY_COUNSELLING,
        name=f"Familievernkontoret for {municipality.name}",
        organisation_number=demo_organisation_number(offer.pk, 3),
        is_synthetic=True,
        **({} if offer.name == NO_FAMILY_COUNSELLING_AGREEMENT else agreed),
    )
    PartnerContact.objects.create(
        partner=family, name="Familieterapeut Demo", role="Terapeut", is_synthetic=True
    )
    PartnerService.objects.create(
        offer=offer,
        kind=K.CRISIS_CENTRE,
        name=f"Krisesenteret i {municipality.name}",
        is_synthetic=True,
    )
