"""Reads for individual decisions and the individual plan, for one acting user, audited.

Every page function takes the acting user (``fetched_by``) and the stay the
view fetched through the policy (``stay_get``: 404 for hidden and missing
alike) and records the page's read (``decisions.reads``). What a decision
granted or refused is encrypted and deferred unless the page shows it.
Form pages record on GET, when they show the stored values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from decisions.models import APPEALABLE, DecidedStay, Decision, IndividualPlan
from decisions.reads import DECISION_FORM, DECISIONS, FORM, PLAN_FORM

# An appeal deadline this close is marked as soon.
APPEAL_SOON_DAYS = 7


def stay_get(*, fetched_by: Viewer, pk: Any, perm: Perm = Perm.VIEW_DECISIONS) -> DecidedStay:
    """The stay, if the user may see its decisions for ``perm``; 404 otherwise."""
    return policy.get_object_for(
        fetched_by, DecidedStay.objects.select_related("offer__municipality"), perm, pk=pk
    )


def _is_get(request: HttpRequest | None) -> bool:
    return request is None or request.method == "GET"


def appeal_state(decision: Decision, today: dt.date) -> str:
    """ "" when no appeal deadline is shown; else ``passed``, ``soon`` or ``open``."""
    if decision.outcome not in APPEALABLE or decision.appealed_on is not None:
        return ""
    if decision.appeal_deadline < today:
        return "passed"
    if (decision.appeal_deadline - today).days <= APPEAL_SOON_DAYS:
        return "soon"
    return "open"


@dataclass
class DecisionRow:
    decision: Decision
    appeal: str  # appeal_state


@dataclass
class DecisionsPage:
    rows: list[DecisionRow]
    plan: IndividualPlan | None
    show: bool
    can_record: bool


def decisions_page(
    *,
    fetched_by: Viewer,
    stay: DecidedStay,
    show: bool,
    request: HttpRequest | None = None,
    today: dt.date | None = None,
) -> DecisionsPage:
    """The stay's decisions, newest first, and its individual plan; the texts only with ``show``."""
    day = today or dates.today()
    queryset = Decision.objects.filter(stay_id=stay.pk)
    decisions = list(queryset if show else queryset.defer("what"))
    plan = IndividualPlan.objects.filter(stay_id=stay.pk).first()
    DECISIONS.record(actor=fetched_by, objects=[stay], request=request, shown=show)
    return DecisionsPage(
        rows=[DecisionRow(d, appeal_state(d, day)) for d in decisions],
        plan=plan,
        show=show,
        can_record=policy.can(fetched_by, Perm.RECORD_DECISIONS, stay),
    )


def decision_for_form(
    *, fetched_by: Viewer, stay: DecidedStay, pk: Any, request: HttpRequest | None = None
) -> Decision:
    """One decision of the stay to change (404 when it belongs to another); a read on GET."""
    decision = policy.get_object_for(
        fetched_by, Decision.objects.filter(stay_id=stay.pk), Perm.RECORD_DECISIONS, pk=pk
    )
    if _is_get(request):
        DECISION_FORM.record(actor=fetched_by, objects=[decision], request=request)
    return decision


def form_opened(
    *, fetched_by: Viewer, stay: DecidedStay, request: HttpRequest | None = None
) -> None:
    """A new decision's form shows the heading only; recorded on GET."""
    if _is_get(request):
        FORM.record(actor=fetched_by, objects=[stay], request=request)


def plan_for_form(
    *, fetched_by: Viewer, stay: DecidedStay, request: HttpRequest | None = None
) -> IndividualPlan | None:
    """The individual plan to change, coordinator included; a read on GET."""
    plan = IndividualPlan.objects.filter(stay_id=stay.pk).first()
    if _is_get(request):
        PLAN_FORM.record(actor=fetched_by, objects=[stay], request=request)
    return plan


# --- the resident overview's summary -----------------------------------------------------


@dataclass
class Summary:
    count: int
    # Refused or partly granted, not appealed, deadline not passed: soonest first.
    open_appeals: list[Decision] = field(default_factory=list)
    plan: IndividualPlan | None = None


def may_view(stay: Any, fetched_by: Viewer) -> bool:
    """May ``fetched_by`` see the decisions and the plan of ``stay``?"""
    return policy.visible(fetched_by, DecidedStay, Perm.VIEW_DECISIONS).filter(pk=stay.pk).exists()


def summary(*, stay: Any, fetched_by: Viewer, today: dt.date | None = None) -> Summary | None:
    """Counts, open appeal deadlines and the plan's state; None when the user may not see them.

    For the resident overview, whose own read names these fields
    (``stays.reads.OVERVIEW_DECISIONS``): no text, no coordinator.
    """
    if not may_view(stay, fetched_by):
        return None
    day = today or dates.today()
    decisions = list(
        Decision.objects.filter(stay_id=stay.pk).only(
            "pk", "stay_id", "service", "outcome", "appeal_deadline", "appealed_on"
        )
    )
    plan = (
        IndividualPlan.objects.filter(stay_id=stay.pk)
        .only("pk", "stay_id", "has_right", "has_plan", "plan_since")
        .first()
    )
    open_appeals = sorted(
        (d for d in decisions if appeal_state(d, day) in ("open", "soon")),
        key=lambda d: d.appeal_deadline,
    )
    return Summary(count=len(decisions), open_appeals=open_appeals, plan=plan)
