"""Security (sikkerhet): the security conversation, security measures and changes in the threat picture.

Thin like every follow-up page (``followup.views``): the stay through
``selectors.stay_get``, what the page shows through an auditing page
selector, writes through the services.
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
from followup import selectors, services
from followup.forms import (
    ConversationForm,
    MeasureForm,
    ThreatChangeForm,
)
from followup.models import SecurityMeasure
from followup.views.base import _context, _showing

# --- security conversation ------------------------------------------------------------


@policy.requires(Perm.VIEW_SECURITY_MEASURES)
@require_GET
def security(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.VIEW_SECURITY_MEASURES)
    page = selectors.security_page(
        fetched_by=request.user, stay=stay, show=_showing(request), request=request
    )
    return render(
        request,
        "followup/security.html",
        _context(
            request,
            stay,
            "followup:security",
            conversation=page.conversation,
            items=page.items,
            scenarios=page.scenarios,
            show=page.show,
            may_read=page.may_read,
            can_record=policy.can(request.user, Perm.RECORD_SECURITY_CONVERSATION, stay),
        ),
    )


@policy.requires(Perm.RECORD_SECURITY_CONVERSATION)
@require_http_methods(["GET", "POST"])
def security_edit(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(
        fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_SECURITY_CONVERSATION
    )
    conversation, scenarios = selectors.security_for_form(
        fetched_by=request.user, stay=stay, request=request
    )
    form = ConversationForm(
        request.POST or None,
        initial=ConversationForm.initial_from(conversation, scenarios)
        or {"held_on": dates.today()},
        scenario_rows=max(3, len(scenarios) + 1),
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.conversation_save(
            stay=stay,
            by=request.user,
            held_on=form.cleaned_data["held_on"],
            police_participants=form.cleaned_data["police_participants"],
            staff_participants=form.cleaned_data["staff_participants"],
            items=form.items(),
            scenarios=form.scenarios(),
        ),
    ):
        messages.success(request, _("Sikkerhetssamtalen er lagret."))
        return redirect("followup:security", stay_id=stay.pk)
    return render(
        request,
        "followup/security_form.html",
        _context(request, stay, "followup:security", form=form),
    )


# --- security measures and threat picture --------------------------------------------


@policy.requires(Perm.VIEW_SECURITY_MEASURES)
@require_GET
def measures(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.VIEW_SECURITY_MEASURES)
    page = selectors.measures_page(
        fetched_by=request.user,
        stay=stay,
        show=_showing(request),
        show_threat=request.GET.get("trussel") == "1",
        request=request,
    )
    today = dates.today()
    assessed = {m.kind for m in page.measures}
    return render(
        request,
        "followup/measures.html",
        _context(
            request,
            stay,
            "followup:measures",
            rows=[(m, selectors.measure_state(m), m.waiting_days(today)) for m in page.measures],
            recommended=[
                (value, label)
                for value, label in SecurityMeasure.Kind.choices
                if value in page.recommended
            ],
            not_assessed=[
                label
                for value, label in SecurityMeasure.Kind.choices
                if value not in assessed and value != "other" and value not in page.recommended
            ],
            changes=page.changes,
            show=page.show,
            show_threat=page.show_threat,
            may_read=page.may_read,
            may_read_threat=page.may_read_threat,
            can_record=policy.can(request.user, Perm.RECORD_FOLLOWUP, stay),
        ),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def measure_edit(
    request: AuthenticatedRequest, stay_id: int, measure_id: int | None = None
) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    measure = None
    initial: dict[str, Any] = {"kind": request.GET.get("tiltak", "")}
    if request.GET.get("fra") == "trusselvurdering":
        # Carried from the police's recommendation: chosen, with the reason written.
        initial |= {"chosen": "yes", "reason": _("Anbefalt i politiets trusselvurdering.")}
    if measure_id is not None:
        measure = selectors.measure_for_form(
            fetched_by=request.user, stay=stay, pk=measure_id, request=request
        )
        initial = {
            "kind": measure.kind,
            "chosen": "yes" if measure.chosen else "no",
            "reason": measure.reason,
            "applied_on": measure.applied_on,
            "granted_on": measure.granted_on,
            "ended_on": measure.ended_on,
        }
    else:
        selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
    form = MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.measure_save(stay=stay, by=request.user, measure=measure, **form.values()),
    ):
        messages.success(request, _("Sikkerhetstiltaket er lagret."))
        return redirect("followup:measures", stay_id=stay.pk)
    return render(
        request,
        "followup/measure_form.html",
        _context(request, stay, "followup:measures", form=form, measure=measure),
    )


@policy.requires(Perm.RECORD_THREAT_CHANGE)
@require_http_methods(["GET", "POST"])
def threat_change_create(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_THREAT_CHANGE)
    selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
    form = ThreatChangeForm(request.POST or None, initial={"recorded_on": dates.today()})
    if request.method == "POST" and save_form(
        form, lambda: services.threat_change_create(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Endringen i trusselbildet er lagret."))
        return redirect("followup:measures", stay_id=stay.pk)
    return render(
        request,
        "followup/threat_form.html",
        _context(request, stay, "followup:measures", form=form),
    )
