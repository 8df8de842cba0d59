"""Tildeling: matching and proposals, and the offer's inbox.

Answering a proposal and a withdrawal create or end a stay, so their pages
are ``stays.views.admission`` (mounted in this namespace).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from accounts.actors import AuthenticatedRequest
from core import dates
from core.forms import save_form
from housing.models import Place
from referrals import forms, selectors, services
from referrals.models import Allocation, Assessment

P = policy.Perm


def _was_just_taken(form: forms.ProposalForm, request: HttpRequest) -> bool:
    """A place chosen on the page that is no longer free: someone else just took it."""
    chosen = str(request.POST.get("place", ""))
    return "place" in form.errors and chosen.isdigit() and Place.objects.filter(pk=chosen).exists()


@policy.requires(P.ALLOCATE_PLACES)
@require_http_methods(["GET", "POST"])
def match(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = policy.get_object_for(
        request.user, Assessment.objects.select_related("person"), P.ALLOCATE_PLACES, pk=pk
    )
    matches = selectors.match_offers(assessment=assessment, fetched_by=request.user)
    choices = [
        (place.pk, f"{m.offer} – {place}") for m in matches if m.eligible for place in m.free_places
    ]
    form = forms.ProposalForm(
        request.POST or None,
        place_choices=choices,
        initial={
            "expected_arrival_on": dates.today(),
            **({"place": choices[0][0]} if choices else {}),
        },
    )

    def propose() -> Allocation:
        data = form.cleaned_data
        return services.allocation_propose(
            assessment=assessment,
            place=Place.objects.select_related("dwelling__offer").get(pk=data["place"]),
            expected_arrival_on=data["expected_arrival_on"],
            arrival_notes=data["arrival_notes"],
            urgent=data["urgent"],
            urgent_reason=data["urgent_reason"],
            by=request.user,
        )

    if request.method == "POST" and not form.is_valid() and _was_just_taken(form, request):
        form.errors["place"] = form.error_class([_(services.PLACE_TAKEN)])
    elif request.method == "POST" and (saved := save_form(form, propose)):
        messages.success(
            request,
            _("Plassen er foreslått og holdes til og med %(day)s.")
            % {"day": saved.value.hold_expires_on.strftime("%d.%m.%Y")},
        )
        return redirect("referrals:assessment_detail", pk=assessment.pk)
    page = selectors.assessment_page(
        assessment=assessment, fetched_by=request.user, request=request
    )
    return render(
        request,
        "referrals/match.html",
        {"assessment": assessment, "page": page, "matches": matches, "form": form},
    )


@policy.requires(P.VIEW_OFFER_INBOX)
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    allocations = selectors.inbox(fetched_by=request.user, request=request)
    return render(request, "referrals/inbox.html", {"allocations": allocations})
