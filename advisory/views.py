"""Råd og veiledning: the team's advisory contacts, courses, and contacts that become inquiries."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from accounts.actors import AuthenticatedRequest
from advisory import forms, selectors, services
from advisory.models import AdvisoryContact
from core import dates
from core.forms import save_form
from referrals.forms import InquiryForm

P = policy.Perm


@policy.requires(P.VIEW_ADVISORY)
def contact_list(request: AuthenticatedRequest) -> HttpResponse:
    """Newest first; the year and topic filter by GET (codes, no personal data)."""
    years = selectors.list_years(fetched_by=request.user)
    filters = forms.ListFilterForm(request.GET or None, years=years)
    year, topic = None, ""
    if filters.is_valid():
        year, topic = filters.cleaned_data["ar"], filters.cleaned_data["tema"]
    listing = selectors.contact_list(
        fetched_by=request.user,
        year=year,
        topic=topic,
        page=request.GET.get("side", 1),
        request=request,
    )
    query = "".join(
        f"{key}={value}&" for key, value in (("ar", year or ""), ("tema", topic)) if value
    )
    return render(
        request,
        "advisory/contact_list.html",
        {"listing": listing, "filters": filters, "pager_query": query, "filtered": bool(query)},
    )


@policy.requires(P.RECORD_ADVISORY)
@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.ContactForm(request.POST or None, initial={"contact_on": dates.today()})
    if request.method == "POST" and (
        saved := save_form(
            form, lambda: services.contact_create(by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Rådgivningen er registrert."))
        return redirect("advisory:contact_detail", pk=saved.value.pk)
    return render(request, "advisory/contact_form.html", {"form": form})


@policy.requires(P.VIEW_ADVISORY)
def contact_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = policy.get_object_for(request.user, AdvisoryContact, P.VIEW_ADVISORY, pk=pk)
    selectors.contact_page(contact=contact, fetched_by=request.user, request=request)
    return render(
        request,
        "advisory/contact_detail.html",
        {
            "contact": contact,
            "may_make_inquiry": policy.has_perm(request.user, P.EDIT_INQUIRIES),
        },
    )


@policy.requires(P.RECORD_ADVISORY, P.EDIT_INQUIRIES)
@require_http_methods(["GET", "POST"])
def contact_to_inquiry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The inquiry form filled in with what the contact already says; saving links the two."""
    contact = policy.get_object_for(request.user, AdvisoryContact, P.RECORD_ADVISORY, pk=pk)
    if contact.inquiry_id is not None:
        messages.info(request, _("Denne rådgivningen er allerede gjort om til en henvendelse."))
        return redirect("advisory:contact_detail", pk=contact.pk)
    if request.method == "GET":
        selectors.contact_page(contact=contact, fetched_by=request.user, request=request)
    form = InquiryForm(request.POST or None, initial=selectors.inquiry_facts(contact))
    if request.method == "POST" and (
        saved := save_form(
            form,
            lambda: services.contact_to_inquiry(
                contact=contact, by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Henvendelsen er registrert fra rådgivningen."))
        return redirect("referrals:inquiry_detail", pk=saved.value.pk)
    return render(request, "advisory/to_inquiry.html", {"form": form, "contact": contact})


@policy.requires(P.RECORD_ADVISORY)
@require_http_methods(["GET", "POST"])
def course_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.CourseForm(request.POST or None, initial={"held_on": dates.today()})
    if request.method == "POST" and save_form(
        form, lambda: services.course_create(by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Kurset er registrert."))
        return redirect("advisory:contact_list")
    return render(request, "advisory/course_form.html", {"form": form})
