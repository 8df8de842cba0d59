"""Who lives with the resident (husstand) and the resident's partner services (samarbeidspartnere).

Atomic, validated and audited like every write of the stay (``stays.services``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates
from stays.models import (
    HouseholdMember,
    Stay,
    StayPartner,
)
from stays.services.base import _locked


def _refresh_household_snapshot(stay: Stay) -> None:
    """The snapshot follows who actually lives there once the arrival is registered."""
    members = list(stay.household.all())
    stay.with_partner = any(m.kind == HouseholdMember.Kind.PARTNER for m in members)
    stay.children_count = sum(1 for m in members if m.kind == HouseholdMember.Kind.CHILD)
    stay.save(update_fields=["with_partner", "children_count", "updated_at"])


@transaction.atomic
def household_member_add(
    *, stay: Stay, kind: str, birth_year: int, first_name: str = "", by: Actor
) -> HouseholdMember:
    """A partner or child living with the resident (first name or initial only)."""
    stay = _locked(stay, Stay.Status.ALLOCATED, Stay.Status.LIVING)
    this_year = dates.today().year
    if not 1900 <= birth_year <= this_year:
        raise ValidationError(
            {"birth_year": _("Skriv et fødselsår mellom 1900 og %(year)s.") % {"year": this_year}}
        )
    if kind == HouseholdMember.Kind.PARTNER and stay.household.filter(kind=kind).exists():
        raise ValidationError({"kind": _("Det er allerede registrert en partner.")})
    if len(first_name.strip()) > 30:
        raise ValidationError({"first_name": _("Skriv bare fornavn eller forbokstav.")})
    member = HouseholdMember(
        stay=stay,
        kind=kind,
        birth_year=birth_year,
        first_name=first_name.strip(),
        is_synthetic=stay.is_synthetic,
    )
    member.full_clean()
    member.save()
    _refresh_household_snapshot(stay)
    record(
        actor=by,
        action="stays.household.added",
        obj=member,
        fields=["kind", "birth_year", "first_name"],
        purpose="husstand ved innflytting",
    )
    return member


@transaction.atomic
def household_member_remove(*, member: HouseholdMember, by: Actor) -> None:
    stay = _locked(member.stay, Stay.Status.ALLOCATED, Stay.Status.LIVING)
    record(
        actor=by,
        action="stays.household.removed",
        obj=member,
        fields=["kind", "birth_year", "first_name"],
        purpose="husstand endret",
    )
    member.delete()
    _refresh_household_snapshot(stay)


# --- partner services per resident --------------------------------------------


@transaction.atomic
def stay_partner_add(*, stay: Stay, partner: Any, contact: Any = None, by: Actor) -> StayPartner:
    """Link a partner service from the offer's own register (and optionally its contact)."""
    stay = _locked(stay, Stay.Status.ALLOCATED, Stay.Status.LIVING, Stay.Status.MOVED_OUT)
    if partner.offer_id != stay.offer_id:
        raise ValidationError({"partner": _("Velg en tjeneste fra botilbudets egen liste.")})
    if contact is not None and contact.partner_id != partner.pk:
        raise ValidationError({"contact": _("Kontaktpersonen hører til en annen tjeneste.")})
    if stay.partners.filter(partner=partner).exists():
        raise ValidationError({"partner": _("Denne tjenesten er allerede lagt til.")})
    link = StayPartner(stay=stay, partner=partner, contact=contact, is_synthetic=stay.is_synthetic)
    link.full_clean()
    link.save()
    record(
        actor=by,
        action="stays.partner.added",
        obj=link,
        fields=["partner", "contact"],
        purpose="samarbeidspartnere for beboeren",
    )
    return link


@transaction.atomic
def stay_partner_remove(*, link: StayPartner, by: Actor) -> None:
    record(
        actor=by,
        action="stays.partner.removed",
        obj=link,
        fields=["partner", "contact"],
        purpose="samarbeidspartnere for beboeren",
    )
    link.delete()
