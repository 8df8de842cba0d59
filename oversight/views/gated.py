"""Pages of the acts two-person approval gates: a dwelling's address, the resident list as CSV.

The approval mechanism (asking, deciding, using once) is ``access.approvals``;
these pages ask for an approval of an act on a dwelling or an offer and, for
the export, do the act once it is approved (``oversight.exports``).
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access import approvals, policy
from access.forms import ApprovalRequestForm
from access.models import ApprovalRequest
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core.forms import save_form
from housing.models import Dwelling, Offer
from oversight import exports


@policy.requires(Perm.READ_DWELLING_ADDRESS)
@require_http_methods(["GET", "POST"])
def address_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ask for approval to see an address for the first time."""
    dwelling = policy.get_object_for(
        request.user,
        Dwelling.objects.select_related("offer"),
        Perm.READ_DWELLING_ADDRESS,
        pk=pk,
    )
    if approvals.has_had_address(user=request.user, dwelling=dwelling):
        return redirect("housing:dwelling_address", dwelling.pk)
    open_request = approvals.open_request(
        user=request.user, kind=ApprovalRequest.Kind.ADDRESS_DISCLOSURE, obj=dwelling
    )
    if open_request is not None and request.method == "GET":
        # Already asked: say where the request stands instead of a new form.
        return render(
            request, "access/address_request.html", {"dwelling": dwelling, "open": open_request}
        )
    form = ApprovalRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        kind = ApprovalRequest.Kind.ADDRESS_DISCLOSURE
        if (approval := _ask_for_approval(request, form, kind, dwelling)) is not None:
            return redirect("access:approval_detail", approval.pk)
        status = 400
    return render(
        request,
        "access/address_request.html",
        {"dwelling": dwelling, "form": form},
        status=status,
    )


# --- the resident list as CSV (a bulk export: approval needed) ---------------------


def _export_offer(request: AuthenticatedRequest, pk: int) -> Offer:
    return policy.get_object_for(request.user, Offer, Perm.MANAGE_OFFERS, pk=pk)


def _ask_for_approval(
    request: AuthenticatedRequest, form: ApprovalRequestForm, kind: str, obj: Any
) -> ApprovalRequest | None:
    """Send the request when the form is valid; None (errors on the form) otherwise."""
    saved = save_form(
        form,
        lambda: approvals.request_approval(
            user=request.user,
            kind=kind,
            subject_obj=obj,
            reason=form.cleaned_data["reason"],
            request=request,
        ),
    )
    if saved is None:
        return None
    messages.success(request, _("Forespørselen er sendt til godkjenning."))
    return saved.value


@policy.requires(Perm.EXPORT_RESIDENT_LIST, Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def resident_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = _export_offer(request, pk)
    form = ApprovalRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _ask_for_approval(request, form, ApprovalRequest.Kind.BULK_EXPORT, offer) is not None:
            return redirect("access:resident_export", offer.pk)
        status = 400
    return render(
        request,
        "access/resident_export.html",
        {
            "offer": offer,
            "form": form,
            "open": approvals.open_request(
                user=request.user, kind=ApprovalRequest.Kind.BULK_EXPORT, obj=offer
            ),
        },
        status=status,
    )


@policy.requires(Perm.EXPORT_RESIDENT_LIST, Perm.MANAGE_OFFERS)
@require_POST
def resident_export_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = _export_offer(request, pk)
    raise_if_reauthentication_required(request, app="")
    try:
        content = exports.export_resident_list(user=request.user, offer=offer, request=request)
    except approvals.ApprovalRequired:
        messages.error(request, _("Eksporten må godkjennes av en annen person først."))
        return redirect("access:resident_export", offer.pk)
    response = HttpResponse(content, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="beboerliste-{offer.pk}.csv"'
    return response
