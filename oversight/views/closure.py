"""Closing a stay (avslutning): the goal indicators and the open security measures.

The page lives here because it shows and checks followup's security measures
(``oversight.closure``); its URL name stays ``stays:close``. Thin: tagged in
the policy, reads through the selectors, writes through the service.
"""

from __future__ import annotations

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
from oversight import closure
from oversight.forms import ClosureForm
from stays import reads
from stays.models import GOAL_INDICATORS
from stays.views.base import _form_page, _managed


@policy.requires(Perm.CLOSE_STAY)
@require_http_methods(["GET", "POST"])
def close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.CLOSE, Perm.CLOSE_STAY)
    form = ClosureForm(
        request.POST or None,
        initial={"closed_on": dates.today(), "destination": stay.destination},
        measures=closure.open_measures(stay),
    )

    def act() -> None:
        data = form.cleaned_data
        closure.stay_close(
            stay=stay,
            closed_on=data["closed_on"],
            destination=data["destination"],
            indicators={code: data.get(code, "") for code, _label in GOAL_INDICATORS},
            notes={code: data.get(f"{code}_note", "") for code, _label in GOAL_INDICATORS},
            acknowledged=form.acknowledged(),
            by=request.user,
        )

    if request.method == "POST" and save_form(form, act):
        messages.success(request, _("Oppholdet er avsluttet."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Avslutt oppholdet"),
        submit=_("Avslutt oppholdet"),
        intro=_(
            "Når du avslutter, kan oppholdet ikke endres lenger. Vurder hver av de sju indikatorene fra den faglige plattformen."
        ),
        template="stays/close_form.html",
    )
