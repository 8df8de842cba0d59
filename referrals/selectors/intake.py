"""Inquiries (henvendelser) and the coordinator's workbench (arbeidsbenk).

Reads of intake and allocation (``referrals.selectors``): each takes the
acting user, shows only what the policy allows and logs what it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import HttpRequest

from access import policy
from accounts.actors import Viewer
from core import dates
from referrals import reads
from referrals.models import (
    Allocation,
    Assessment,
    Consent,
    Inquiry,
)

# Holds whose last day is within this many days show as "about to expire".
HOLD_WARNING_DAYS = 2


def inquiry_list(
    *, fetched_by: Viewer, outcome: str | None = None, request: HttpRequest | None = None
) -> list[Inquiry]:
    """Inquiries the user may see, newest first; each one shown is logged."""
    queryset = policy.visible(fetched_by, Inquiry, policy.Perm.VIEW_INQUIRIES)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    inquiries = list(queryset)
    reads.INQUIRY_LIST.record(actor=fetched_by, objects=inquiries, request=request, shown=True)
    return inquiries


# --- the coordinator's workbench -------------------------------------------


@dataclass
class Workbench:
    open_inquiries: list[Inquiry]
    waiting_for_consent: list[Assessment]
    waiting_for_threat_assessment: list[Assessment]
    ready_for_proposal: list[Assessment]
    proposals_waiting: list[Allocation]
    holds_expiring: list[Allocation]
    # Every open assessment the lists above come from (what the page logs).
    assessments: list[Assessment] = field(default_factory=list)


def workbench(*, fetched_by: Viewer, request: HttpRequest | None = None) -> Workbench:
    """What waits for the competence team, in the order the work is done; the read is logged."""
    bench = waiting_work(fetched_by=fetched_by)
    reads.PERSON_LIST.record(
        actor=fetched_by,
        objects=[a.person for a in bench.assessments]
        + [a.assessment.person for a in bench.proposals_waiting],
        request=request,
        purpose="arbeidsbenk",
    )
    reads.INQUIRY_LIST.record(
        actor=fetched_by, objects=bench.open_inquiries, request=request, purpose="arbeidsbenk"
    )
    return bench


def waiting_work(*, fetched_by: Viewer) -> Workbench:
    """The workbench's lists, unlogged: for counting only (the start page), never for showing.

    The start page shows how many, not who, so it reads nothing about
    anyone; the workbench itself logs what it shows.
    """
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
    return Workbench(
        open_inquiries=inquiries,
        waiting_for_consent=waiting_consent,
        waiting_for_threat_assessment=waiting_threat,
        ready_for_proposal=ready,
        proposals_waiting=proposals,
        holds_expiring=expiring,
        assessments=assessments,
    )


def read_inquiry(
    *, inquiry: Inquiry, fetched_by: Viewer, request: HttpRequest | None = None
) -> None:
    reads.INQUIRY.record(actor=fetched_by, objects=[inquiry], request=request)
