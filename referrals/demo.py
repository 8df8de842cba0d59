"""Synthetic intake demo data: inquiries in every state, assessments waiting, a proposal for leder.a.

All names are "Demo Person N"; identity numbers are synthetic (month + 40),
never numbers issued to real people. Idempotent: runs once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.demo import require_demo_mode
from accounts.models import Organisation, User
from core import dates
from housing.models import Place
from referrals import services
from referrals.identity import synthetic_identity_number
from referrals.models import (
    Allocation,
    Assessment,
    AssessmentChild,
    Consent,
    Disclosure,
    Inquiry,
    Person,
    ThreatAssessment,
)
from referrals.selectors import place_bookable
from referrals.services.intake import PersonData

ANSWERS = {
    "assessed_by": "team",
    "need_status": "met",
    "ground_fear_forced_marriage": True,
    "need_note": "Demo: familien planlegger ekteskap i utlandet.",
    "benefit_status": "met",
    "fit_to_live_alone": True,
    "needs_followup": True,
    "wants_it": True,
    "accepts_rules": True,
    "accepts_limited_stay": True,
    "threat_status": "met",
    "threat_note": "Demo: kommer fra Kommune D.",
    "lawful_residence": "yes",
    "need_practical": True,
    "need_language": True,
    "needs_note": "Demo: trenger hjelp med NAV og bank.",
    "followup_intensity": "medium",
    "wishes": "Demo: vil fullføre videregående skole.",
}


def _free_place(municipality: str) -> Place | None:
    for place in Place.objects.filter(
        dwelling__offer__municipality__name=municipality, active=True
    ).select_related("dwelling__offer"):
        if place_bookable(place):
            return place
    return None


def _inquiry(by: User, kind: str, days_ago: int, reason: str) -> Inquiry:
    return services.inquiry_create(
        contact_kind=kind,
        channel="phone",
        received_on=dates.today() - dt.timedelta(days=days_ago),
        reason=reason,
        by=by,
    )


def _assessed(by: User, number: int, days_ago: int, **answers: object) -> Assessment:
    born = dates.today().replace(year=dates.today().year - 20 - number % 5) - dt.timedelta(
        days=number * 17
    )
    inquiry = _inquiry(by, "crisis_centre", days_ago + 2, "Demo: krisesenteret ringte.")
    return services.assessment_create(
        person=PersonData(
            name=f"Demo Person {number}",
            gender="female" if number % 4 else "male",
            identity_number=synthetic_identity_number(born, number),
            phone="",
        ),
        answers={
            **ANSWERS,
            "assessed_on": dates.today() - dt.timedelta(days=days_ago),
            **answers,
        },
        inquiry=inquiry,
        by=by,
    )


def _consent(
    by: User, assessment: Assessment, purpose: str, kind: str, org: Organisation | None
) -> Consent:
    return services.consent_record(
        person=assessment.person,
        purpose=purpose,
        recipient_kind=kind,
        recipient_organisation=org,
        given_on=assessment.assessed_on,
        method="written",
        by=by,
    )


def _threat(by: User, assessment: Assessment, avoid: list[Organisation]) -> ThreatAssessment:
    return services.threat_assessment_record(
        assessment=assessment,
        assessed_by="team_police",
        police_district=None,
        assessed_on=dates.today(),
        risk_level="high",
        avoid_municipalities=avoid,
        details="Demo: oppdiktede trusselutøvere.",
        measures=["measure_violence_alarm", "measure_code_7"],
        measures_note="",
        by=by,
    )


@transaction.atomic
def load_referrals() -> None:
    """Create the demo inquiries, assessments, consents, threat assessments and proposals once."""
    require_demo_mode()
    if Inquiry.objects.filter(is_synthetic=True).exists():
        return
    models = (
        Inquiry,
        Person,
        Assessment,
        AssessmentChild,
        Consent,
        Disclosure,
        ThreatAssessment,
        Allocation,
    )
    before = {
        m: (m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) for m in models
    }
    coordinator = User.objects.get(username="koordinator")
    police = User.objects.get(username="politirep")
    municipality = {o.name: o for o in Organisation.objects.filter(kind="municipality")}

    _inquiry(coordinator, "young_person", 0, "Demo: ønsker råd om å flytte hjemmefra.")
    for days, reason, kind in (
        (20, "postponed", "minority_adviser"),
        (14, "relatives", "nav"),
        (9, "crisis_centre", "crisis_centre"),
        (5, "not_target_group", "school"),
    ):
        inquiry = _inquiry(coordinator, kind, days, "Demo: henvendelse uten plass.")
        services.inquiry_close_without_place(
            inquiry=inquiry,
            no_place_reason=reason,
            guidance="Demo: rådet om krisesenter og kontakt med politiet.",
            by=coordinator,
        )

    # 1: waiting for consent.
    _assessed(coordinator, 1, 3)
    # 2: consent to the team's police representative, shared, waiting for the threat assessment.
    second = _assessed(coordinator, 2, 4)
    _consent(coordinator, second, "police", "team_police", None)
    services.share_with_police(
        assessment=second,
        recipient_kind="team_police",
        police_district=None,
        shared_on=dates.today(),
        by=coordinator,
    )
    # 3: proposed to Kommune A, waiting for leder.a's answer.
    third = _assessed(coordinator, 3, 6, has_partner=False)
    _consent(coordinator, third, "police", "team_police", None)
    _consent(coordinator, third, "offer", "municipality", municipality.get("Kommune A"))
    _threat(police, third, [municipality[n] for n in ("Kommune D",) if n in municipality])
    place = _free_place("Kommune A")
    if place is not None:
        services.allocation_propose(
            assessment=third,
            place=place,
            expected_arrival_on=dates.today() + dt.timedelta(days=7),
            arrival_notes="Demo: kommer med tog, krisesenteret følger henne.",
            by=coordinator,
        )
    # 4: proposed to another municipality; the hold runs out tomorrow.
    fourth = _assessed(coordinator, 4, 10, followup_intensity="low")
    _consent(coordinator, fourth, "police", "team_police", None)
    _threat(police, fourth, [])
    for name in ("Kommune B", "Kommune C", "Kommune E", "Kommune D"):
        place = _free_place(name)
        if place is None:
            continue
        _consent(coordinator, fourth, "offer", "municipality", municipality[name])
        allocation = services.allocation_propose(
            assessment=fourth,
            place=place,
            expected_arrival_on=dates.today() + dt.timedelta(days=5),
            by=coordinator,
        )
        # Demo only: pretend it was proposed a week ago.
        Allocation.objects.filter(pk=allocation.pk).update(
            proposed_on=dates.today() - dt.timedelta(days=7),
            hold_expires_on=dates.today() + dt.timedelta(days=1),
        )
        break
    # 5: ready for a proposal (threat assessment in place).
    fifth = _assessed(coordinator, 5, 2, followup_intensity="high", need_mental_health=True)
    _consent(coordinator, fifth, "police", "team_police", None)
    _threat(police, fifth, [])
    # 6: under 18 (assessed with a crisis centre): can never be allocated.
    services.assessment_create(
        person=PersonData(
            name="Demo Person 6",
            gender="female",
            birth_date=dates.today().replace(year=dates.today().year - 17),
        ),
        answers={
            **ANSWERS,
            "assessed_by": "service_with_team",
            "assisting_service": "crisis_centre",
        },
        inquiry=_inquiry(coordinator, "crisis_centre", 1, "Demo: ung jente på krisesenter."),
        by=coordinator,
    )

    # Services leave the mark to the caller: mark exactly the rows made here.
    for model, last in before.items():
        model.objects.filter(pk__gt=last).update(is_synthetic=True)
