"""A routine's attached document: text or file required, bad files refused, who downloads it.

Expected answers from the access model's words (docs/access-model.md): the
offer's staff read every version, the directorate only approved versions of
an offer that shares them; everyone else gets the same 404 as for nothing.
The files are real bytes (core.tests.files), refused by the same rule as a
case document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from core.tests import files
from routines import services
from routines.models import RoutineVersion

pytestmark = pytest.mark.django_db
KIND = "security_work"


def _upload(data: bytes, name: str = "rutine.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _write(offers: dict[str, Any], cast: dict[str, Any], **kwargs: Any) -> RoutineVersion:
    kwargs.setdefault("text", "")
    return services.routine_write(offer=offers["a"], kind=KIND, by=cast["project_lead_a"], **kwargs)


def _approve(version: RoutineVersion, cast: dict[str, Any]) -> None:
    today = dates.today()
    services.routine_approve(
        version=version,
        approved_on=today,
        next_review_on=today + dt.timedelta(days=365),
        by=cast["project_lead_a"],
    )


def _file_url(version: RoutineVersion) -> str:
    return reverse("routines:file", args=[version.offer_id, version.kind, version.pk])


# --- the service -----------------------------------------------------------------


def test_a_file_alone_is_a_version_with_its_sniffed_type_and_size(offers, cast):
    data = files.pdf("Rutine for sikkerhetsarbeid")
    version = _write(offers, cast, upload=_upload(data))
    version.refresh_from_db()
    assert version.text == ""
    assert version.file == data
    assert (version.file_content_type, version.file_size) == ("application/pdf", len(data))
    entry = AuditEntry.objects.get(action="routines.version.written")
    assert entry.fields == ["text", "file"]


def test_neither_text_nor_file_is_refused_and_nothing_stored(offers, cast):
    with pytest.raises(ValidationError) as caught:
        _write(offers, cast, text="   ")
    assert caught.value.message_dict["text"] == ["Skriv rutinen eller legg ved et dokument."]
    assert not RoutineVersion.objects.exists()
    assert not AuditEntry.objects.filter(action="routines.version.written").exists()


@pytest.mark.parametrize(
    ("data", "name", "code_word"),
    [
        (b"", "tom.pdf", "tom"),
        (files.plain_zip(), "arkiv.docx", "filtypen"),
        (files.png(), "bilde.pdf", "slutter på"),
        (b"<html><script>alert(1)</script></html>", "side.pdf", "filtypen"),
    ],
)
def test_bad_files_are_refused_on_the_file_field_and_nothing_stored(
    offers, cast, data, name, code_word
):
    with pytest.raises(ValidationError) as caught:
        _write(offers, cast, text="Teksten", upload=_upload(data, name))
    assert code_word in caught.value.message_dict["file"][0]
    assert not RoutineVersion.objects.exists()


@override_settings(DOCUMENT_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused(offers, cast):
    with pytest.raises(ValidationError) as caught:
        _write(offers, cast, upload=_upload(files.pdf()))
    assert "for stor" in caught.value.message_dict["file"][0]
    assert not RoutineVersion.objects.exists()


def test_a_new_version_keeps_the_file_unless_dropped(offers, cast):
    data = files.docx()
    first = _write(offers, cast, text="Første", upload=_upload(data, "rutine.docx"))
    second = _write(offers, cast, text="Andre")
    second.refresh_from_db()
    assert second.file == data and second.file_content_type == first.file_content_type
    third = _write(offers, cast, text="Tredje", drop_file=True)
    third.refresh_from_db()
    assert third.file is None and third.file_size is None and third.file_content_type == ""
    # Dropping the file of a version with no text would leave it empty.
    with pytest.raises(ValidationError):
        _write(offers, cast, drop_file=True)


# --- the form --------------------------------------------------------------------


def test_the_project_lead_uploads_through_the_edit_form(client_for, cast, offers):
    lead = client_for(cast["project_lead_a"])
    url = reverse("routines:edit", args=[offers["a"].pk, KIND])
    page = lead.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Legg aldri ved et dokument med adressen" in page
    data = files.pdf()
    response = lead.post(url, {"text": "", "file": _upload(data)})
    assert response.status_code == 302
    assert RoutineVersion.objects.get().file == data
    empty = lead.post(url, {"text": ""})
    # The second version keeps the first one's file, so it is not empty.
    assert empty.status_code == 302
    assert RoutineVersion.objects.count() == 2


def test_the_form_refuses_an_empty_version(client_for, cast, offers):
    url = reverse("routines:edit", args=[offers["a"].pk, KIND])
    response = client_for(cast["project_lead_a"]).post(url, {"text": ""})
    assert response.status_code == 200
    assert "Skriv rutinen eller legg ved et dokument." in response.content.decode()
    assert not RoutineVersion.objects.exists()


# --- the download ----------------------------------------------------------------


def test_staff_download_with_a_neutral_name_and_an_audit_row(client_for, cast, offers):
    data = files.pdf()
    version = _write(offers, cast, text="Se vedlegget.", upload=_upload(data, "Adresse.pdf"))
    staff = client_for(cast["followup_worker_a"])
    page = staff.get(reverse("routines:routine", args=[offers["a"].pk, KIND])).content.decode()
    assert _file_url(version) in page
    response = staff.get(_file_url(version))
    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="rutine-{version.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="routines.version.file_downloaded")
    assert (entry.actor_id, entry.object_id, entry.fields) == (
        cast["followup_worker_a"].pk,
        str(version.pk),
        ["file"],
    )


def test_others_get_404_and_nothing_is_audited(client_for, cast, offers):
    version = _write(offers, cast, upload=_upload(files.pdf()))
    _approve(version, cast)
    for role in ("followup_worker_b", "coordinator", "directorate_representative", "sysadmin"):
        assert client_for(cast[role]).get(_file_url(version)).status_code == 404, role
    # A version of another offer's routine through this offer's address: missing alike.
    other = services.routine_write(
        offer=offers["b"],
        kind=KIND,
        text="",
        upload=_upload(files.pdf()),
        by=cast["followup_worker_b"],
    )
    wrong = reverse("routines:file", args=[offers["a"].pk, KIND, other.pk])
    assert client_for(cast["project_lead_a"]).get(wrong).status_code == 404
    # A version without a file has nothing to download.
    plain = _write(offers, cast, text="Bare tekst", drop_file=True)
    assert client_for(cast["project_lead_a"]).get(_file_url(plain)).status_code == 404
    assert not AuditEntry.objects.filter(action="routines.version.file_downloaded").exists()


def test_the_directorate_downloads_only_approved_and_shared(client_for, cast, offers):
    approved = _write(offers, cast, upload=_upload(files.pdf()))
    _approve(approved, cast)
    draft = _write(offers, cast, text="Utkast", upload=_upload(files.odt(), "utkast.odt"))
    directorate = client_for(cast["directorate_representative"])
    assert directorate.get(_file_url(approved)).status_code == 404  # not shared yet
    services.routine_sharing_set(offer=offers["a"], shares=True, by=cast["project_lead_a"])
    assert directorate.get(_file_url(approved)).status_code == 200
    assert directorate.get(_file_url(draft)).status_code == 404  # a draft stays the offer's
    downloads = AuditEntry.objects.filter(action="routines.version.file_downloaded")
    assert [(e.actor_id, e.object_id) for e in downloads] == [
        (cast["directorate_representative"].pk, str(approved.pk))
    ]


def test_the_approval_page_links_the_drafts_document(client_for, cast, offers):
    draft = _write(offers, cast, upload=_upload(files.xlsx(), "plan.xlsx"))
    url = reverse("routines:approve", args=[offers["a"].pk, KIND])
    page = client_for(cast["project_lead_a"]).get(url).content.decode()
    assert _file_url(draft) in page
