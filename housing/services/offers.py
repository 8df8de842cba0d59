"""Offers (botilbud): creating one for a host municipality and changing its description.

Atomic, validated and audited like every write of housing (``housing.services``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor, SystemActor
from audit.services import record
from housing.models import (
    Offer,
)

OFFER_FIELDS: tuple[str, ...] = (
    "name",
    "offer_type",
    "fits_women",
    "fits_men",
    "fits_couples",
    "fits_single_parents",
    "women_only_without_children",
    "intensity",
    "followup_fte",
    "project_lead_fte",
    "on_call",
    "on_call_until",
    "description",
)


def _check_offer(offer: Offer) -> None:
    errors: dict[str, str] = {}
    if offer.on_call == Offer.OnCall.PHONE_UNTIL and offer.on_call_until is None:
        errors["on_call_until"] = _(
            "Skriv klokkeslettet telefonvakten varer til, for eksempel 22:00."
        )
    if offer.women_only_without_children and (
        offer.fits_men or offer.fits_couples or offer.fits_single_parents
    ):
        errors["women_only_without_children"] = _(
            "Et tilbud bare for kvinner uten barn kan ikke også passe for menn, par eller enslige forsørgere."
        )
    if not any(
        [
            offer.fits_women,
            offer.fits_men,
            offer.fits_couples,
            offer.fits_single_parents,
            offer.women_only_without_children,
        ]
    ):
        errors["fits_women"] = _("Kryss av for minst én gruppe tilbudet passer for.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offer_create(
    *, municipality: Any, by: SystemActor, is_synthetic: bool = False, **values: Any
) -> Offer:
    """Create an offer for a host municipality."""
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    offer = Offer(municipality=municipality, is_synthetic=is_synthetic, **values)
    if offer.on_call != Offer.OnCall.PHONE_UNTIL:
        offer.on_call_until = None
    _check_offer(offer)
    offer.full_clean()
    offer.save()
    record(
        actor=by,
        action="housing.offer.created",
        obj=offer,
        fields=list(values),
        purpose="botilbud",
    )
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, by: Actor, values: Mapping[str, Any]) -> Offer:
    """Change an offer's description fields; audits the names of the fields that changed."""
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    changed = [name for name, value in values.items() if getattr(offer, name) != value]
    for name in changed:
        setattr(offer, name, values[name])
    if offer.on_call != Offer.OnCall.PHONE_UNTIL and offer.on_call_until is not None:
        offer.on_call_until = None
        if "on_call_until" not in changed:
            changed.append("on_call_until")
    _check_offer(offer)
    offer.full_clean()
    if changed:
        offer.save(update_fields=[*changed, "updated_at"])
        record(
            actor=by,
            action="housing.offer.updated",
            obj=offer,
            fields=changed,
            purpose="botilbud",
        )
    return offer
