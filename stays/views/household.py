"""Who lives with the resident (husstand), and the resident's partner services.

Thin like every view of the app (``stays.views``): tagged in the policy, reads
through the selectors, writes through the services.
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
from core.forms import save_form
from stays import forms, selectors, services
from stays.views.base import _form_page, _managed


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def household_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, purpose="legge til i husstanden")
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.household_member_add(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Husstandsmedlemmet er lagt til."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Legg til partner eller barn som bor der"),
        submit=_("Legg til"),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def household_remove(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_STAY)
    member = selectors.household_member_for_form(
        fetched_by=request.user, stay=stay, pk=member_pk, request=request
    )
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.household_member_remove(member=member, by=request.user)
    ):
        messages.success(request, _("Husstandsmedlemmet er fjernet."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Fjern fra husstanden"),
        submit=_("Fjern"),
        intro=_("%(who)s blir fjernet fra husstanden. Statistikken over husstanden endres.")
        % {"who": str(member)},
    )


# --- partner services -------------------------------------------------------------


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def partner_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, purpose="legge til samarbeidspartner")
    partners, contacts = selectors.partner_choices(stay)
    form = forms.PartnerForm(request.POST or None, partners=partners, contacts=contacts)
    if request.method == "POST" and save_form(
        form, lambda: services.stay_partner_add(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Samarbeidspartneren er lagt til."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Legg til samarbeidspartner for beboeren"),
        submit=_("Legg til"),
        intro=_("Velg fra botilbudets liste over samarbeidspartnere."),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def partner_remove(request: AuthenticatedRequest, pk: int, link_pk: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_STAY)
    link = selectors.stay_partner_for_form(
        fetched_by=request.user, stay=stay, pk=link_pk, request=request
    )
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.stay_partner_remove(link=link, by=request.user)
    ):
        messages.success(request, _("Samarbeidspartneren er fjernet."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Fjern samarbeidspartner"),
        submit=_("Fjern"),
        intro=_("%(name)s fjernes fra beboerens samarbeidspartnere.") % {"name": link.partner.name},
    )
