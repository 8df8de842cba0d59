"""Writing, approving and confirming an offer's routines (rutiner).

Every edit is a new version; a version is a draft until the offer's project
lead approves it. The newest approved version is in force, and staff confirm
having read that one. Each write is audited in its own transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.actors import Actor
from audit.services import record
from core import dates
from core.files import upload as files
from housing.models import Offer
from routines.models import RoutineKind, RoutineReading, RoutineVersion
from routines.services.addresses import holds_dwelling_address

_NO_ADDRESS = gettext_lazy(
    "Rutinen kan ikke inneholde adressen til en av botilbudets boliger. Ta den bort."
)


def _checked(upload: File[Any]) -> files.CheckedFile:
    try:
        return files.check(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


@transaction.atomic
def routine_write(
    *,
    offer: Offer,
    kind: str,
    text: str,
    by: Actor,
    upload: File[Any] | None = None,
    drop_file: bool = False,
) -> RoutineVersion:
    """Save ``text`` and/or a document as the next version of the offer's routine ``kind`` (a draft).

    Without a new ``upload`` the new version keeps the previous version's
    document, unless ``drop_file``. The file is checked (``core.files.upload``)
    before anything is stored; its content cannot be checked for an address.
    """
    if kind not in RoutineKind.values:
        raise ValidationError({"kind": _("Velg en av rutinene i listen.")})
    text = text.strip()
    checked = _checked(upload) if upload is not None else None
    if holds_dwelling_address(offer, [text]):
        raise ValidationError({"text": str(_NO_ADDRESS)})
    # Lock the offer so two editors cannot take the same version number.
    Offer._base_manager.select_for_update().filter(pk=offer.pk).get()
    previous = (
        RoutineVersion._base_manager.filter(offer=offer, kind=kind).order_by("-number").first()
    )
    data, content_type = None, ""
    if checked is not None:
        data, content_type = checked.data, checked.kind.content_type
    elif previous is not None and previous.has_file and not drop_file:
        data, content_type = previous.file, previous.file_content_type
    if not text and data is None:
        raise ValidationError({"text": _("Skriv rutinen eller legg ved et dokument.")})
    version = RoutineVersion(
        offer=offer,
        kind=kind,
        number=(previous.number if previous is not None else 0) + 1,
        text=text,
        file=data,
        file_content_type=content_type,
        file_size=len(data) if data is not None else None,
        written_by=by,
        is_synthetic=offer.is_synthetic,
    )
    version.full_clean()
    version.save()
    fields = ("text", "file") if data is not None else ("text",)
    record(actor=by, action="routines.version.written", obj=version, fields=fields)
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
