"""Mottak: the offer answers a proposal, and a withdrawal before arrival.

Both create or end a stay, so they live here although their URLs are in the
``referrals`` namespace (``botilbud/urls.py`` joins them): the information
package, the answer, and «the person withdrew».
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from accounts.actors import AuthenticatedRequest
from core.forms import save_form
from referrals import forms as referral_forms
from referrals import selectors as referral_selectors
from referrals import services as referral_services
from referrals.models import Allocation
from stays import services

P = policy.Perm


@policy.requires(P.ALLOCATE_PLACES)
@require_http_methods(["GET", "POST"])
def allocation_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    allocation = policy.get_object_for(request.user, Allocation, P.ALLOCATE_PLACES, pk=pk)
    form = referral_forms.WithdrawAllocationForm(request.POST or None)
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
@require_http_methods(["GET", "POST"])
def package(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
    form = referral_forms.AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            return HttpResponseRedirect(reverse("referrals:package", args=[allocation.pk]))

        def decide() -> bool:
            """True when the offer took the person in."""
            if form.cleaned_data["decision"] == "accept":
                services.allocation_accept(allocation=allocation, by=request.user)
                return True
            referral_services.allocation_decline(
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
        content = referral_selectors.information_package(
            allocation=allocation, fetched_by=request.user, request=request
        )
    except referral_services.SharingRefused as exc:
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
