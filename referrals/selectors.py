"""Reads for intake and allocation. Each takes the acting user and shows only what the policy allows.

List selectors log every person shown; single-object reads of case content
are logged by the view-facing selectors here too, so no view forgets it. What
each read names is declared in ``referrals.reads``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from access import policy
from core import dates
from housing import selectors as housing_selectors
from housing.models import Dwelling, Offer, Place, PlaceBooking
from referrals import reads
from referrals.models import (
    INTENSITY_RANK,
    Allocation,
    Assessment,
    Consent,
    Gender,
    Inquiry,
    ThreatAssessment,
)
from referrals.services.consent import valid_consent
from referrals.services.intake import allocation_blockers

# "Free soon": a place that frees within this many days is still offered.
MATCH_SOON_DAYS = 60
# Holds whose last day is within this many days show as "about to expire".
HOLD_WARNING_DAYS = 2


def inquiry_list(
    *, fetched_by: Any, outcome: str | None = None, request: HttpRequest | None = None
) -> list[Inquiry]:
    """Inquiries the user may see, newest first; each one shown is logged."""
    queryset = policy.visible(fetched_by, Inquiry, policy.Perm.VIEW_INQUIRIES)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    inquiries = list(queryset)
    reads.INQUIRY_LIST.record(actor=fetched_by, objects=inquiries, request=request, shown=True)
    return inquiries


def assessment_list(
    *,
    fetched_by: Any,
    perm: policy.Perm = policy.Perm.VIEW_ASSESSMENTS,
    request: HttpRequest | None = None,
) -> list[Assessment]:
    """Assessments the user may see for ``perm``, with person and threat assessments loaded; logged."""
    queryset = (
        policy.visible(fetched_by, Assessment, perm)
        .select_related("person")
        .prefetch_related("threat_assessments", "allocations", "disclosures")
    )
    assessments = list(queryset)
    reads.PERSON_LIST.record(
        actor=fetched_by, objects=[a.person for a in assessments], request=request
    )
    return assessments


def latest_threat_assessment(assessment: Assessment) -> ThreatAssessment | None:
    return (
        ThreatAssessment.objects.filter(assessment=assessment)
        .prefetch_related("avoid_municipalities")
        .order_by("-assessed_on", "-pk")
        .first()
    )


def police_consent(assessment: Assessment, on: dt.date | None = None) -> Consent | None:
    """Any valid consent (a) on the day, whichever police recipient it names."""
    day = on or dates.today()
    for consent in Consent.objects.filter(
        person=assessment.person, purpose=Consent.Purpose.POLICE_THREAT_ASSESSMENT
    ):
        if consent.is_valid_on(day):
            return consent
    return None


# --- matching ---------------------------------------------------------------


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


def _place_free_from(place: Place, on: dt.date, bookings: list[PlaceBooking]) -> dt.date | None:
    """First day from ``on`` the place is free for a new stay, or None if not known."""
    day = on
    # Bookings are few per place; walk them in order of start.
    for booking in sorted(bookings, key=lambda b: b.starts_on):
        end = booking.ends_on or booking.planned_end_on
        if end is not None and end <= day:
            continue
        if booking.starts_on > day:
            # A gap before the next booking is too short to be a real stay.
            continue
        if end is None:
            return None
        day = end
    return day


def _bookable(place: Place, on: dt.date, taking: list[PlaceBooking]) -> bool:
    """Can a new open-ended stay start on ``on``? The same test as housing.place_book.

    housing's ``place_is_allocatable`` answers for one day; a stay has no end
    yet, so any later hold or stay on the place also stands in the way.
    """
    if any(b.ends_on is None or b.ends_on > on for b in taking):
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
    *, assessment: Assessment, fetched_by: Any, on: dt.date | None = None
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
                free = _place_free_from(place, day, list(place.bookings.all()))
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


# --- the coordinator's workbench -------------------------------------------


@dataclass
class Workbench:
    open_inquiries: list[Inquiry]
    waiting_for_consent: list[Assessment]
    waiting_for_threat_assessment: list[Assessment]
    ready_for_proposal: list[Assessment]
    proposals_waiting: list[Allocation]
    holds_expiring: list[Allocation]


def workbench(*, fetched_by: Any, request: HttpRequest | None = None) -> Workbench:
    """What waits for the competence team, in the order the work is done."""
    today = dates.today()
    inquiries = list(
        policy.visible(fetched_by, Inquiry, policy.Perm.VIEW_INQUIRIES).filter(
            outcome=Inquiry.Outcome.OPEN
        )
    )
    assessments = list(
        policy.visible(fetched_by, Assessment, policy.Perm.ALLOCATE_PLACES)
        .filter(status=Assessment.Status.OPEN)
        .select_related("person")
        .prefetch_related("threat_assessments", "allocations")
    )
    consent_a = {
        c.person_id
        for c in Consent.objects.filter(
            person__in=[a.person_id for a in assessments],
            purpose=Consent.Purpose.POLICE_THREAT_ASSESSMENT,
        )
        if c.is_valid_on(today)
    }
    waiting_consent, waiting_threat, ready = [], [], []
    for assessment in assessments:
        if any(a.status in Allocation.ACTIVE for a in assessment.allocations.all()):
            continue
        if assessment.threat_assessments.all():
            ready.append(assessment)
        elif assessment.person_id not in consent_a:
            waiting_consent.append(assessment)
        else:
            waiting_threat.append(assessment)
    proposals = list(
        policy.visible(fetched_by, Allocation, policy.Perm.ALLOCATE_PLACES)
        .filter(status=Allocation.Status.PROPOSED)
        .select_related("assessment__person", "place__dwelling__offer__municipality")
        .order_by("hold_expires_on", "pk")
    )
    expiring = [
        a for a in proposals if a.hold_expires_on <= today + dt.timedelta(days=HOLD_WARNING_DAYS)
    ]
    reads.PERSON_LIST.record(
        actor=fetched_by,
        objects=[a.person for a in assessments] + [a.assessment.person for a in proposals],
        request=request,
        purpose="arbeidsbenk",
    )
    reads.INQUIRY_LIST.record(
        actor=fetched_by, objects=inquiries, request=request, purpose="arbeidsbenk"
    )
    return Workbench(
        open_inquiries=inquiries,
        waiting_for_consent=waiting_consent,
        waiting_for_threat_assessment=waiting_threat,
        ready_for_proposal=ready,
        proposals_waiting=proposals,
        holds_expiring=expiring,
    )


# --- the offer's inbox and the information package --------------------------


def inbox(*, fetched_by: Any, request: HttpRequest | None = None) -> list[Allocation]:
    """Live proposals and acceptances for the user's own offers. Shows no personal data."""
    allocations = list(
        policy.visible(fetched_by, Allocation, policy.Perm.VIEW_OFFER_INBOX)
        .filter(status__in=Allocation.ACTIVE)
        .select_related("place__dwelling__offer__municipality", "assessment")
        .order_by("status", "hold_expires_on", "pk")
    )
    return allocations


