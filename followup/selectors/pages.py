"""What each follow-up page shows, read for one user and audited (SECURITY.md 21).

Every page function takes the acting user (``fetched_by``) and the stay the
view fetched through the policy (``stay_get``: 404 for hidden and missing
alike), reads what the page shows in a fixed number of queries, and records
the page's read (``followup.reads``): one audit row on the stay
naming every field shown. Encrypted text that is not shown is deferred, so it
is never decrypted.

Form pages record on GET, when they show the stored values; a POST shows
back what was typed, and the service that saves it writes its own row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from followup.models import (
    ActionPlan,
    ChecklistItem,
    ConversationItem,
    CrisisScenario,
    FollowedStay,
    FollowupArea,
    PlanAction,
    PlanEvaluation,
    PlanGoal,
    SecurityConversation,
    SecurityMeasure,
    ThreatChange,
)
from followup.reads import (
    AREAS,
    AREAS_FORM,
    FORM,
    GOALS_FORM,
    MEASURE_FORM,
    MEASURES,
    PLAN,
    PLAN_FORM,
    SECURITY,
    SECURITY_FORM,
)
from followup.selectors.summaries import (
    ChildRef,
    accompanying_children,
    area_rows,
    deadline_state,
    missing_child_plans,
    next_plan_evaluation_due,
)
from referrals.selectors import latest_threat_assessment


def stay_get(*, fetched_by: Viewer, pk: Any, perm: Perm = Perm.VIEW_FOLLOWUP) -> FollowedStay:
    """The stay, if the user may see its follow-up for ``perm``; 404 otherwise."""
    return policy.get_object_for(
        fetched_by, FollowedStay.objects.select_related("offer__municipality"), perm, pk=pk
    )


def _is_get(request: HttpRequest | None) -> bool:
    return request is None or request.method == "GET"


# --- security conversation and crisis plan ---------------------------------------------


@dataclass
class SecurityPage:
    conversation: SecurityConversation | None
    items: list[tuple[str, ConversationItem | None]]
    scenarios: list[CrisisScenario]
    show: bool
    may_read: bool


def security_page(
    *, fetched_by: Viewer, stay: FollowedStay, show: bool, request: HttpRequest | None = None
) -> SecurityPage:
    """The conversation's checklist and the crisis plan; their notes only with ``show``."""
    may_read = policy.can(fetched_by, Perm.READ_SECURITY_NOTES, stay)
    show = show and may_read
    items = ConversationItem.objects.all() if show else ConversationItem.objects.defer("note")
    conversation = (
        SecurityConversation.objects.filter(stay_id=stay.pk)
        .prefetch_related(Prefetch("items", queryset=items))
        .first()
    )
    scenarios = CrisisScenario.objects.filter(stay_id=stay.pk)
    scenario_list = list(scenarios if show else scenarios.defer("scenario", "response"))
    rows: list[tuple[str, ConversationItem | None]] = []
    if conversation is not None:
        by_key = {item.item: item for item in conversation.items.all()}
        rows = [(str(label), by_key.get(value)) for value, label in ChecklistItem.choices]
    SECURITY.record(actor=fetched_by, objects=[stay], request=request, shown=show)
    return SecurityPage(conversation, rows, scenario_list, show, may_read)


def security_for_form(
    *, fetched_by: Viewer, stay: FollowedStay, request: HttpRequest | None = None
) -> tuple[SecurityConversation | None, list[CrisisScenario]]:
    """The conversation and crisis plan to edit: the form shows every note (a read on GET)."""
    conversation = (
        SecurityConversation.objects.filter(stay_id=stay.pk).prefetch_related("items").first()
    )
    scenarios = list(CrisisScenario.objects.filter(stay_id=stay.pk))
    if _is_get(request):
        SECURITY_FORM.record(actor=fetched_by, objects=[stay], request=request)
    return conversation, scenarios


# --- security measures and threat picture ------------------------------------------------


@dataclass
class MeasuresPage:
    measures: list[SecurityMeasure]
    changes: list[ThreatChange]
    show: bool
    show_threat: bool
    may_read: bool
    may_read_threat: bool
    # Kinds the police's threat assessment recommended that the register lacks.
    recommended: list[str]


# The threat assessment's recommendations, as kinds of the measures register.
RECOMMENDED_BY_POLICE = {
    "measure_violence_alarm": SecurityMeasure.Kind.VIOLENCE_ALARM,
    "measure_code_6": SecurityMeasure.Kind.CODE_6,
    "measure_code_7": SecurityMeasure.Kind.CODE_7,
}


