"""Pages for intake and allocation. Thin: forms parse, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from core import dates
from core.forms import apply_errors, save_form
from housing.models import Place
from referrals import forms, selectors, services
from referrals.models import Allocation, Assessment, Consent, Inquiry, ThreatAssessment
from referrals.services.intake import PersonData

P = policy.Perm


def _today_initial(*names: str) -> dict[str, Any]:
    return {name: dates.today() for name in names}


@policy.requires(P.ALLOCATE_PLACES)
def workbench(request: HttpRequest) -> HttpResponse:
    bench = selectors.workbench(fetched_by=request.user, request=request)
    return render(request, "referrals/workbench.html", {"bench": bench})


@policy.requires(P.VIEW_INQUIRIES)
def inquiry_list(request: HttpRequest) -> HttpResponse:
    inquiries = selectors.inquiry_list(fetched_by=request.user, request=request)
    return render(request, "referrals/inquiry_list.html", {"inquiries": inquiries})


@policy.requires(P.EDIT_INQUIRIES)
@require_http_methods(["GET", "POST"])
def inquiry_create(request: HttpRequest) -> HttpResponse:
    form = forms.InquiryForm(request.POST or None, initial=_today_initial("received_on"))
    if request.method == "POST" and (
        saved := save_form(
            form, lambda: services.inquiry_create(by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Henvendelsen er registrert."))
        return redirect("referrals:inquiry_detail", pk=saved.value.pk)
    return render(request, "referrals/inquiry_form.html", {"form": form})


@policy.requires(P.VIEW_INQUIRIES)
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = policy.get_object_for(request.user, Inquiry, P.VIEW_INQUIRIES, pk=pk)
    selectors.read_inquiry(inquiry=inquiry, fetched_by=request.user, request=request)
    can_edit = policy.has_perm(request.user, P.EDIT_INQUIRIES)
    return render(
        request,
        "referrals/inquiry_detail.html",
        {"inquiry": inquiry, "can_edit": can_edit, "assessments": inquiry.assessments.all()},
    )


@policy.requires(P.EDIT_INQUIRIES)
@require_http_methods(["GET", "POST"])
def inquiry_no_place(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = policy.get_object_for(request.user, Inquiry, P.EDIT_INQUIRIES, pk=pk)
    form = forms.NoPlaceForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda: services.inquiry_close_without_place(
            inquiry=inquiry, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(
            request, _("Henvendelsen er avsluttet uten plass. Den telles i statistikken.")
        )
        return redirect("referrals:inquiry_detail", pk=inquiry.pk)
    return render(request, "referrals/no_place_form.html", {"form": form, "inquiry": inquiry})


@policy.requires(P.EDIT_ASSESSMENTS)
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = policy.get_object_for(request.user, Inquiry, P.EDIT_INQUIRIES, pk=pk)
    form = forms.AssessmentForm(request.POST or None, initial=_today_initial("assessed_on"))

    def create() -> Assessment:
        data = form.cleaned_data
        return services.assessment_create(
            person=_person_data(data),
            answers=form.answers(),
            children_birth_years=data["children_birth_years"],
            inquiry=inquiry,
            by=request.user,
        )

    if request.method == "POST" and (saved := save_form(form, create)):
        messages.success(request, _("Kartleggingen er lagret."))
        return redirect("referrals:assessment_detail", pk=saved.value.pk)
    return render(request, "referrals/assessment_form.html", {"form": form, "inquiry": inquiry})


@policy.requires(P.VIEW_ASSESSMENTS)
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = selectors.assessment_list(fetched_by=request.user, request=request)
    return render(request, "referrals/assessment_list.html", {"assessments": assessments})


@policy.requires(P.VIEW_ASSESSMENTS)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = policy.get_object_for(
        request.user, Assessment.objects.select_related("person"), P.VIEW_ASSESSMENTS, pk=pk
    )
    page = selectors.assessment_page(
        assessment=assessment, fetched_by=request.user, request=request
    )
    return render(
        request, "referrals/assessment_detail.html", {"page": page, "assessment": assessment}
    )


def _person_data(data: dict[str, Any]) -> PersonData:
    return PersonData(
        name=data["name"],
        gender=data["gender"],
        identity_number=data["identity_number"],
        birth_date=data["birth_date"],
        phone=data["phone"],
    )


@policy.requires(P.EDIT_ASSESSMENTS)
@require_http_methods(["GET", "POST"])
def assessment_correct(request: HttpRequest, pk: int) -> HttpResponse:
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
def assessment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
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


@policy.requires(P.RECORD_CONSENT)
@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
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
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
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
def share_with_police(request: HttpRequest, pk: int) -> HttpResponse:
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
def police_queue(request: HttpRequest) -> HttpResponse:
    assessments = selectors.police_queue(fetched_by=request.user, request=request)
    threats = selectors.threat_list(fetched_by=request.user, request=request)
    return render(
        request, "referrals/police_queue.html", {"assessments": assessments, "threats": threats}
    )


@policy.requires(P.WRITE_THREAT_ASSESSMENTS)
@require_http_methods(["GET", "POST"])
def threat_assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
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
def threat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    threat = policy.get_object_for(
        request.user,
        ThreatAssessment.objects.select_related("assessment", "police_district"),
        P.VIEW_THREAT_DETAILS,
        pk=pk,
    )
    selectors.read_threat_details(threat=threat, fetched_by=request.user, request=request)
    return render(request, "referrals/threat_detail.html", {"threat": threat})


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
