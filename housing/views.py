"""Pages for offers, dwellings, clearances, capacity and partners.

Thin: each view is tagged in the policy, fetches through the selectors
(404 for hidden and missing alike; the ones that show a clearance audit it),
and writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.approvals import ApprovalRequired
from access.policy import Perm
from access.signin import passkeys
from accounts.actors import AuthenticatedRequest
from core import dates
from core.forms import save_form as _save
from housing import charts, selectors, services
from housing.forms import (
    ClearanceForm,
    ContactForm,
    DwellingCreateForm,
    OfferForm,
    PartnerForm,
    PlaceCountForm,
    RecommendationDoneForm,
    TakeOutOfUseForm,
)
from housing.models import (
    DWELLING_ITEMS,
    LOCATION_ITEMS,
    MINIMUM_REQUIREMENTS,
    PartnerService,
)
from housing.services.offers import OFFER_FIELDS

# --- offers -----------------------------------------------------------------------


@policy.requires(Perm.VIEW_OFFERS)
@require_GET
def offer_list(request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.offer_list(fetched_by=request.user)
    return render(
        request,
        "housing/offer_list.html",
        {
            "rows": rows,
            "can_view_capacity": policy.has_perm(request.user, Perm.VIEW_CAPACITY),
            "can_view_partners": policy.has_perm(request.user, Perm.VIEW_PARTNERS),
        },
    )


@policy.requires(Perm.VIEW_OFFERS)
@require_GET
def offer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=pk)
    return render(
        request,
        "housing/offer_detail.html",
        {
            "row": selectors.offer_detail(fetched_by=request.user, offer=offer),
            "offer": offer,
            "can_manage": policy.can(request.user, Perm.MANAGE_OFFERS, offer),
            "can_manage_dwellings": policy.can(request.user, Perm.MANAGE_DWELLINGS, offer),
            "can_manage_partners": policy.can(request.user, Perm.MANAGE_PARTNERS, offer),
            "today": dates.today(),
        },
    )


@policy.requires(Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def offer_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_OFFERS)
    initial = {name: getattr(offer, name) for name in OFFER_FIELDS}
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save(
        form,
        lambda: services.offer_update(offer=offer, by=request.user, values=form.cleaned_data),
    ):
        messages.success(request, _("Botilbudet er lagret."))
        return redirect("housing:offer_detail", pk=offer.pk)
    return render(
        request, "housing/offer_form.html", {"form": form, "offer": offer, "fits": OfferForm.FITS}
    )


# --- dwellings ----------------------------------------------------------------------


@policy.requires(Perm.MANAGE_DWELLINGS)
@require_http_methods(["GET", "POST"])
def dwelling_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_DWELLINGS)
    form = DwellingCreateForm(request.POST or None, initial={"in_use_from": dates.today()})
    created: dict[str, Any] = {}

    def create() -> None:
        created["dwelling"] = services.dwelling_create(
            offer=offer, by=request.user, **form.cleaned_data
        )

    if request.method == "POST" and _save(form, create):
        messages.success(
            request, _("Boligen er lagt til. Den kan ikke tildeles før politiet har klarert den.")
        )
        return redirect("housing:dwelling_detail", pk=created["dwelling"].pk)
    return render(request, "housing/dwelling_form.html", {"form": form, "offer": offer})


@policy.requires(Perm.VIEW_DWELLINGS)
@require_GET
def dwelling_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "housing/dwelling_detail.html",
        {
            "detail": selectors.dwelling_page(fetched_by=request.user, pk=pk, request=request),
            "location_items": LOCATION_ITEMS,
            "dwelling_items": DWELLING_ITEMS,
            "minimums": MINIMUM_REQUIREMENTS,
        },
    )


@policy.requires(Perm.READ_DWELLING_ADDRESS)
@require_http_methods(["GET", "POST"])
def dwelling_address(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: a deliberate button. POST: strong re-authentication, then show and log the address.

    The policy decides who may read it; access.signin.passkeys decides how recently
    and with what they must have signed in (a passkey, where required).
    """
    dwelling = selectors.dwelling_get(
        fetched_by=request.user, pk=pk, perm=Perm.READ_DWELLING_ADDRESS
    )
    context = {"dwelling": dwelling, "passkey_required": settings.ADDRESS_REQUIRES_PASSKEY}
    if request.method == "GET":
        step = passkeys.address_step(request)
        return render(request, "housing/dwelling_address.html", {**context, "step": step})
    if (response := passkeys.require_for_address(request)) is not None:
        return response
    try:
        _, address = selectors.dwelling_address_read(
            fetched_by=request.user, pk=dwelling.pk, request=request
        )
    except ApprovalRequired:
        # First view for this user: a second person must approve (SECURITY.md 9).
        return redirect("access:address_request", dwelling.pk)
    return render(request, "housing/dwelling_address.html", {**context, "address": address})


