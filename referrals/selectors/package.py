"""The receiving offer's inbox and the information package (informasjonspakke) it gets under consent.

Reads of intake and allocation (``referrals.selectors``): each takes the
acting user, shows only what the policy allows and logs what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from access import policy
from accounts.actors import Actor, Viewer
from core import dates
from referrals import reads
from referrals.models import (
    Allocation,
    Assessment,
    Inquiry,
    ThreatAssessment,
)
from referrals.selectors.assessments import latest_threat_assessment


def inbox(*, fetched_by: Viewer, request: HttpRequest | None = None) -> list[Allocation]:
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
    # The coordinator who proposed the place: the offer's contact in the team.
    contact_person: Any
    # Who referred the person (kind of service, channel, date); the inquiry
    # holds no named contact at the referring service.
    inquiry: Inquiry | None


def information_package(
    *, allocation: Allocation, fetched_by: Actor, request: HttpRequest | None = None
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
        contact_person=allocation.proposed_by,
        inquiry=assessment.inquiry,
    )