def _recommended(stay: FollowedStay, registered: set[str]) -> list[str]:
    """What the police recommended before arrival and nobody has registered yet."""
    allocation = stay.allocation
    if allocation is None:
        return []
    threat = latest_threat_assessment(allocation.assessment)
    if threat is None:
        return []
    return [
        kind
        for flag, kind in RECOMMENDED_BY_POLICE.items()
        if getattr(threat, flag) and kind not in registered
    ]


def measures_page(
    *,
    fetched_by: Viewer,
    stay: FollowedStay,
    show: bool,
    show_threat: bool,
    request: HttpRequest | None = None,
) -> MeasuresPage:
    """Every measure considered and the threat picture's changes; reasons and details on «vis»."""
    may_read = policy.can(fetched_by, Perm.READ_SECURITY_NOTES, stay)
    may_read_threat = policy.can(fetched_by, Perm.RECORD_THREAT_CHANGE, stay)
    show, show_threat = show and may_read, show_threat and may_read_threat
    measures = SecurityMeasure.objects.filter(stay_id=stay.pk)
    changes = ThreatChange.objects.filter(stay_id=stay.pk)
    page = MeasuresPage(
        measures=list(measures if show else measures.defer("reason")),
        changes=list(changes if show_threat else changes.defer("detail")),
        show=show,
        show_threat=show_threat,
        may_read=may_read,
        may_read_threat=may_read_threat,
        recommended=[],
    )
    page.recommended = _recommended(stay, {m.kind for m in page.measures})
    shown = [
        name
        for name, revealed in (
            ("security_measures.reason", show),
            ("threat_changes.detail", show_threat),
        )
        if revealed
    ]
    MEASURES.record(actor=fetched_by, objects=[stay], request=request, shown=shown)
    return page


def measure_for_form(
    *, fetched_by: Viewer, stay: FollowedStay, pk: int, request: HttpRequest | None = None
) -> SecurityMeasure:
    """One of the stay's measures to edit (its reason is in the form), or 404."""
    measure = SecurityMeasure.objects.filter(stay_id=stay.pk, pk=pk).first()
    if measure is None:
        raise Http404
    measure.stay = stay  # the heading's fields, without another query
    if _is_get(request):
        MEASURE_FORM.record(actor=fetched_by, objects=[measure], request=request)
    return measure


def form_opened(
    *, fetched_by: Viewer, stay: FollowedStay, request: HttpRequest | None = None
) -> None:
    """A form that shows nothing stored but the stay's heading."""
    if _is_get(request):
        FORM.record(actor=fetched_by, objects=[stay], request=request)


# --- action plan ------------------------------------------------------------------------


@dataclass
class PlanPage:
    plan: ActionPlan | None
    goals: list[PlanGoal]
    evaluations: list[PlanEvaluation]
    due: dt.date | None
    due_state: str
    show: bool
    may_read: bool


def plan_page(
    *, fetched_by: Viewer, stay: FollowedStay, show: bool, request: HttpRequest | None = None
) -> PlanPage:
    """Goals, sub-goals and their actions, and the evaluations; own words and summaries on «vis»."""
    may_read = policy.can(fetched_by, Perm.READ_FOLLOWUP_NOTES, stay)
    plans = ActionPlan.objects.filter(stay_id=stay.pk)
    plan = (plans if show and may_read else plans.defer("own_words")).first()
    show = show and may_read and plan is not None
    goals: list[PlanGoal] = []
    evaluations: list[PlanEvaluation] = []
    if plan is not None:
        goals = list(
            plan.goals.filter(parent__isnull=True).prefetch_related("subgoals__actions", "actions")
        )
        found = plan.evaluations.all()
        evaluations = list(found if show else found.defer("summary"))
    due = next_plan_evaluation_due(stay)
    PLAN.record(actor=fetched_by, objects=[stay], request=request, shown=show)
    return PlanPage(plan, goals, evaluations, due, deadline_state(due), show, may_read)


def plan_of(stay: FollowedStay) -> ActionPlan | None:
    """The stay's action plan (for a service to write to; nothing is shown)."""
    return ActionPlan.objects.filter(stay_id=stay.pk).defer("own_words").first()


