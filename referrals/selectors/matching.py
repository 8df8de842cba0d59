"""Matching (matching): which offers and places fit an assessment, ranked, with the reasons.

Reads of intake and allocation (``referrals.selectors``): each takes the
acting user, shows only what the policy allows and logs what it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from access import policy
from accounts.actors import Viewer
from core import dates
from housing import selectors as housing_selectors
from housing.models import Dwelling, Offer, Place, PlaceBooking
from referrals.models import (
    INTENSITY_RANK,
    Assessment,
    Consent,
    Gender,
    ThreatAssessment,
)
from referrals.selectors.assessments import latest_threat_assessment
from referrals.services.consent import valid_consent

# "Free soon": a place that frees within this many days is still offered.
MATCH_SOON_DAYS = 60


@dataclass
class OfferMatch:
    offer: Offer
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    free_places: list[Place] = field(default_factory=list)
    free_from: dt.date | None = None
    score: int = 0
    rank: int | None = None


def _bookable(place: Place, on: dt.date, taking: list[PlaceBooking]) -> bool:
    """Can a new stay begin on ``on``? housing's one free-place rule, on prefetched bookings."""
    if any(housing_selectors.blocks_new_stay(b, on) for b in taking):
        return False
    return housing_selectors.place_is_allocatable(place, on)[0]


def place_bookable(place: Place, on: dt.date | None = None) -> bool:
    day = on or dates.today()
    taking = list(PlaceBooking.objects.filter(place=place, status__in=PlaceBooking.TAKING))
    return _bookable(place, day, taking)


def offer_exclusions(
    assessment: Assessment,
    offer: Offer,
    *,
    threat: ThreatAssessment | None,
    on: dt.date,
) -> list[str]:
    """The hard constraints that exclude ``offer`` for this person (Norwegian, for the page)."""
    reasons: list[str] = []
    person = assessment.person
    children = assessment.children.all()
    if children and not offer.fits_single_parents:
        reasons.append(_("Tar ikke imot barn"))
    if person.gender == Gender.FEMALE and not (
        offer.fits_women or offer.women_only_without_children
    ):
        reasons.append(_("Passer ikke for kvinner"))
    if person.gender == Gender.MALE and not offer.fits_men:
        reasons.append(_("Passer ikke for menn"))
    if person.gender == Gender.OTHER and offer.women_only_without_children:
        reasons.append(_("Bare for kvinner"))
    if assessment.has_partner and not offer.fits_couples:
        reasons.append(_("Passer ikke for par"))
    if threat is not None and offer.municipality_id in {
        m.pk for m in threat.avoid_municipalities.all()
    }:
        reasons.append(_("Kommunen er på trusselvurderingens unngå-liste"))
    if INTENSITY_RANK.get(offer.intensity, 0) < INTENSITY_RANK.get(
        assessment.followup_intensity, 0
    ):
        reasons.append(_("Lavere oppfølgingsintensitet enn behovet"))
    return reasons


def _offer_type_penalty(assessment: Assessment, offer: Offer) -> int:
    # Close follow-up or mental-health needs fit a collective; independence fits apartments.
    close = assessment.followup_intensity == "high" or assessment.need_mental_health
    if close:
        return 0 if offer.offer_type == Offer.Type.COLLECTIVE else 2
    if assessment.fit_to_live_alone:
        return 0 if offer.offer_type != Offer.Type.COLLECTIVE else 1
    return 0


def match_offers(
    *, assessment: Assessment, fetched_by: Viewer, on: dt.date | None = None
) -> list[OfferMatch]:
    """Every offer, eligible or not, with the reasons it was left out and a rank for the rest.

    Hard constraints (clearance, who the offer fits, the threat avoid-list,
    intensity, no free place soon) exclude; soft ones rank: intensity closest
    to the need, free now before free soon, offer type that suits the needs.
    """
    if not policy.can(fetched_by, policy.Perm.ALLOCATE_PLACES, assessment):
        return []
    day = on or dates.today()
    horizon = day + dt.timedelta(days=MATCH_SOON_DAYS)
    threat = latest_threat_assessment(assessment)
    offers = (
        Offer.objects.select_related("municipality")
        .prefetch_related(
            Prefetch(
                "dwellings",
                queryset=Dwelling.objects.prefetch_related(
                    "clearances",
                    Prefetch(
                        "places",
                        queryset=Place.objects.prefetch_related(
                            Prefetch(
                                "bookings",
                                queryset=PlaceBooking.objects.filter(
                                    status__in=PlaceBooking.TAKING
                                ),
                            )
                        ),
                    ),
                ),
            )
        )
        .order_by("municipality__name", "name")
    )
    results: list[OfferMatch] = []
    for offer in offers:
        match = OfferMatch(offer=offer, eligible=False)
        match.reasons = offer_exclusions(assessment, offer, threat=threat, on=day)
        cleared = [
            d for d in offer.dwellings.all() if housing_selectors.dwelling_is_allocatable(d, day)[0]
        ]
        if not cleared:
            match.reasons.insert(0, _("Ingen gyldig sikkerhetsklarering"))
        earliest: dt.date | None = None
        for dwelling in cleared:
            for place in dwelling.places.all():
                if _bookable(place, day, list(place.bookings.all())):
                    match.free_places.append(place)
                    earliest = day
                    continue
                if not place.active_on(day):
                    continue
                free = housing_selectors.free_from(list(place.bookings.all()), day)
                if free is not None and (earliest is None or free < earliest):
                    earliest = free
        match.free_from = earliest
        if cleared and not match.free_places:
            if earliest is None:
                match.reasons.append(_("Ingen ledig plass"))
            elif earliest > horizon:
                match.reasons.append(
                    _("Ingen ledig plass før %(day)s") % {"day": date_format(earliest, "j. F Y")}
                )
            else:
                # Free soon: eligible, ranked after the free ones, proposable once freed.
                match.notes.append(
                    _("Ingen ledig plass nå, forventet ledig fra %(day)s")
                    % {"day": date_format(earliest, "j. F Y")}
                )
        if (
            valid_consent(
                person=assessment.person,
                purpose=Consent.Purpose.RECEIVING_OFFER,
                recipient_kind=Consent.RecipientKind.MUNICIPALITY,
                recipient_organisation=offer.municipality,
                on=day,
                offer=offer,
            )
            is None
        ):
            match.notes.append(_("Mangler samtykke til å dele med kommunen"))
        match.eligible = not match.reasons
        if match.eligible:
            gap = INTENSITY_RANK.get(offer.intensity, 0) - INTENSITY_RANK.get(
                assessment.followup_intensity, 0
            )
            wait = (earliest - day).days if earliest else MATCH_SOON_DAYS
            match.score = (
                gap * 10 + min(wait, MATCH_SOON_DAYS) + _offer_type_penalty(assessment, offer) * 5
            )
        results.append(match)
    eligible = sorted((m for m in results if m.eligible), key=lambda m: (m.score, str(m.offer)))
    for rank, match in enumerate(eligible, start=1):
        match.rank = rank
    return eligible + [m for m in results if not m.eligible]
