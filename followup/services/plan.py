"""The action plan (handlingsplan): the plan, its goals and actions, their progress, evaluations.

Atomic, validated and audited like every follow-up write (``followup.services``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from followup.models import (
    ActionPlan,
    PlanAction,
    PlanEvaluation,
    PlanGoal,
    Progress,
)
from followup.services.base import _not_in_future, _synthetic
from stays.models import Stay


@transaction.atomic
def plan_save(*, stay: Stay, by: Actor, made_on: dt.date, own_words: str) -> ActionPlan:
    """Create or change the action plan's date and the resident's own words."""
    errors: dict[str, Any] = _not_in_future(
        made_on, "made_on", _("Planen kan ikke være laget i fremtiden.")
    )
    plan = ActionPlan.objects.filter(stay=stay).first()
    if plan is not None and "made_on" not in errors:
        first = plan.evaluations.order_by("evaluated_on").first()
        if first is not None and first.evaluated_on < made_on:
            errors["made_on"] = _("Planen kan ikke være laget etter den første evalueringen.")
    if errors:
        raise ValidationError(errors)
    created = plan is None
    if plan is None:
        plan = ActionPlan(stay=stay, is_synthetic=_synthetic(stay))
    plan.made_on = made_on
    plan.own_words = own_words
    plan.recorded_by = by
    plan.full_clean()
    plan.save()
    record(
        actor=by,
        action="followup.plan.created" if created else "followup.plan.changed",
        obj=plan,
        fields=["made_on", "own_words"],
        purpose="handlingsplan",
    )
    return plan


@transaction.atomic
def goal_create(
    *, plan: ActionPlan, by: Actor, text: str, parent: PlanGoal | None = None
) -> PlanGoal:
    """A goal, or a sub-goal under ``parent`` (which must be a top-level goal of the same plan)."""
    if not text.strip():
        raise ValidationError({"text": _("Skriv målet.")})
    if parent is not None and (parent.plan_id != plan.pk or parent.parent_id is not None):
        raise ValidationError({"parent": _("Velg et hovedmål i denne planen.")})
    goal = PlanGoal(plan=plan, parent=parent, text=text, is_synthetic=plan.is_synthetic)
    goal.full_clean()
    goal.save()
    record(
        actor=by,
        action="followup.goal.created",
        obj=goal,
        fields=["text", "parent"],
        purpose="handlingsplan",
    )
    return goal


@transaction.atomic
def action_create(*, goal: PlanGoal, by: Actor, text: str, responsible: str) -> PlanAction:
    errors: dict[str, Any] = {}
    if not text.strip():
        errors["text"] = _("Skriv tiltaket.")
    if not responsible.strip():
        errors["responsible"] = _("Skriv hvem som har ansvaret.")
    if errors:
        raise ValidationError(errors)
    action = PlanAction(
        goal=goal, text=text, responsible=responsible, is_synthetic=goal.is_synthetic
    )
    action.full_clean()
    action.save()
    record(
        actor=by,
        action="followup.plan_action.created",
        obj=action,
        fields=["text", "responsible"],
        purpose="handlingsplan",
    )
    return action


@transaction.atomic
def progress_set(*, item: PlanGoal | PlanAction, by: Actor, status: str) -> PlanGoal | PlanAction:
    """Change the status of a goal, sub-goal or measure of the plan."""
    if status not in Progress.values:
        raise ValidationError({"status": _("Velg en status.")})
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    record(
        actor=by,
        action="followup.goal.status_changed"
        if isinstance(item, PlanGoal)
        else "followup.plan_action.status_changed",
        obj=item,
        fields=["status"],
        purpose="handlingsplan",
    )
    return item


@transaction.atomic
def evaluation_create(
    *, plan: ActionPlan, by: Actor, evaluated_on: dt.date, summary: str
) -> PlanEvaluation:
    """Record an evaluation of the plan (due every 3 months)."""
    errors: dict[str, Any] = _not_in_future(
        evaluated_on, "evaluated_on", _("Evalueringen kan ikke være i fremtiden.")
    )
    if evaluated_on < plan.made_on:
        errors["evaluated_on"] = _("Evalueringen kan ikke være før planen ble laget.")
    if not summary.strip():
        errors["summary"] = _("Skriv en kort oppsummering.")
    if errors:
        raise ValidationError(errors)
    evaluation = PlanEvaluation(
        plan=plan,
        evaluated_on=evaluated_on,
        summary=summary,
        recorded_by=by,
        is_synthetic=plan.is_synthetic,
    )
    evaluation.full_clean()
    evaluation.save()
    record(
        actor=by,
        action="followup.evaluation.created",
        obj=evaluation,
        fields=["evaluated_on", "summary"],
        purpose="evaluering av handlingsplan",
    )
    return evaluation