@policy.requires(Perm.MANAGE_DWELLINGS)
@require_http_methods(["GET", "POST"])
def dwelling_places(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dwelling = selectors.dwelling_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_DWELLINGS)
    active = dwelling.places.filter(active=True).count()
    form = PlaceCountForm(request.POST or None, initial={"place_count": active})
    if request.method == "POST" and _save(
        form,
        lambda: services.dwelling_set_place_count(
            dwelling=dwelling, place_count=form.cleaned_data["place_count"], by=request.user
        ),
    ):
        messages.success(request, _("Antall plasser er endret."))
        return redirect("housing:dwelling_detail", pk=dwelling.pk)
    return render(
        request,
        "housing/dwelling_places.html",
        {"form": form, "dwelling": dwelling, "active": active},
    )


@policy.requires(Perm.MANAGE_DWELLINGS)
@require_http_methods(["GET", "POST"])
def dwelling_take_out_of_use(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dwelling = selectors.dwelling_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_DWELLINGS)
    form = TakeOutOfUseForm(request.POST or None, initial={"out_of_use_from": dates.today()})
    if request.method == "POST" and _save(
        form,
        lambda: services.dwelling_take_out_of_use(
            dwelling=dwelling,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            relocation_note=form.cleaned_data["relocation_note"],
            on=form.cleaned_data["out_of_use_from"],
            by=request.user,
        ),
    ):
        messages.success(
            request, _("Boligen er tatt ut av bruk. Plassene er fjernet fra kapasiteten.")
        )
        return redirect("housing:dwelling_detail", pk=dwelling.pk)
    detail = selectors.dwelling_detail(fetched_by=request.user, dwelling=dwelling)
    taken = sum(1 for row in detail.places if row.booking is not None)
    return render(
        request,
        "housing/dwelling_take_out.html",
        {"form": form, "dwelling": dwelling, "taken": taken},
    )


# --- clearances ---------------------------------------------------------------------


@policy.requires(Perm.RECORD_CLEARANCE)
@require_http_methods(["GET", "POST"])
def clearance_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dwelling = selectors.dwelling_get(fetched_by=request.user, pk=pk, perm=Perm.RECORD_CLEARANCE)
    form = ClearanceForm(request.POST or None)
    if request.method == "POST" and _save(
        form,
        lambda: services.clearance_record(
            dwelling=dwelling,
            values=form.clearance_values(),
            recommendations=form.recommendation_lines(),
            by=request.user,
        ),
    ):
        messages.success(request, _("Sikkerhetsklareringen er lagret."))
        return redirect("housing:dwelling_detail", pk=dwelling.pk)
    return render(
        request,
        "housing/clearance_form.html",
        {
            "form": form,
            "dwelling": dwelling,
            "location": [
                (form[f"{code}_assessed"], form[f"{code}_note"], label)
                for code, label in LOCATION_ITEMS
            ],
            "dwelling_checks": [
                (form[f"{code}_assessed"], form[f"{code}_note"], label)
                for code, label in DWELLING_ITEMS
            ],
            "minimums": [form[name] for name, _label in MINIMUM_REQUIREMENTS],
        },
    )


@policy.requires(Perm.MANAGE_DWELLINGS)
@require_http_methods(["GET", "POST"])
def recommendation_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_form(
        fetched_by=request.user, pk=pk, request=request
    )
    form = RecommendationDoneForm(request.POST or None, initial={"carried_out_on": dates.today()})
    if request.method == "POST" and _save(
        form,
        lambda: services.recommendation_mark_carried_out(
            recommendation=recommendation,
            carried_out_on=form.cleaned_data["carried_out_on"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Tiltaket er markert som utført."))
        return redirect("housing:dwelling_detail", pk=recommendation.clearance.dwelling_id)
    return render(
        request,
        "housing/recommendation_done.html",
        {"form": form, "recommendation": recommendation},
    )


# --- capacity -----------------------------------------------------------------------


@policy.requires(Perm.VIEW_CAPACITY)
@require_GET
def capacity(request: AuthenticatedRequest) -> HttpResponse:
    overview = selectors.capacity_overview(fetched_by=request.user)
    timeline = overview.timeline
    table = [
        (offer, list(zip(timeline.taken[offer.pk], timeline.places[offer.pk], strict=True)))
        for offer in timeline.offers
    ]
    return render(
        request,
        "housing/capacity.html",
        {
            "overview": overview,
            "totals": overview.totals,
            "chart": charts.occupancy_timeline_svg(timeline) if timeline.offers else "",
            "table": table,
        },
    )


# --- partners -----------------------------------------------------------------------


@policy.requires(Perm.MANAGE_PARTNERS)
@require_http_methods(["GET", "POST"])
def partner_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_PARTNERS)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and _save(
        form, lambda: services.partner_create(offer=offer, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Samarbeidspartneren er lagt til."))
        return redirect("housing:offer_detail", pk=offer.pk)
    return render(request, "housing/partner_form.html", {"form": form, "offer": offer})


@policy.requires(Perm.MANAGE_PARTNERS)
@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = policy.get_object_for(
        request.user,
        PartnerService.objects.select_related("offer__municipality"),
        Perm.MANAGE_PARTNERS,
        pk=pk,
    )
    form = ContactForm(request.POST or None)
    if request.method == "POST" and _save(
        form,
        lambda: services.partner_contact_add(partner=partner, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Kontaktpersonen er lagt til."))
        return redirect("housing:offer_detail", pk=partner.offer_id)
    return render(request, "housing/contact_form.html", {"form": form, "partner": partner})
