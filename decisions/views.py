"""The decision pages: thin like every case page.

The stay through ``selectors.stay_get`` (404 for hidden and missing alike),
what the page shows through an auditing selector, writes through the
services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core import dates
from core.forms import save_form
from decisions import selectors, services
from decisions.forms import DecisionForm, PlanForm
from decisions.models import Right
from stays import selectors as stay_selectors

SHOW = "vis"


def _context(request: AuthenticatedRequest, stay: Any, **extra: Any) -> dict[str, Any]:
    return {
        "stay": stay,
        # The resident header (name or pseudonym, stage, day, the tabs): the
        # decision reads do not name the person, so a shown name is recorded
        # by the header's naming rule.
        "header": stay_selectors.resident_header(
            stay, fetched_by=request.user, current="decisions:decisions", request=request
        ),
        "today": dates.today(),
        **extra,
    }


@policy.requires(Perm.VIEW_DECISIONS)
@require_GET
def decisions(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    page = selectors.decisions_page(
        fetched_by=request.user, stay=stay, show=request.GET.get(SHOW) == "1", request=request
    )
    return render(request, "decisions/decisions.html", _context(request, stay, page=page))


@policy.requires(Perm.RECORD_DECISIONS)
@require_http_methods(["GET", "POST"])
def decision_edit(
    request: AuthenticatedRequest, stay_id: int, decision_id: int | None = None
) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_DECISIONS)
    decision = None
    initial: dict[str, Any] = {}
    if decision_id is not None:
        decision = selectors.decision_for_form(
            fetched_by=request.user, stay=stay, pk=decision_id, request=request
        )
        initial = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
    else:
        selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.decision_save(
            stay=stay, by=request.user, decision=decision, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Vedtaket er lagret."))
        return redirect("decisions:decisions", stay_id=stay.pk)
    return render(
        request,
        "decisions/decision_form.html",
        _context(request, stay, form=form, decision=decision),
    )


@policy.requires(Perm.RECORD_DECISIONS)
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_DECISIONS)
    plan = selectors.plan_for_form(fetched_by=request.user, stay=stay, request=request)
    initial: dict[str, Any] = {"has_right": Right.NOT_ASSESSED, "has_plan": "no"}
    if plan is not None:
        initial = {
            "has_right": plan.has_right,
            "has_plan": "yes" if plan.has_plan else "no",
            "plan_since": plan.plan_since,
            "coordinator": plan.coordinator,
        }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and save_form(
        form, lambda: services.plan_save(stay=stay, by=request.user, **form.values())
    ):
        messages.success(request, _("Individuell plan er lagret."))
        return redirect("decisions:decisions", stay_id=stay.pk)
    return render(request, "decisions/plan_form.html", _context(request, stay, form=form))
