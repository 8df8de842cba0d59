"""Moving on: planned move-out, housing plan, transfer checklist, move-out, aftercare.

Closure checks followup's security measures, so its page is ``oversight.views.closure``.

Thin like every view of the app (``stays.views``): tagged in the policy, reads
through the selectors, writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core import dates
from core.forms import save_form
from stays import forms, reads, selectors, services
from stays.views.base import _form_page, _managed


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def planned_move_out(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.PLANNED_MOVE_OUT)
    form = forms.PlannedMoveOutForm(
        request.POST or None, initial={"new_date": stay.planned_move_out_on}
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.planned_move_out_change(stay=stay, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Planlagt utflytting er endret."))
        return redirect("stays:overview", pk=stay.pk)
    end = selectors.nine_months_end(stay)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Endre planlagt utflytting"),
        submit=_("Lagre ny dato"),
        intro=(
            _("9 måneder er gått %(date)s. En senere dato krever begrunnelse.")
            % {"date": end.strftime("%d.%m.%Y")}
            if end
            else ""
        ),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def housing_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.HOUSING_PLAN)
    form = forms.HousingPlanForm(request.POST or None, initial={"text": stay.housing_plan})
    if request.method == "POST" and save_form(
        form,
        lambda: services.housing_plan_save(
            stay=stay, text=form.cleaned_data["text"], by=request.user
        ),
    ):
        messages.success(request, _("Planen for permanent bolig er lagret."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request, form=form, stay=stay, heading=_("Plan for permanent bolig"), submit=_("Lagre plan")
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def transfer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.TRANSFER)
    rows = selectors.transfer_rows(stay)
    initial: dict[str, Any] = {}
    for row in rows:
        initial[f"{row.item}_state"] = row.state
        initial[f"{row.item}_done_on"] = row.done_on
        initial[f"{row.item}_note"] = row.note
    form = forms.TransferForm(request.POST or None, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.transfer_checklist_save(stay=stay, values=form.values(), by=request.user),
    ):
        messages.success(request, _("Overføringslisten er lagret."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Overføring til ny kommune"),
        submit=_("Lagre listen"),
        intro=_(
            "Kryss av det som er gjort, med dato. Velg «Ikke aktuelt» når et punkt ikke gjelder."
        ),
        template="stays/transfer_form.html",
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def move_out(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, purpose="registrere utflytting")
    form = forms.MoveOutForm(request.POST or None, initial={"moved_out_on": dates.today()})
    if request.method == "POST" and save_form(
        form,
        lambda: services.stay_move_out(stay=stay, by=request.user, **form.cleaned_data),
    ):
        messages.success(
            request, _("Utflyttingen er registrert. Plassen er ledig fra utflyttingsdagen.")
        )
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Registrer utflytting"),
        submit=_("Registrer utflytting"),
        intro=_(
            "Plassen blir ledig fra utflyttingsdagen. Etterpå kan du registrere ettervern og avslutte oppholdet."
        ),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def aftercare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.AFTERCARE)
    form = forms.AftercareForm(
        request.POST or None,
        initial={
            "starts_on": stay.aftercare_from or stay.moved_out_on,
            "ends_on": stay.aftercare_until,
            "reason": stay.aftercare_reason,
        },
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.aftercare_save(stay=stay, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Ettervernet er lagret."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request, form=form, stay=stay, heading=_("Ettervern etter utflytting"), submit=_("Lagre")
    )
