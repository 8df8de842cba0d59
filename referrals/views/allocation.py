"""Tildeling: matching, proposals, the offer's inbox and the information package."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
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
def match(request: HttpRequest, pk: int) -> HttpResponse:
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


@policy.requires(P.ALLOCATE_PLACES)
@require_http_methods(["GET", "POST"])
def allocation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = policy.get_object_for(request.user, Allocation, P.ALLOCATE_PLACES, pk=pk)
    form = forms.WithdrawAllocationForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: services.allocation_withdraw(
            allocation=allocation,
            reason=form.cleaned_data["withdrawal_reason"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Registrert at personen trakk seg. Plassen er ledig igjen."))
        return redirect("referrals:assessment_detail", pk=allocation.assessment_id)
    return render(request, "referrals/withdraw_form.html", {"form": form, "allocation": allocation})


@policy.requires(P.VIEW_OFFER_INBOX)
def inbox(request: HttpRequest) -> HttpResponse:
    allocations = selectors.inbox(fetched_by=request.user, request=request)
    return render(request, "referrals/inbox.html", {"allocations": allocations})


@policy.requires(P.VIEW_OFFER_INBOX)
@require_http_methods(["GET", "POST"])
def package(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = policy.get_object_for(
        request.user,
        Allocation.objects.select_related(
            "assessment__person", "place__dwelling__offer__municipality"
        ),
        P.VIEW_OFFER_INBOX,
        pk=pk,
    )
    can_answer = policy.can(request.user, P.ANSWER_ALLOCATIONS, allocation) and (
        allocation.status == Allocation.Status.PROPOSED
    )
    form = forms.AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            return HttpResponseRedirect(reverse("referrals:package", args=[allocation.pk]))

        def decide() -> bool:
            """True when the offer took the person in."""
            if form.cleaned_data["decision"] == "accept":
                services.allocation_accept(allocation=allocation, by=request.user)
                return True
            services.allocation_decline(
                allocation=allocation,
                reason=form.cleaned_data["decline_reason"],
                by=request.user,
            )
            return False

        if saved := save_form(form, decide):
            messages.success(
                request,
                _("Dere har tatt imot personen. Oppholdet er opprettet.")
                if saved.value
                else _("Dere har takket nei. Plassen er ledig igjen."),
            )
            return redirect("referrals:inbox")
    try:
        content = selectors.information_package(
            allocation=allocation, fetched_by=request.user, request=request
        )
    except services.SharingRefused as exc:
        return render(
            request,
            "referrals/package_refused.html",
            {"allocation": allocation, "message": exc.messages[0], "form": form},
        )
    return render(
        request,
        "referrals/package.html",
        {"package": content, "allocation": allocation, "form": form},
    )
