"""The offer's register of partner services (samarbeidspartnere) and their contact persons.

Atomic, validated and audited like every write of housing (``housing.services``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core.registers import compact_organisation_number
from housing.models import (
    Offer,
    PartnerContact,
    PartnerService,
)


@transaction.atomic
def partner_create(
    *,
    offer: Offer,
    kind: str,
    name: str,
    has_agreement: bool = False,
    agreement_on: dt.date | None = None,
    agreement_expires_on: dt.date | None = None,
    organisation_number: str = "",
    by: Actor,
    is_synthetic: bool = False,
) -> PartnerService:
    """Register a partner service of an offer; its organisation number is checked (mod 11)."""
    errors: dict[str, str] = {}
    if not has_agreement and (agreement_on or agreement_expires_on):
        errors["has_agreement"] = _(
            "Kryss av for formell samarbeidsavtale, eller fjern datoene for avtalen."
        )
    if agreement_on and agreement_expires_on and agreement_expires_on < agreement_on:
        errors["agreement_expires_on"] = _("Avtalen kan ikke utløpe før den ble inngått.")
    if errors:
        raise ValidationError(errors)
    partner = PartnerService(
        offer=offer,
        kind=kind,
        name=name.strip(),
        has_agreement=has_agreement,
        agreement_on=agreement_on,
        agreement_expires_on=agreement_expires_on,
        organisation_number=compact_organisation_number(organisation_number),
        is_synthetic=is_synthetic,
    )
    partner.full_clean()
    partner.save()
    record(
        actor=by,
        action="housing.partner.created",
        obj=partner,
        fields=[
            "kind",
            "name",
            "has_agreement",
            "agreement_on",
            "agreement_expires_on",
            *(["organisation_number"] if partner.organisation_number else []),
        ],
        purpose="samarbeid",
    )
    return partner


@transaction.atomic
def partner_contact_add(
    *,
    partner: PartnerService,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
    by: Actor,
) -> PartnerContact:
    """Add a staff contact person to a partner service."""
    contact = PartnerContact(
        partner=partner,
        name=name.strip(),
        role=role.strip(),
        phone=phone.strip(),
        email=email.strip(),
        is_synthetic=partner.is_synthetic,
    )
    contact.full_clean()
    contact.save()
    record(
        actor=by,
        action="housing.partner.contact_added",
        obj=contact,
        fields=["name", "role", "phone", "email"],
        purpose="samarbeid",
    )
    return contact