@dataclass
class InformationPackage:
    allocation: Allocation
    assessment: Assessment
    threat: ThreatAssessment | None
    children_birth_years: list[int]


def information_package(
    *, allocation: Allocation, fetched_by: Any, request: HttpRequest | None = None
) -> InformationPackage:
    """The package for the receiving offer, only under a valid consent (b); every read audited.

    Without consent the sharing is refused (``SharingRefused``) and the
    refusal audited. The threat part is the summary, never the details.
    """
    from referrals.services.consent import share_with_offer

    today = dates.today()
    share_with_offer(allocation=allocation, shared_on=today, by=fetched_by)
    assessment = allocation.assessment
    reads.PACKAGE.record(actor=fetched_by, objects=[allocation], request=request)
    return InformationPackage(
        allocation=allocation,
        assessment=assessment,
        threat=latest_threat_assessment(assessment),
        children_birth_years=[c.birth_year for c in assessment.children.all()],
    )


def read_assessment(
    *, assessment: Assessment, fetched_by: Any, request: HttpRequest | None = None
) -> None:
    """Log the full read of an assessment page (the team's view)."""
    reads.ASSESSMENT.record(actor=fetched_by, objects=[assessment], request=request, shown=True)


def read_threat_details(
    *, threat: ThreatAssessment, fetched_by: Any, request: HttpRequest | None = None
) -> None:
    reads.THREAT.record(actor=fetched_by, objects=[threat], request=request)


def police_queue(*, fetched_by: Any, request: HttpRequest | None = None) -> list[Assessment]:
    """Open assessments without a threat assessment that the police user may assess."""
    queryset: QuerySet[Assessment] = (
        policy.visible(fetched_by, Assessment, policy.Perm.WRITE_THREAT_ASSESSMENTS)
        .filter(threat_assessments__isnull=True)
        .exclude(status=Assessment.Status.CLOSED)
        .select_related("person")
        .prefetch_related("disclosures")
        .distinct()
    )
    assessments = list(queryset)
    reads.PERSON_LIST.record(
        actor=fetched_by,
        objects=[a.person for a in assessments],
        request=request,
        purpose="venter på trusselvurdering",
    )
    return assessments


def read_inquiry(*, inquiry: Inquiry, fetched_by: Any, request: HttpRequest | None = None) -> None:
    reads.INQUIRY.record(actor=fetched_by, objects=[inquiry], request=request)


