"""Adding documents: what is kept, and every refusal with real bytes (nothing stored)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from audit.models import AuditEntry
from core.tests import files
from documents import services
from documents.models import PersonDocument, StayDocument

pytestmark = pytest.mark.django_db


def _add(stay: Any, by: Any, name: str, data: bytes, **extra: Any) -> StayDocument:
    return services.stay_document_add(
        stay=stay,
        by=by,
        upload=SimpleUploadedFile(name, data),
        kind=extra.pop("kind", "consent"),
        title=extra.pop("title", "Samtykke til NAV"),
        **extra,
    )


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("samtykke.pdf", files.pdf, "application/pdf"),
        ("skann.JPG", files.jpeg, "image/jpeg"),
        ("bilde.png", files.png, "image/png"),
        (
            "brev.docx",
            files.docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "plan.xlsx",
            files.xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("brev.odt", files.odt, "application/vnd.oasis.opendocument.text"),
        ("plan.ods", files.ods, "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_a_document_is_kept_encrypted_with_its_sniffed_type(
    stay_a: Any, cast: dict[str, Any], name: str, make: Any, content_type: str
) -> None:
    from django.db import connection

    data = make()
    document = _add(stay_a, cast["followup_worker_a"], name, data)
    stored = StayDocument.objects.get(pk=document.pk)
    assert stored.content == data
    assert stored.content_type == content_type
    assert stored.size == len(data)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content, title FROM documents_staydocument WHERE id = %s", [document.pk]
        )
        raw_content, raw_title = cursor.fetchone()
    assert raw_content.startswith("v1:") and raw_title.startswith("v1:")
    assert "Samtykke" not in raw_title
    assert AuditEntry.objects.filter(action="documents.stay_document.added").count() == 1


REFUSED = [
    ("side.pdf", files.HTML, "Denne filtypen kan ikke lastes opp"),
    ("tegning.pdf", files.SVG, "Denne filtypen kan ikke lastes opp"),
    ("program.pdf", files.EXE, "Denne filtypen kan ikke lastes opp"),
    ("arkiv.pdf", files.plain_zip(), "Denne filtypen kan ikke lastes opp"),
    ("bilde.pdf", files.png(), "Filnavnet slutter på «.pdf», men filen er en PNG-fil"),
    ("samtykke.docx", files.pdf(), "Filnavnet slutter på «.docx», men filen er en PDF-fil"),
    ("samtykke", files.pdf(), "Filnavnet slutter på «ingen endelse»"),
    ("tom.pdf", b"", "Filen er tom"),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_file_changes_nothing(
    stay_a: Any, cast: dict[str, Any], name: str, data: bytes, message: str
) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        _add(stay_a, cast["followup_worker_a"], name, data)
    assert message in " ".join(refused.value.message_dict["file"])
    assert StayDocument.objects.count() == 0
    assert AuditEntry.objects.count() == before


@override_settings(DOCUMENT_MAX_BYTES=1000)
def test_over_the_size_limit_is_refused_before_reading(stay_a: Any, cast: dict[str, Any]) -> None:
    data = files.pdf("x" * 2000)
    assert len(data) > 1000

    class Unread(SimpleUploadedFile):
        def chunks(self, chunk_size: int | None = None) -> Any:
            raise AssertionError("a file over the limit must not be read")

    with pytest.raises(ValidationError) as refused:
        services.stay_document_add(
            stay=stay_a,
            by=cast["followup_worker_a"],
            upload=Unread("stor.pdf", data),
            kind="plan",
            title="Plan",
        )
    assert "Filen er for stor. Den kan være høyst 1000" in refused.value.message_dict["file"][0]
    assert StayDocument.objects.count() == 0


@override_settings(DOCUMENT_MAX_BYTES=1000)
def test_a_misreported_size_still_stops_at_the_limit(stay_a: Any, cast: dict[str, Any]) -> None:
    upload = SimpleUploadedFile("stor.pdf", files.pdf("x" * 2000))
    upload.size = 10  # what a lying handler might say
    with pytest.raises(ValidationError):
        services.stay_document_add(
            stay=stay_a, by=cast["followup_worker_a"], upload=upload, kind="plan", title="P"
        )
    assert StayDocument.objects.count() == 0


def test_a_title_is_required_and_nothing_is_stored(stay_a: Any, cast: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(stay_a, cast["followup_worker_a"], "a.pdf", files.pdf(), title="  ")
    assert "title" in refused.value.message_dict
    assert StayDocument.objects.count() == 0


def test_a_person_document_is_kept(person: Any, cast: dict[str, Any]) -> None:
    document = services.person_document_add(
        person=person,
        by=cast["coordinator"],
        upload=SimpleUploadedFile("vedtak.pdf", files.pdf("Vedtak")),
        kind="decision",
        title="Vedtak om økonomisk stønad",
    )
    assert PersonDocument.objects.get(pk=document.pk).content == files.pdf("Vedtak")
    assert not document.contains_address
