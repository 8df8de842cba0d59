"""The action plan (handlingsplan): goals, actions, their progress, and evaluations.

Thin like every follow-up page (``followup.views``): the stay through
``selectors.stay_get``, what the page shows through an auditing page
selector, writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core import dates
from core.forms import save_form
from followup import selectors, services
from followup.forms import (
    ActionForm,
    EvaluationForm,
    GoalForm,
    PlanForm,
    ProgressForm,
)
from followup.models import PlanAction, PlanGoal
from followup.views.base import _context, _showing


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def plan(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    page = selectors.plan_page(
        fetched_by=request.user, stay=stay, show=_showing(request), request=request
    )
    return render(
        request,
        "followup/plan.html",
        _context(
            request,
            stay,
            "followup:plan",
            plan=page.plan,
            goals=page.goals,
            evaluations=page.evaluations,
            due=page.due,
            due_state=page.due_state,
            show=page.show,
            may_read=page.may_read,
            can_record=policy.can(request.user, Perm.RECORD_FOLLOWUP, stay),
            progress_form=ProgressForm(),
        ),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = selectors.plan_for_form(
        fetched_by=request.user, stay=stay, own_words=True, request=request
    )
    initial: dict[str, Any] = {"made_on": dates.today()}
    if action_plan is not None:
        initial = {"made_on": action_plan.made_on, "own_words": action_plan.own_words}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and save_form(
        form, lambda: services.plan_save(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Handlingsplanen er lagret."))
        return redirect("followup:plan", stay_id=stay.pk)
    return render(
        request,
        "followup/plan_form.html",
        _context(request, stay, "followup:plan", form=form, plan=action_plan),
    )


def _plan_or_404(stay: Any) -> Any:
    action_plan = selectors.plan_of(stay)
    if action_plan is None:
        raise Http404
    return action_plan


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def goal_create(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = _plan_or_404(stay)
    goals = selectors.goal_choices(
        fetched_by=request.user, stay=stay, top_only=True, request=request
    )
    form = GoalForm(request.POST or None, goals=goals)

    def create() -> None:
        parent = (
            selectors.goal_of(action_plan, form.cleaned_data["parent"])
            if form.cleaned_data["parent"]
            else None
        )
        services.goal_create(
            plan=action_plan, by=request.user, text=form.cleaned_data["text"], parent=parent
        )

    if request.method == "POST" and save_form(form, create):
        messages.success(request, _("Målet er lagt til."))
        return redirect("followup:plan", stay_id=stay.pk)
    return render(
        request, "followup/goal_form.html", _context(request, stay, "followup:plan", form=form)
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def action_create(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = _plan_or_404(stay)
    form = ActionForm(
        request.POST or None,
        goals=selectors.goal_choices(fetched_by=request.user, stay=stay, request=request),
        initial={"goal": request.GET.get("mal")},
    )

    def create() -> None:
        goal = selectors.goal_of(action_plan, form.cleaned_data["goal"])
        if goal is None:
            raise Http404
        services.action_create(
            goal=goal,
            by=request.user,
            text=form.cleaned_data["text"],
            responsible=form.cleaned_data["responsible"],
        )

    if request.method == "POST" and save_form(form, create):
        messages.success(request, _("Tiltaket er lagt til."))
        return redirect("followup:plan", stay_id=stay.pk)
    return render(
        request, "followup/action_form.html", _context(request, stay, "followup:plan", form=form)
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_POST
def progress_set(
    request: AuthenticatedRequest, stay_id: int, kind: str, item_id: int
) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = _plan_or_404(stay)
    item: PlanGoal | PlanAction | None
    if kind == "mal":
        item = selectors.goal_of(action_plan, item_id)
    elif kind == "tiltak":
        item = selectors.action_of(action_plan, item_id)
    else:
        item = None
    if item is None:
        raise Http404
    form = ProgressForm(request.POST)
    if save_form(
        form,
        lambda: services.progress_set(
            item=item, by=request.user, status=form.cleaned_data["status"]
        ),
    ):
        messages.success(request, _("Statusen er endret."))
    else:
        messages.error(request, _("Velg en status fra listen."))
    return redirect("followup:plan", stay_id=stay.pk)


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def evaluation_create(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = selectors.plan_for_form(
        fetched_by=request.user, stay=stay, own_words=False, request=request
    )
    if action_plan is None:
        raise Http404
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": dates.today()})
    if request.method == "POST" and save_form(
        form,
        lambda: services.evaluation_create(plan=action_plan, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Evalueringen er lagret."))
        return redirect("followup:plan", stay_id=stay.pk)
    return render(
        request,
        "followup/evaluation_form.html",
        _context(request, stay, "followup:plan", form=form, plan=action_plan),
    )