def read_for_threat_assessment(
    *, assessment: Assessment, fetched_by: Any, request: HttpRequest | None = None
) -> None:
    """Police open an assessment to write the threat assessment: log what they see."""
    reads.ASSESSMENT.record(
        actor=fetched_by, objects=[assessment], request=request, purpose="trusselvurdering"
    )


def threat_list(*, fetched_by: Any, request: HttpRequest | None = None) -> list[ThreatAssessment]:
    """Threat assessments the user may see in summary (police pages); each one shown is logged."""
    threats = list(
        policy.visible(fetched_by, ThreatAssessment, policy.Perm.VIEW_THREAT_SUMMARY)
        .select_related("assessment__person", "police_district")
        .order_by("-assessed_on", "-pk")
    )
    reads.THREAT_LIST.record(actor=fetched_by, objects=threats, request=request)
    return threats


@dataclass
class Step:
    text: str
    url_name: str = ""
    pk: int | None = None


@dataclass
class AssessmentPage:
    assessment: Assessment
    children_birth_years: list[int]
    consents: list[Consent]
    disclosures: list[Any]
    threat: ThreatAssessment | None
    allocations: list[Allocation]
    blockers: list[str]
    status_tags: list[tuple[str, str]]
    next_step: Step
    can_see_threat_details: bool


def assessment_page(
    *, assessment: Assessment, fetched_by: Any, request: HttpRequest | None = None
) -> AssessmentPage:
    """Everything the team's assessment page shows, with the next step; the read is logged."""
    today = dates.today()
    consents = list(
        Consent.objects.filter(person=assessment.person).select_related("recipient_organisation")
    )
    threat = latest_threat_assessment(assessment)
    allocations = list(
        assessment.allocations.select_related("place__dwelling__offer__municipality").order_by(
            "-pk"
        )
    )
    blockers = allocation_blockers(assessment, on=today)
    has_police_consent = any(
        c.purpose == Consent.Purpose.POLICE_THREAT_ASSESSMENT and c.is_valid_on(today)
        for c in consents
    )
    disclosures = list(assessment.disclosures.select_related("recipient_organisation"))
    shared_with_police = any(
        d.purpose == Consent.Purpose.POLICE_THREAT_ASSESSMENT for d in disclosures
    )
    live = [a for a in allocations if a.status in Allocation.ACTIVE]
    tags: list[tuple[str, str]] = []
    if blockers:
        tags.append((_("Kan ikke få plass"), "danger"))
    if live and live[0].urgent:
        tags.append((_("Hasteplassering uten trusselvurdering"), "danger"))
    if live:
        tags.append(
            (
                str(live[0].get_status_display()),
                "info" if live[0].status == "proposed" else "success",
            )
        )
    elif threat is not None:
        tags.append((_("Trusselvurdering foreligger"), "success"))
    elif has_police_consent:
        tags.append((_("Venter på trusselvurdering"), "warning"))
    else:
        tags.append((_("Venter på samtykke"), "warning"))

    if assessment.status == Assessment.Status.ALLOCATED:
        step = Step(_("Personen har fått plass. Oppholdet følges opp av botilbudet."))
    elif live:
        step = Step(
            _("Vent på svar fra botilbudet. Plassen holdes til og med %(day)s.")
            % {"day": date_format(live[0].hold_expires_on, "j. F Y")}
        )
    elif blockers:
        step = Step(_("Personen kan ikke få plass. Avslutt henvendelsen med veiledning."))
    elif not has_police_consent:
        step = Step(
            _("Registrer samtykke til å dele med politiet"),
            "referrals:consent_create",
            assessment.pk,
        )
    elif threat is None and not shared_with_police:
        step = Step(
            _("Del saken med politiet for trusselvurdering"),
            "referrals:share_with_police",
            assessment.pk,
        )
    elif threat is None:
        step = Step(
            _("Vent på trusselvurderingen, eller finn plass som hasteplassering"),
            "referrals:match",
            assessment.pk,
        )
    else:
        step = Step(_("Finn plass og foreslå den for botilbudet"), "referrals:match", assessment.pk)

    read_assessment(assessment=assessment, fetched_by=fetched_by, request=request)
    return AssessmentPage(
        assessment=assessment,
        children_birth_years=[c.birth_year for c in assessment.children.all()],
        consents=consents,
        disclosures=disclosures,
        threat=threat,
        allocations=allocations,
        blockers=blockers,
        status_tags=tags,
        next_step=step,
        can_see_threat_details=policy.has_perm(fetched_by, policy.Perm.VIEW_THREAT_DETAILS),
    )
