"""Checking an uploaded file before anything is stored: size, kind and name.

The rules, in the order a person meets them:

1. an empty file is refused;
2. a file over ``settings.DOCUMENT_MAX_BYTES`` is refused from the size the
   upload handler counted, before its bytes are read into memory;
3. the kind is sniffed from the bytes (``core.files.sniff``): only PDF, PNG,
   JPEG, DOCX, XLSX, ODT and ODS;
4. the name's extension must be one of that kind's (a PNG named ``.pdf`` is
   refused: whoever opens it later trusts the name).

Each refusal is a ``ValidationError`` with a plain Norwegian message on the
``file`` field; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.files import sniff

# Read in pieces, so a file whose handler misreported its size still stops at the limit.
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    kind: sniff.Kind


def max_bytes() -> int:
    return int(settings.DOCUMENT_MAX_BYTES)


def accepted_text() -> str:
    """The help text under the file field: what is accepted, and how big."""
    return _(
        "PDF, bilde (PNG, JPEG) eller kontordokument (DOCX, XLSX, ODT, ODS), høyst %(max)s."
    ) % {"max": filesizeformat(max_bytes())}


def _too_big() -> ValidationError:
    return ValidationError(
        _("Filen er for stor. Den kan være høyst %(max)s.") % {"max": filesizeformat(max_bytes())},
        code="too_big",
    )


def _read_limited(upload: File[Any]) -> bytes:
    limit = max_bytes()
    parts: list[bytes] = []
    total = 0
    for chunk in upload.chunks(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise _too_big()
        parts.append(chunk)
    return b"".join(parts)


def check(upload: File[Any]) -> CheckedFile:
    """The file's bytes and kind, or a ValidationError saying why it cannot be kept."""
    if upload.size is not None and upload.size > max_bytes():
        raise _too_big()
    data = _read_limited(upload)
    if not data:
        raise ValidationError(_("Filen er tom. Velg en fil med innhold."), code="empty")
    kind = sniff.sniff(data)
    if kind is None:
        raise ValidationError(
            _(
                "Denne filtypen kan ikke lastes opp. Bruk PDF, bilde (PNG, JPEG) eller "
                "kontordokument (DOCX, XLSX, ODT, ODS)."
            ),
            code="forbidden_type",
        )
    extension = sniff.extension_of(upload.name or "")
    if extension not in kind.extensions:
        raise ValidationError(
            _(
                "Filnavnet slutter på «%(extension)s», men filen er en %(kind)s-fil. "
                "Gi filen riktig endelse (%(expected)s) og prøv igjen."
            )
            % {
                "extension": extension or _("ingen endelse"),
                "kind": kind.name,
                "expected": ", ".join(kind.extensions),
            },
            code="extension_mismatch",
        )
    return CheckedFile(data=data, kind=kind)
