"""The offer's arrival timetable template (mal for timeplan).

Thin like every view of the app (``stays.views``): tagged in the policy, reads
through the selectors, writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core.forms import save_form
from housing.models import Offer
from stays import forms, selectors, services
from stays.models import ArrivalTemplateItem
from stays.views.base import _form_page


def _offer(request: AuthenticatedRequest, offer_pk: int) -> Offer:
    return selectors.template_offer_get(fetched_by=request.user, pk=offer_pk)


@policy.requires(Perm.MANAGE_OFFERS)
@require_GET
def template(request: AuthenticatedRequest, offer_pk: int) -> HttpResponse:
    offer = _offer(request, offer_pk)
    items = selectors.template_items(offer)
    return render(
        request,
        "stays/template.html",
        {"offer": offer, "items": items, "is_default": not items or items[0].pk is None},
    )


@policy.requires(Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def template_item(
    request: AuthenticatedRequest, offer_pk: int, item_pk: int | None = None
) -> HttpResponse:
    offer = _offer(request, offer_pk)
    item: ArrivalTemplateItem | None = None
    initial: dict[str, Any] = {"day_offset": 0}
    if item_pk is not None:
        item = selectors.template_item_get(offer=offer, pk=item_pk)
        initial = {
            f: getattr(item, f) for f in ("day_offset", "at", "title", "attendees", "description")
        }
    form = forms.TemplateItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.template_item_save(
            offer=offer, values=form.cleaned_data, item=item, by=request.user
        ),
    ):
        messages.success(request, _("Malen er lagret."))
        return redirect("stays:template", offer_pk=offer.pk)
    return _form_page(
        request,
        form=form,
        stay=None,
        heading=_("Endre punkt i malen") if item else _("Nytt punkt i malen"),
        submit=_("Lagre"),
        back=reverse("stays:template", args=[offer.pk]),
    )


@policy.requires(Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def template_seed(request: AuthenticatedRequest, offer_pk: int) -> HttpResponse:
    """Store the default template so single lines can be changed or removed."""
    offer = _offer(request, offer_pk)
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.template_seed_defaults(offer=offer, by=request.user)
    ):
        messages.success(request, _("Standardmalen er lagret for botilbudet. Nå kan du endre den."))
        return redirect("stays:template", offer_pk=offer.pk)
    return _form_page(
        request,
        form=form,
        stay=None,
        heading=_("Ta i bruk standardmalen"),
        submit=_("Ta i bruk og endre"),
        intro=_("Standardmalen lagres for botilbudet. Endringer gjelder bare nye beboere."),
        back=reverse("stays:template", args=[offer.pk]),
    )


@policy.requires(Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def template_item_delete(
    request: AuthenticatedRequest, offer_pk: int, item_pk: int
) -> HttpResponse:
    offer = _offer(request, offer_pk)
    item = selectors.template_item_get(offer=offer, pk=item_pk)
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda: services.template_item_delete(item=item, by=request.user)
    ):
        messages.success(request, _("Punktet er slettet fra malen."))
        return redirect("stays:template", offer_pk=offer.pk)
    return _form_page(
        request,
        form=form,
        stay=None,
        heading=_("Slett punkt fra malen"),
        submit=_("Slett"),
        intro=_("«%(title)s» slettes fra malen. Timeplaner som allerede er laget, endres ikke.")
        % {"title": item.title},
        back=reverse("stays:template", args=[offer.pk]),
    )
