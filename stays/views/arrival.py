"""Arrival (innflytting): moving in, and the first two weeks' timetable with its printout.

Thin like every view of the app (``stays.views``): tagged in the policy, reads
through the selectors, writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core import dates
from core.forms import save_form
from core.pdf import render_pdf
from stays import forms, reads, selectors, services
from stays.views.base import _form_page, _managed


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def move_in(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, purpose="registrere innflytting")
    form = forms.MoveInForm(request.POST or None, initial={"moved_in_on": dates.today()})
    if request.method == "POST" and save_form(
        form,
        lambda: services.stay_move_in(
            stay=stay, moved_in_on=form.cleaned_data["moved_in_on"], by=request.user
        ),
    ):
        messages.success(
            request, _("Innflyttingen er registrert. Timeplanen for de to første ukene er laget.")
        )
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Registrer innflytting"),
        submit=_("Registrer innflytting"),
        intro=_(
            "Plassen blir registrert som i bruk, og timeplanen for de to første ukene lages fra botilbudets mal."
        ),
    )


# --- timetable ------------------------------------------------------------------------


@policy.requires(Perm.VIEW_RESIDENTS)
@require_GET
def timetable(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay, items = selectors.timetable(
        fetched_by=request.user, pk=pk, read=reads.TIMETABLE, request=request
    )
    return render(
        request,
        "stays/timetable.html",
        {
            "stay": stay,
            "header": selectors.resident_header(
                stay,
                fetched_by=request.user,
                current="stays:timetable",
                request=request,
                covered_by=reads.TIMETABLE,
            ),
            "items": items,
            "can_manage": policy.can(request.user, Perm.MANAGE_STAY, stay),
            "can_print": policy.can(request.user, Perm.READ_STAY_NOTES, stay),
        },
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def timetable_item(
    request: AuthenticatedRequest, pk: int, item_pk: int | None = None
) -> HttpResponse:
    item = None
    if item_pk is None:
        stay = _managed(request, pk, purpose="ny avtale i timeplanen")
        initial: dict[str, Any] = {"on": stay.moved_in_on}
    else:
        stay = selectors.stay_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_STAY)
        item = selectors.timetable_item_for_form(
            fetched_by=request.user, stay=stay, pk=item_pk, request=request
        )
        initial = {f: getattr(item, f) for f in ("on", "at", "title", "attendees", "description")}
    form = forms.TimetableItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.timetable_item_save(
            stay=stay, values=form.cleaned_data, item=item, by=request.user
        ),
    ):
        messages.success(request, _("Timeplanen er lagret."))
        return redirect("stays:timetable", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Endre avtale i timeplanen") if item else _("Ny avtale i timeplanen"),
        submit=_("Lagre"),
        back=reverse("stays:timetable", args=[stay.pk]),
    )


@policy.requires(Perm.READ_STAY_NOTES)
@require_GET
def timetable_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The timetable for the resident as a tagged PDF in Norwegian. No name, no address.

    It carries the appointments' descriptions, which the notes page counts as
    notes: so it needs READ_STAY_NOTES (the offer's own staff), not VIEW_RESIDENTS.
    """
    _stay, items = selectors.timetable(
        fetched_by=request.user,
        pk=pk,
        read=reads.TIMETABLE_PDF,
        perm=Perm.READ_STAY_NOTES,
        request=request,
    )
    if not items:
        raise Http404
    # The resident's copy is in Norwegian whatever language the worker uses.
    with translation.override("nb"):
        pdf = render_pdf("stays/timetable_pdf.html", {"items": items})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="timeplan.pdf"'
    response["Cache-Control"] = "no-store"
    return response
