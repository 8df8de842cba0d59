"""Writing, approving and confirming an offer's routines (rutiner).

Every edit is a new version; a version is a draft until the offer's project
lead approves it. The newest approved version is in force, and staff confirm
having read that one. Each write is audited in its own transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.actors import Actor
from audit.services import record
from core import dates
from housing.models import Offer
from routines.models import RoutineKind, RoutineReading, RoutineVersion
from routines.services.addresses import holds_dwelling_address

_NO_ADDRESS = gettext_lazy(
    "Rutinen kan ikke inneholde adressen til en av botilbudets boliger. Ta den bort."
)


@transaction.atomic
def routine_write(*, offer: Offer, kind: str, text: str, by: Actor) -> RoutineVersion:
    """Save ``text`` as the next version of the offer's routine ``kind`` (a draft)."""
    if kind not in RoutineKind.values:
        raise ValidationError({"kind": _("Velg en av rutinene i listen.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv rutinen.")})
    if holds_dwelling_address(offer, [text]):
        raise ValidationError({"text": str(_NO_ADDRESS)})
    # Lock the offer so two editors cannot take the same version number.
    Offer._base_manager.select_for_update().filter(pk=offer.pk).get()
    last = RoutineVersion._base_manager.filter(offer=offer, kind=kind).aggregate(n=Max("number"))
    version = RoutineVersion(
        offer=offer,
        kind=kind,
        number=(last["n"] or 0) + 1,
        text=text,
        written_by=by,
        is_synthetic=offer.is_synthetic,
    )
    version.full_clean()
    version.save()
    record(actor=by, action="routines.version.written", obj=version, fields=("text",))
    return version


@transaction.atomic
def routine_approve(
    *,
    version: RoutineVersion,
    approved_on: dt.date,
    next_review_on: dt.date,
    by: Actor,
    today: dt.date | None = None,
) -> RoutineVersion:
    """Approve the newest draft of a routine, with its date and the date of the next review."""
    today = today or dates.today()
    version = RoutineVersion._base_manager.select_for_update().get(pk=version.pk)
    newest = (
        RoutineVersion._base_manager.filter(offer_id=version.offer_id, kind=version.kind)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    if version.is_approved:
        raise ValidationError(_("Denne versjonen er allerede godkjent."))
    if newest != version.pk:
        raise ValidationError(
            _("Det finnes en nyere versjon av rutinen. Godkjenn den nyeste versjonen.")
        )
    errors: dict[str, str] = {}
    if approved_on > today:
        errors["approved_on"] = _("Godkjent dato kan ikke være frem i tid.")
    if next_review_on <= approved_on:
        errors["next_review_on"] = _("Neste gjennomgang må være etter datoen rutinen er godkjent.")
    if errors:
        raise ValidationError(errors)
    version.approved_by = by
    version.approved_on = approved_on
    version.next_review_on = next_review_on
    version.full_clean()
    version.save(update_fields=["approved_by", "approved_on", "next_review_on", "updated_at"])
    record(
        actor=by,
        action="routines.version.approved",
        obj=version,
        fields=("approved_on", "next_review_on"),
    )
    return version


@transaction.atomic
def routine_confirm_read(*, version: RoutineVersion, by: Actor) -> RoutineReading:
    """Record that ``by`` has read the version in force (once per version)."""
    current = (
        RoutineVersion._base_manager.filter(
            offer_id=version.offer_id, kind=version.kind, approved_on__isnull=False
        )
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    if current != version.pk:
        raise ValidationError(_("Du kan bare bekrefte den godkjente versjonen som gjelder nå."))
    reading, created = RoutineReading.objects.get_or_create(
        version=version, user=by, defaults={"confirmed_at": dates.now()}
    )
    if created:
        record(actor=by, action="routines.version.read_confirmed", obj=version)
    return reading
