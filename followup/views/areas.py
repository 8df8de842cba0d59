"""The ten follow-up areas (oppfølgingsområdene) and their status.

Thin like every follow-up page (``followup.views``): the stay through
``selectors.stay_get``, what the page shows through an auditing page
selector, writes through the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core.forms import save_form
from followup import selectors, services
from followup.forms import (
    AreasForm,
)
from followup.models import AreaStatus
from followup.views.base import _context, _showing


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def areas(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    page = selectors.areas_page(
        fetched_by=request.user, stay=stay, show=_showing(request), request=request
    )
    return render(
        request,
        "followup/areas.html",
        _context(
            request,
            stay,
            "followup:areas",
            rows=page.rows,
            missing=page.missing,
            show=page.show,
            may_read=page.may_read,
            can_record=policy.can(request.user, Perm.RECORD_FOLLOWUP, stay),
            status_kinds={
                AreaStatus.DONE: "success",
                AreaStatus.IN_PROGRESS: "info",
                AreaStatus.NOT_RELEVANT: "neutral",
                AreaStatus.NOT_STARTED: "warning",
            },
        ),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def areas_edit(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    initial, children = selectors.areas_for_form(
        fetched_by=request.user, stay=stay, request=request
    )
    form = AreasForm(request.POST or None, initial=initial, children=children)
    if request.method == "POST" and save_form(
        form, lambda: services.areas_save(stay=stay, by=request.user, values=form.values())
    ):
        messages.success(request, _("Oppfølgingsområdene er lagret."))
        return redirect("followup:areas", stay_id=stay.pk)
    return render(
        request, "followup/areas_form.html", _context(request, stay, "followup:areas", form=form)
    )
