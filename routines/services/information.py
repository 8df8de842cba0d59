"""Saving the information sheet about an offer (informasjon om botilbudet)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from housing.models import Offer
from routines.models import OfferInformation
from routines.models.information import LANGUAGES, SECTIONS
from routines.services.addresses import holds_dwelling_address

INFORMATION_FIELDS: tuple[str, ...] = tuple(
    f"{stem}_{language}" for language in LANGUAGES for stem, _label in SECTIONS
)


@transaction.atomic
def information_save(*, offer: Offer, values: Mapping[str, Any], by: Actor) -> OfferInformation:
    """Create or change the offer's sheet; refuse any field with a dwelling address in it."""
    unknown = set(values) - set(INFORMATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown information fields: {sorted(unknown)}")
    cleaned = {name: str(values.get(name) or "").strip() for name in INFORMATION_FIELDS}
    errors = {
        name: _("Arket kan ikke inneholde adressen til en av botilbudets boliger. Ta den bort.")
        for name, text in cleaned.items()
        if holds_dwelling_address(offer, [text])
    }
    if errors:
        raise ValidationError(errors)
    if not any(cleaned.values()):
        raise ValidationError(_("Skriv minst ett av feltene."))
    information = OfferInformation._base_manager.select_for_update().filter(offer=offer).first()
    created = information is None
    if information is None:
        information = OfferInformation(offer=offer, is_synthetic=offer.is_synthetic)
    changed = [name for name in INFORMATION_FIELDS if getattr(information, name) != cleaned[name]]
    for name, text in cleaned.items():
        setattr(information, name, text)
    information.updated_by = by
    information.full_clean()
    information.save()
    record(
        actor=by,
        action="routines.information.created" if created else "routines.information.changed",
        obj=information,
        fields=changed,
    )
    return information