def plan_for_form(
    *,
    fetched_by: Viewer,
    stay: FollowedStay,
    own_words: bool,
    request: HttpRequest | None = None,
) -> ActionPlan | None:
    """The plan for a form: with the resident's own words (the plan's form) or its date only."""
    plans = ActionPlan.objects.filter(stay_id=stay.pk)
    plan = (plans if own_words else plans.defer("own_words")).first()
    if _is_get(request):
        PLAN_FORM.record(
            actor=fetched_by,
            objects=[stay],
            request=request,
            shown=own_words and plan is not None,
        )
    return plan


def goal_choices(
    *,
    fetched_by: Viewer,
    stay: FollowedStay,
    top_only: bool = False,
    audited: bool = True,
    request: HttpRequest | None = None,
) -> list[tuple[int, str]]:
    """(pk, text) of the plan's goals (sub-goals indented) for a form's list; [] without a plan.

    ``audited``: False when the caller's own read names the goals (the contact log).
    """
    goals = list(PlanGoal.objects.filter(plan__stay_id=stay.pk).only("pk", "parent_id", "text"))
    choices: list[tuple[int, str]] = []
    for goal in (g for g in goals if g.parent_id is None):
        choices.append((goal.pk, goal.text))
        if not top_only:
            choices += [(sub.pk, f"– {sub.text}") for sub in goals if sub.parent_id == goal.pk]
    if audited and _is_get(request):
        GOALS_FORM.record(actor=fetched_by, objects=[stay], request=request)
    return choices


def goal_of(plan: ActionPlan, pk: Any) -> PlanGoal | None:
    """One goal (or sub-goal) of the plan, for a service to write to."""
    return PlanGoal.objects.filter(plan_id=plan.pk, pk=pk).defer("text").first()


def action_of(plan: ActionPlan, pk: Any) -> PlanAction | None:
    """One action under the plan's goals, for a service to write to."""
    return PlanAction.objects.filter(goal__plan_id=plan.pk, pk=pk).defer("text").first()


def goal_of_stay(stay: FollowedStay, pk: Any) -> PlanGoal | None:
    """One goal of the stay's plan (a contact may name it), or None."""
    return PlanGoal.objects.filter(plan__stay_id=stay.pk, pk=pk).defer("text").first()


# --- follow-up areas --------------------------------------------------------------------


@dataclass
class AreasPage:
    rows: list[tuple[str, FollowupArea | None]]
    missing: list[ChildRef]
    show: bool
    may_read: bool


def areas_page(
    *, fetched_by: Viewer, stay: FollowedStay, show: bool, request: HttpRequest | None = None
) -> AreasPage:
    """Status per follow-up area (one row per accompanying child's plan); notes on «vis»."""
    may_read = policy.can(fetched_by, Perm.READ_FOLLOWUP_NOTES, stay)
    show = show and may_read
    stored = FollowupArea.objects.filter(stay_id=stay.pk)
    by_key = {
        (row.area, row.child_id or 0): row for row in (stored if show else stored.defer("notes"))
    }
    children = accompanying_children(stay)
    rows = [(label, by_key.get((area, number))) for area, number, label in area_rows(children)]
    AREAS.record(actor=fetched_by, objects=[stay], request=request, shown=show)
    return AreasPage(rows, missing_child_plans(stay), show, may_read)


def areas_for_form(
    *, fetched_by: Viewer, stay: FollowedStay, request: HttpRequest | None = None
) -> tuple[dict[str, str], list[ChildRef]]:
    """The form's initial values (status and notes per area) and the children it has rows for."""
    initial: dict[str, str] = {}
    for row in FollowupArea.objects.filter(stay_id=stay.pk):
        initial[f"status_{row.area}_{row.child_id or 0}"] = row.status
        initial[f"notes_{row.area}_{row.child_id or 0}"] = row.notes
    if _is_get(request):
        AREAS_FORM.record(actor=fetched_by, objects=[stay], request=request)
    return initial, accompanying_children(stay)


def partner_choices(stay: FollowedStay) -> list[tuple[int, str]]:
    """The offer's partner services, for the contact form (no personal data)."""
    from housing.models import PartnerService

    return [(p.pk, str(p)) for p in PartnerService.objects.filter(offer_id=stay.offer_id)]


def partner_of(stay: FollowedStay, pk: Any) -> Any:
    """One partner service of the stay's offer, or None."""
    from housing.models import PartnerService

    return PartnerService.objects.filter(offer_id=stay.offer_id, pk=pk).first()
