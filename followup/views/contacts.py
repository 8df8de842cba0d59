"""The contact log (kontaktlogg), its weekly hours, and correcting a contact.

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core import dates
from core.forms import save_form
from followup import charts, selectors, services
from followup.forms import (
    ContactCorrectionForm,
    ContactForm,
)
from followup.views.base import _context, _showing


def _contact_form(request: AuthenticatedRequest, stay: Any, data: Any = None) -> ContactForm:
    return ContactForm(
        data,
        partners=selectors.partner_choices(stay),
        # The contact log's own audit row names the goals when the form is shown.
        goals=selectors.goal_choices(fetched_by=request.user, stay=stay, audited=False),
        initial={"contact_on": dates.today(), "mode": "in_person", "with_whom": "resident"},
    )


def _contact_context(
    request: AuthenticatedRequest, stay: Any, form: ContactForm, show: bool = False
) -> dict[str, Any]:
    can_record = policy.can(request.user, Perm.RECORD_FOLLOWUP, stay)
    log = selectors.contact_log(
        fetched_by=request.user, stay=stay, show=show, with_goals=can_record, request=request
    )
    return _context(
        request,
        stay,
        "followup:contacts",
        form=form,
        weekly=log.weekly,
        summary=log.weekly.summary(),
        chart=charts.weekly_hours_svg(log.weekly) if log.weekly.weeks else None,
        total_hours=selectors.format_hours(log.weekly.total_minutes),
        contacts=log.contacts,
        correctable=log.correctable,
        show=log.show,
        may_read=log.may_read,
        can_record=can_record,
    )


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def contacts(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    return render(
        request,
        "followup/contacts.html",
        _contact_context(request, stay, _contact_form(request, stay), _showing(request)),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_POST
def contact_create(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    """Without JavaScript: redirect (or the whole page with errors). With htmx: the log region."""
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    form = _contact_form(request, stay, request.POST)

    def create() -> None:
        data = form.cleaned_data
        partner = selectors.partner_of(stay, data["partner"]) if data["partner"] else None
        goal = selectors.goal_of_stay(stay, data["goal"]) if data["goal"] else None
        services.contact_create(
            stay=stay,
            by=request.user,
            contact_on=data["contact_on"],
            minutes=data["minutes"],
            form=data["mode"],
            with_whom=data["with_whom"],
            themes=data["themes"],
            partner=partner,
            heavy_strain=data["heavy_strain"],
            goal=goal,
            note=data["note"],
        )

    saved = save_form(form, create)
    is_htmx = bool(getattr(request, "htmx", False))
    if saved and not is_htmx:
        messages.success(request, _("Kontakten er registrert."))
        return redirect("followup:contacts", stay_id=stay.pk)
    if saved:
        form = _contact_form(request, stay)
    # The region (or the page with errors) shows the log again: a read, audited.
    context = _contact_context(request, stay, form)
    context["saved"] = saved
    template = "followup/_contact_region.html" if is_htmx else "followup/contacts.html"
    return render(request, template, context)


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def contact_correct(request: AuthenticatedRequest, stay_id: int, contact_id: int) -> HttpResponse:
    """Correct a contact; 404 for anyone but its writer and the offer's project lead."""
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    edit = selectors.contact_for_correction(
        fetched_by=request.user, stay=stay, pk=contact_id, request=request
    )
    form = None
    if edit.contact is not None:
        contact = edit.contact
        form = ContactCorrectionForm(
            request.POST or None, initial=ContactCorrectionForm.initial_for(contact, edit.themes)
        )

        def correct() -> None:
            data = form.cleaned_data
            services.contact_correct(
                contact=contact,
                by=request.user,
                minutes=data["minutes"],
                form=data["mode"],
                themes=data["themes"],
                note=data["note"],
                why=data["why"],
            )

        if request.method == "POST" and save_form(form, correct):
            messages.success(request, _("Kontakten er rettet. Det som stod før, er tatt vare på."))
            return redirect("followup:contacts", stay_id=stay.pk)
    return render(
        request,
        "followup/contact_correct.html",
        _context(request, stay, "followup:contacts", form=form, contact=edit.contact),
    )


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def contact_history(request: AuthenticatedRequest, stay_id: int, contact_id: int) -> HttpResponse:
    """What stood before each correction of a contact; the notes after «Vis notater»."""
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    history = selectors.contact_history(
        fetched_by=request.user, stay=stay, pk=contact_id, show=_showing(request), request=request
    )
    return render(
        request,
        "followup/contact_history.html",
        _context(
            request,
            stay,
            "followup:contacts",
            history=history,
            contact=history.contact,
            show=history.show,
            may_read=history.may_read,
        ),
    )
