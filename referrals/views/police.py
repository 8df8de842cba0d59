"""Samtykke og trusselvurdering: consent, sharing with the police and the threat assessment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from accounts.actors import AuthenticatedRequest
from core.forms import apply_errors, save_form
from referrals import forms, selectors, services
from referrals.models import Assessment, Consent, ThreatAssessment
from referrals.views.base import _today_initial

P = policy.Perm


@policy.requires(P.RECORD_CONSENT)
@require_http_methods(["GET", "POST"])
def consent_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = policy.get_object_for(request.user, Assessment, P.RECORD_CONSENT, pk=pk)
    form = forms.ConsentForm(request.POST or None, initial=_today_initial("given_on"))
    if request.method == "POST" and save_form(
        form,
        lambda: services.consent_record(
            person=assessment.person, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Samtykket er registrert."))
        return redirect("referrals:assessment_detail", pk=assessment.pk)
    return render(request, "referrals/consent_form.html", {"form": form, "assessment": assessment})


@policy.requires(P.RECORD_CONSENT)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consent = policy.get_object_for(request.user, Consent, P.RECORD_CONSENT, pk=pk)
    assessment = consent.person.assessments.order_by("-assessed_on", "-pk").first()
    form = forms.ConsentWithdrawForm(request.POST or None, initial=_today_initial("withdrawn_on"))
    if request.method == "POST" and save_form(
        form,
        lambda: services.consent_withdraw(
            consent=consent,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Samtykket er trukket tilbake."))
        if assessment is not None:
            return redirect("referrals:assessment_detail", pk=assessment.pk)
        return redirect("referrals:workbench")
    return render(
        request,
        "referrals/consent_withdraw.html",
        {"form": form, "consent": consent, "assessment": assessment},
    )


@policy.requires(P.RECORD_CONSENT)
@require_http_methods(["GET", "POST"])
def share_with_police(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = policy.get_object_for(request.user, Assessment, P.RECORD_CONSENT, pk=pk)
    form = forms.ShareWithPoliceForm(request.POST or None, initial=_today_initial("shared_on"))
    if request.method == "POST" and form.is_valid():
        try:
            services.share_with_police(assessment=assessment, by=request.user, **form.cleaned_data)
        except services.SharingRefused as exc:
            form.add_error("shared_on", exc.messages[0])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saken er delt med politiet for trusselvurdering."))
            return redirect("referrals:assessment_detail", pk=assessment.pk)
    return render(request, "referrals/share_form.html", {"form": form, "assessment": assessment})


@policy.requires(P.WRITE_THREAT_ASSESSMENTS)
def police_queue(request: AuthenticatedRequest) -> HttpResponse:
    assessments = selectors.police_queue(fetched_by=request.user, request=request)
    threats = selectors.threat_list(fetched_by=request.user, request=request)
    return render(
        request, "referrals/police_queue.html", {"assessments": assessments, "threats": threats}
    )


@policy.requires(P.WRITE_THREAT_ASSESSMENTS)
@require_http_methods(["GET", "POST"])
def threat_assessment_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = policy.get_object_for(
        request.user, Assessment.objects.select_related("person"), P.WRITE_THREAT_ASSESSMENTS, pk=pk
    )
    form = forms.ThreatAssessmentForm(request.POST or None, initial=_today_initial("assessed_on"))
    if request.method == "POST" and (
        saved := save_form(
            form,
            lambda: services.threat_assessment_record(
                assessment=assessment, by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Trusselvurderingen er lagret."))
        return redirect("referrals:threat_detail", pk=saved.value.pk)
    selectors.read_for_threat_assessment(
        assessment=assessment, fetched_by=request.user, request=request
    )
    return render(request, "referrals/threat_form.html", {"form": form, "assessment": assessment})


@policy.requires(P.VIEW_THREAT_DETAILS)
def threat_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    threat = policy.get_object_for(
        request.user,
        ThreatAssessment.objects.select_related("assessment", "police_district"),
        P.VIEW_THREAT_DETAILS,
        pk=pk,
    )
    selectors.read_threat_details(threat=threat, fetched_by=request.user, request=request)
    return render(request, "referrals/threat_detail.html", {"threat": threat})
