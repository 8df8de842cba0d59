"""Henvendelser og kartlegging: the workbench, inquiries and assessments."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from accounts.actors import AuthenticatedRequest
from core.forms import save_form
from referrals import forms, selectors, services
from referrals.models import Assessment, Inquiry
from referrals.search import InquiryFilterForm, InquirySearchForm
from referrals.views.base import _person_data, _today_initial

P = policy.Perm


@policy.requires(P.ALLOCATE_PLACES)
def workbench(request: AuthenticatedRequest) -> HttpResponse:
    bench = selectors.workbench(fetched_by=request.user, request=request)
    return render(request, "referrals/workbench.html", {"bench": bench})


@policy.requires(P.VIEW_INQUIRIES)
@require_http_methods(["GET", "POST"])
def inquiry_list(request: AuthenticatedRequest) -> HttpResponse:
    """The list; the status filter comes by GET, the identity-number search by POST.

    A search carries the filter it was made under in its own body.
    """
    searching = request.method == "POST"
    filters = InquiryFilterForm((request.POST if searching else request.GET) or None)
    outcome = filters.cleaned_data["utfall"] if filters.is_valid() else ""
    search = InquirySearchForm(request.POST or None)
    listing = None
    if not searching or search.is_valid():
        listing = selectors.inquiry_rows(
            fetched_by=request.user,
            outcome=outcome,
            identity_number=search.cleaned_data["fodselsnummer"] if searching else "",
            page=request.GET.get("side", 1),
            request=request,
        )
    return render(
        request,
        "referrals/inquiry_list.html",
        {
            "rows": listing.rows if listing else None,
            "page": listing.page if listing else None,
            "pager_query": f"utfall={outcome}&" if outcome else "",
            "filters": filters,
            "search": search,
            "searching": searching,
            "outcome": outcome,
        },
    )


@policy.requires(P.EDIT_INQUIRIES)
@require_http_methods(["GET", "POST"])
def inquiry_create(request: AuthenticatedRequest) -> HttpResponse:
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
def inquiry_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inquiry = policy.get_object_for(request.user, Inquiry, P.VIEW_INQUIRIES, pk=pk)
    page = selectors.inquiry_page(inquiry=inquiry, fetched_by=request.user, request=request)
    return render(request, "referrals/inquiry_detail.html", {"page": page, "inquiry": inquiry})


@policy.requires(P.EDIT_INQUIRIES)
@require_http_methods(["GET", "POST"])
def inquiry_no_place(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inquiry = policy.get_object_for(request.user, Inquiry, P.EDIT_INQUIRIES, pk=pk)
    if services.inquiry_led_to_place(inquiry) or inquiry.outcome != Inquiry.Outcome.OPEN:
        # No form to fill in for an inquiry that led to a place or is already closed.
        return render(
            request,
            "referrals/no_place_refused.html",
            {"inquiry": inquiry, "placed": services.inquiry_led_to_place(inquiry)},
        )
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
def assessment_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def assessment_list(request: AuthenticatedRequest) -> HttpResponse:
    assessments = selectors.assessment_list(fetched_by=request.user, request=request)
    return render(request, "referrals/assessment_list.html", {"assessments": assessments})


@policy.requires(P.VIEW_ASSESSMENTS)
def assessment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = policy.get_object_for(
        request.user, Assessment.objects.select_related("person"), P.VIEW_ASSESSMENTS, pk=pk
    )
    page = selectors.assessment_page(
        assessment=assessment, fetched_by=request.user, request=request
    )
    return render(
        request,
        "referrals/assessment_detail.html",
        {
            "page": page,
            "assessment": assessment,
            # The documents app sits above this one: its page is linked by route name.
            "can_see_documents": policy.has_perm(request.user, P.INTAKE_DOCUMENTS),
        },
    )
