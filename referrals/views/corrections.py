"""Retting av kartlegging og henvendelse: correcting an assessment or an inquiry, or withdrawing an assessment."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from accounts.actors import AuthenticatedRequest
from core.forms import save_form
from referrals import forms, selectors, services
from referrals.models import Assessment, Inquiry
from referrals.views.base import _person_data

P = policy.Perm


@policy.requires(P.EDIT_ASSESSMENTS)
@require_http_methods(["GET", "POST"])
def assessment_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = policy.get_object_for(
        request.user, Assessment.objects.select_related("person"), P.EDIT_ASSESSMENTS, pk=pk
    )
    shown = selectors.assessment_for_correction(
        assessment=assessment, fetched_by=request.user, request=request
    )
    form = forms.AssessmentCorrectionForm(
        request.POST or None,
        initial=forms.AssessmentCorrectionForm.initial_for(
            shown["assessment"], shown["children_birth_years"]
        ),
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.assessment_correct(
            assessment=assessment,
            person=_person_data(form.cleaned_data),
            answers=form.answers(),
            children_birth_years=form.cleaned_data["children_birth_years"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Kartleggingen er rettet. Det som stod før, er tatt vare på."))
        return redirect("referrals:assessment_detail", pk=assessment.pk)
    return render(
        request, "referrals/assessment_correct.html", {"form": form, "assessment": assessment}
    )


@policy.requires(P.EDIT_ASSESSMENTS)
@require_http_methods(["GET", "POST"])
def assessment_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = policy.get_object_for(
        request.user, Assessment.objects.select_related("person"), P.EDIT_ASSESSMENTS, pk=pk
    )
    if not services.may_correct(request.user, assessment):
        # The same answer as for an assessment that does not exist.
        raise Http404
    form = forms.AssessmentWithdrawForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: services.assessment_withdraw(
            assessment=assessment,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
    ):
        messages.success(
            request,
            _(
                "Kartleggingen er trukket tilbake. Den er ikke lenger på arbeidsbenken eller i statistikken."
            ),
        )
        return redirect("referrals:assessment_detail", pk=assessment.pk)
    return render(
        request, "referrals/assessment_withdraw.html", {"form": form, "assessment": assessment}
    )


@policy.requires(P.EDIT_INQUIRIES)
@require_http_methods(["GET", "POST"])
def inquiry_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inquiry = policy.get_object_for(request.user, Inquiry, P.EDIT_INQUIRIES, pk=pk)
    shown = selectors.inquiry_for_correction(
        inquiry=inquiry, fetched_by=request.user, request=request
    )
    form = forms.InquiryCorrectionForm(request.POST or None, inquiry=shown)
    if request.method == "POST" and save_form(
        form,
        lambda: services.inquiry_correct(inquiry=inquiry, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Henvendelsen er rettet. Det som stod før, er tatt vare på."))
        return redirect("referrals:inquiry_detail", pk=inquiry.pk)
    return render(request, "referrals/inquiry_correct.html", {"form": form, "inquiry": inquiry})
