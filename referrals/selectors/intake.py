"""Inquiries (henvendelser) and the coordinator's workbench (arbeidsbenk).

Reads of intake and allocation (``referrals.selectors``): each takes the
acting user, shows only what the policy allows and logs what it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.formats import date_format

from access import policy
from accounts.actors import Viewer
from core import dates
from referrals import reads
from referrals.models import (
    Allocation,
    Assessment,
    Consent,
    Inquiry,
    InquiryCorrection,
)
from referrals.services.corrections import may_correct_inquiry
from referrals.services.intake import inquiry_led_to_place

# Holds whose last day is within this many days show as "about to expire".
HOLD_WARNING_DAYS = 2


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


# --- one inquiry and its corrections ----------------------------------------


@dataclass(frozen=True)
class EarlierValue:
    label: str
    value: str


@dataclass(frozen=True)
class InquiryVersion:
    """One correction: when, by whom, why, and the values that stood before it."""

    corrected_at: dt.datetime
    corrected_by: str
    reason: str
    earlier: list[EarlierValue]


@dataclass(frozen=True)
class InquiryPage:
    inquiry: Inquiry
    assessments: list[Assessment]
    history: list[InquiryVersion]
    can_correct: bool
    # The next step (assess, or close without a place) is offered only on an
    # open inquiry that has not led to a place.
    can_close: bool


def _label(name: str) -> str:
    model_field: Any = Inquiry._meta.get_field(name)
    return str(model_field.verbose_name).capitalize()


def _shown(name: str, value: Any) -> str:
    """An earlier value as the page shows it: the choice's label, a Norwegian date."""
    model_field: Any = Inquiry._meta.get_field(name)
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name == "received_on":
        return str(date_format(dt.date.fromisoformat(value), "j. F Y"))
    return str(value)


def _version(correction: InquiryCorrection) -> InquiryVersion:
    previous = correction.content.get("previous", {})
    who = correction.corrected_by
    return InquiryVersion(
        corrected_at=correction.created_at,
        corrected_by=who.get_full_name() or who.username,
        reason=str(correction.content.get("reason", "")),
        earlier=[
            EarlierValue(
                _label(name),
                _shown(name, previous.get(name)),
            )
            for name in correction.fields
        ],
    )


def inquiry_page(
    *, inquiry: Inquiry, fetched_by: Viewer, request: HttpRequest | None = None
) -> InquiryPage:
    """The inquiry as its page shows it, with what stood before each correction; the read is logged.

    The history is for everyone who may read the inquiry: it holds nothing
    the inquiry itself does not.
    """
    visible = policy.visible(fetched_by, Inquiry, policy.Perm.VIEW_INQUIRIES)
    if not visible.filter(pk=inquiry.pk).exists():
        raise Http404
    corrections = list(inquiry.corrections.select_related("corrected_by"))
    may_edit = policy.can(fetched_by, policy.Perm.EDIT_INQUIRIES, inquiry)
    read_inquiry(inquiry=inquiry, fetched_by=fetched_by, request=request)
    return InquiryPage(
        inquiry=inquiry,
        assessments=list(inquiry.assessments.all()),
        history=[_version(c) for c in reversed(corrections)],
        can_correct=may_correct_inquiry(fetched_by, inquiry),
        can_close=may_edit
        and inquiry.outcome == Inquiry.Outcome.OPEN
        and not inquiry_led_to_place(inquiry),
    )


def inquiry_for_correction(
    *, inquiry: Inquiry, fetched_by: Viewer, request: HttpRequest | None = None
) -> Inquiry:
    """The inquiry as its correction form shows it (every field, filled in); the read is logged."""
    if not may_correct_inquiry(fetched_by, inquiry):
        # The same answer as for an inquiry that does not exist.
        raise Http404
    read_inquiry(inquiry=inquiry, fetched_by=fetched_by, request=request)
    return inquiry
