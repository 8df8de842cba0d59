"""Writing documents: adding one to a stay or to a person in the intake.

Keyword-only, atomic, validated and audited in the same transaction, like
every write. The file is checked (``core.files.upload.check``) before the
transaction: a refused file changes nothing and writes no audit row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core.files import upload as files
from documents.models import DocumentKind, PersonDocument, StayDocument
from referrals.models import Person
from stays.models import Stay

MAX_TITLE = 200
MAX_DESCRIPTION = 2000


def _clean_text(*, kind: str, title: str, description: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    title = (title or "").strip()
    description = (description or "").strip()
    if kind not in DocumentKind.values:
        errors["kind"] = _("Velg hva slags dokument det er.")
    if not title:
        errors["title"] = _("Skriv en kort tittel, for eksempel «Samtykke til NAV».")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("Tittelen kan være høyst %(max)d tegn.") % {"max": MAX_TITLE}
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("Beskrivelsen kan være høyst %(max)d tegn.") % {
            "max": MAX_DESCRIPTION
        }
    if errors:
        raise ValidationError(errors)
    return title, description


def _checked(upload: File) -> files.CheckedFile:
    try:
        return files.check(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def stay_document_add(
    *,
    stay: Stay,
    by: Actor,
    upload: File,
    kind: str,
    title: str,
    description: str = "",
    contains_address: bool = False,
) -> StayDocument:
    """Keep a file about the resident's stay; the offer's staff only (the view's policy)."""
    title, description = _clean_text(kind=kind, title=title, description=description)
    checked = _checked(upload)
    with transaction.atomic():
        document = StayDocument.objects.create(
            stay=stay,
            uploaded_by=by,
            content=checked.data,
            content_type=checked.kind.content_type,
            size=len(checked.data),
            kind=kind,
            title=title,
            description=description,
            contains_address=contains_address,
            is_synthetic=bool(getattr(stay, "is_synthetic", False)),
        )
        record(
            actor=by,
            action="documents.stay_document.added",
            obj=document,
            fields=_fields(document),
        )
    return document


def person_document_add(
    *,
    person: Person,
    by: Actor,
    upload: File,
    kind: str,
    title: str,
    description: str = "",
) -> PersonDocument:
    """Keep a file about a person in the intake; the competence team only (the view's policy).

    An intake document is never marked as holding an address: the secret
    address belongs to a dwelling, and a dwelling comes with a stay.
    """
    title, description = _clean_text(kind=kind, title=title, description=description)
    checked = _checked(upload)
    with transaction.atomic():
        document = PersonDocument.objects.create(
            person=person,
            uploaded_by=by,
            content=checked.data,
            content_type=checked.kind.content_type,
            size=len(checked.data),
            kind=kind,
            title=title,
            description=description,
            is_synthetic=bool(getattr(person, "is_synthetic", False)),
        )
        record(
            actor=by,
            action="documents.person_document.added",
            obj=document,
            fields=_fields(document),
        )
    return document


def _fields(document: Any) -> list[str]:
    names = ["kind", "title", "content", "content_type", "size"]
    if document.description:
        names.append("description")
    if getattr(document, "contains_address", False):
        names.append("contains_address")
    return names
