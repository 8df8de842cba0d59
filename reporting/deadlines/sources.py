"""The deadlines of the other apps' records, each for the users who must act on it.

Part of the deadlines (``reporting.deadlines``). Each source asks the policy
for the rows the user may act on (``policy.visible``) and answers the
deadlines within ``HORIZON_DAYS``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from decisions.models import APPEALABLE, Decision
from followup.models import ActionPlan
from housing.models import SecurityClearance
from meetings import selectors as meeting_selectors
from referrals.models import Allocation, Consent
from reporting.deadlines.base import (
    EXPIRED_CONSENT_DAYS,
    HORIZON_DAYS,
    KIND_LABELS,
    PASSED_APPEAL_DAYS,
    Deadline,
    Kind,
    state_for,
)
from routines.models import RoutineVersion


def plan_evaluations(user: Viewer, today: dt.date) -> list[Deadline]:
    plans = policy.visible(user, ActionPlan, Perm.RECORD_FOLLOWUP).filter(
        stay__moved_in_on__isnull=False, stay__moved_out_on__isnull=True
    )
    found = []
    for plan in plans.select_related("stay").prefetch_related("evaluations"):
        evaluated = [e.evaluated_on for e in plan.evaluations.all()]
        last = max([plan.made_on, *evaluated])
        due_on = dates.deadline(dates.add_months(last, 3))
        found.append(
            Deadline(
                kind=Kind.PLAN_EVALUATION,
                due_on=due_on,
                state=state_for(due_on, today=today),
                obj=plan.stay,
                title=str(KIND_LABELS[Kind.PLAN_EVALUATION]),
            )
        )
    return found


def clearance_renewals(user: Viewer, today: dt.date) -> list[Deadline]:
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    visible = policy.visible(user, SecurityClearance, Perm.RECORD_CLEARANCE).filter(
        dwelling__in_use=True
    )
    latest: dict[int, Any] = {}
    for clearance in visible.select_related("dwelling").order_by("dwelling_id", "valid_until"):
        latest[clearance.dwelling_id] = clearance  # the last one per dwelling wins
    found = []
    for clearance in latest.values():
        due_on = dates.deadline(clearance.valid_until)
        if due_on > horizon:
            continue
        found.append(
            Deadline(
                kind=Kind.CLEARANCE_RENEWAL,
                due_on=due_on,
                state=state_for(due_on, today=today),
                obj=clearance.dwelling,
                title=str(KIND_LABELS[Kind.CLEARANCE_RENEWAL]),
                url=reverse("housing:dwelling_detail", args=[clearance.dwelling_id]),
            )
        )
    return found


def consent_expiries(user: Viewer, today: dt.date) -> list[Deadline]:
    visible = policy.visible(user, Consent, Perm.RECORD_CONSENT).filter(
        withdrawn_on__isnull=True,
        expires_on__isnull=False,
        expires_on__gte=today - dt.timedelta(days=EXPIRED_CONSENT_DAYS),
        expires_on__lte=today + dt.timedelta(days=HORIZON_DAYS),
    )
    return [
        Deadline(
            kind=Kind.CONSENT_EXPIRY,
            # Expiry is a fact, not a task date: it does not move to a working day.
            due_on=consent.expires_on,
            state=state_for(consent.expires_on, today=today),
            obj=consent,
            title=str(KIND_LABELS[Kind.CONSENT_EXPIRY]),
        )
        for consent in visible.only("pk", "expires_on")
        if consent.expires_on is not None  # filtered above; says so to the type checker
    ]


def hold_expiries(user: Viewer, today: dt.date) -> list[Deadline]:
    ids: set[int] = set()
    for perm in (Perm.ANSWER_ALLOCATIONS, Perm.ALLOCATE_PLACES):
        ids |= set(
            policy.visible(user, Allocation, perm)
            .filter(status="proposed")
            .values_list("pk", flat=True)
        )
    return [
        Deadline(
            kind=Kind.HOLD_EXPIRY,
            due_on=allocation.hold_expires_on,
            state=state_for(allocation.hold_expires_on, today=today),
            obj=allocation,
            title=str(KIND_LABELS[Kind.HOLD_EXPIRY]),
        )
        for allocation in Allocation._default_manager.filter(pk__in=ids).only(
            "pk", "hold_expires_on"
        )
    ]


def appeal_deadlines(user: Viewer, today: dt.date) -> list[Deadline]:
    """Refused or partly granted decisions not appealed, for the staff who record decisions.

    The deadline is stored on the decision (computed by default, editable), so
    it is shown as recorded and not moved again.
    """
    visible = policy.visible(user, Decision, Perm.RECORD_DECISIONS).filter(
        outcome__in=APPEALABLE,
        appealed_on__isnull=True,
        appeal_deadline__gte=today - dt.timedelta(days=PASSED_APPEAL_DAYS),
        appeal_deadline__lte=today + dt.timedelta(days=HORIZON_DAYS),
        stay__status__in=("allocated", "living", "moved_out"),
    )
    return [
        Deadline(
            kind=Kind.APPEAL_DEADLINE,
            subkind=decision.service,
            due_on=decision.appeal_deadline,
            state=state_for(decision.appeal_deadline, today=today),
            obj=decision.stay,
            title=str(KIND_LABELS[Kind.APPEAL_DEADLINE]),
            url=reverse("decisions:decisions", args=[decision.stay_id]),
        )
        for decision in visible.select_related("stay").only(
            "pk", "service", "appeal_deadline", "stay"
        )
    ]


def meeting_tasks(user: Viewer, today: dt.date) -> list[Deadline]:
    """Open tasks from meetings: about the resident (named by the naming rule), never their text.

    The due date is the one agreed in the meeting, kept as it is.
    """
    return [
        Deadline(
            kind=Kind.MEETING_TASK,
            due_on=task.due_on,
            state=state_for(task.due_on, today=today),
            obj=task.stay,
            title=str(KIND_LABELS[Kind.MEETING_TASK]),
            subkind=str(task.pk),
            url=reverse("meetings:meeting_detail", args=[task.stay_id, task.meeting_id]),
        )
        for task in meeting_selectors.open_tasks(user)
    ]


def routine_reviews(user: Viewer, today: dt.date) -> list[Deadline]:
    """The next review of each routine in force (the newest approved version) the user manages."""
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    approved = policy.visible(user, RoutineVersion, Perm.MANAGE_ROUTINES).filter(
        approved_on__isnull=False
    )
    current: dict[tuple[int, str], Any] = {}
    for version in approved.only("pk", "offer_id", "kind", "number", "next_review_on").order_by(
        "offer_id", "kind", "number"
    ):
        current[(version.offer_id, version.kind)] = version  # the newest approved wins
    found = []
    for version in current.values():
        due_on = dates.deadline(version.next_review_on)
        if due_on > horizon:
            continue
        found.append(
            Deadline(
                kind=Kind.ROUTINE_REVIEW,
                due_on=due_on,
                state=state_for(due_on, today=today),
                obj=version,
                title=str(KIND_LABELS[Kind.ROUTINE_REVIEW]),
                url=reverse("routines:routine", args=[version.offer_id, version.kind]),
            )
        )
    return found
