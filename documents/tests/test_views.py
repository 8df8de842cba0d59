"""The documents pages: who may list, add and download; the download's headers; the address rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.models import AddressDisclosure
from audit.models import AuditEntry
from core.tests import files
from documents import services
from documents.models import StayDocument

pytestmark = pytest.mark.django_db


def _doc(stay: Any, by: Any, *, contains_address: bool = False) -> StayDocument:
    return services.stay_document_add(
        stay=stay,
        by=by,
        upload=SimpleUploadedFile("plan.pdf", files.pdf("Plan for uke 3")),
        kind="plan",
        title="Ukeplan for Aisha",
        contains_address=contains_address,
    )


def _download_url(document: StayDocument) -> str:
    return reverse("documents:stay_document_download", args=[document.stay_id, document.pk])


def test_the_worker_lists_uploads_and_downloads(
    stay_a: Any, cast: dict[str, Any], client_for: Any
) -> None:
    client = client_for(cast["followup_worker_a"])
    url = reverse("documents:stay_documents", args=[stay_a.pk])
    response = client.post(
        url,
        {
            "kind": "consent",
            "title": "Samtykke til NAV, signert",
            "description": "",
            "file": SimpleUploadedFile("samtykke.pdf", files.pdf(), content_type="text/html"),
        },
    )
    assert response.status_code == 302
    document = StayDocument.objects.get()
    assert document.content_type == "application/pdf"  # from the bytes, not the browser
    page = client.get(url)
    assert page.status_code == 200
    assert "Samtykke til NAV, signert" in page.content.decode()
    assert AuditEntry.objects.filter(action="documents.stay_documents.viewed").count() == 1

    download = client.get(_download_url(document))
    assert download.status_code == 200
    assert download.content == files.pdf()
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="dokument-{document.pk}.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    entry = AuditEntry.objects.get(action="documents.stay_document.downloaded")
    assert entry.object_id == str(document.pk)


def test_a_refused_upload_says_why_on_the_page(
    stay_a: Any, cast: dict[str, Any], client_for: Any
) -> None:
    client = client_for(cast["followup_worker_a"])
    response = client.post(
        reverse("documents:stay_documents", args=[stay_a.pk]),
        {"kind": "letter", "title": "Brev", "file": SimpleUploadedFile("brev.pdf", files.HTML)},
    )
    assert response.status_code == 200
    assert "Denne filtypen kan ikke lastes opp" in response.content.decode()
    assert not StayDocument.objects.exists()


def test_another_municipality_gets_404(
    stay_a: Any, stay_b: Any, cast: dict[str, Any], client_for: Any
) -> None:
    document = _doc(stay_a, cast["followup_worker_a"])
    client = client_for(cast["followup_worker_b"])
    assert client.get(reverse("documents:stay_documents", args=[stay_a.pk])).status_code == 404
    assert client.get(_download_url(document)).status_code == 404
    # Someone else's document under the own stay's number: 404 too.
    own = client_for(cast["followup_worker_b"])
    path = reverse("documents:stay_document_download", args=[stay_b.pk, document.pk])
    assert own.get(path).status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "local_police_a", "analyst", "sysadmin"])
def test_roles_without_the_stay_documents_permission_are_refused(
    stay_a: Any, cast: dict[str, Any], client_for: Any, role: str
) -> None:
    document = _doc(stay_a, cast["followup_worker_a"])
    client = client_for(cast[role])
    assert client.get(_download_url(document)).status_code in (403, 404)
    assert not AuditEntry.objects.filter(action="documents.stay_document.downloaded").exists()


def test_a_document_with_the_address_needs_a_passkey_and_a_first_approval(
    stay_a: Any, cast: dict[str, Any], client_for: Any
) -> None:
    worker = cast["followup_worker_a"]
    document = _doc(stay_a, worker, contains_address=True)
    url = _download_url(document)
    # A GET only shows the button; the bytes never come on a GET.
    plain = client_for(worker)
    page = plain.get(url)
    assert page.status_code == 200 and page.get("Content-Disposition") is None
    # Without a fresh passkey: off to confirm, nothing downloaded.
    assert plain.post(url).status_code in (302, 403)
    # With one, but the first time: a second person must approve.
    strong = client_for(worker, webauthn=True)
    response = strong.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "access:address_request", args=[stay_a.booking.place.dwelling_id]
    )
    assert not AuditEntry.objects.filter(action="documents.stay_document.downloaded").exists()
    # Once the worker has had the address: the file, audited as an address read too.
    AddressDisclosure.objects.create(user=worker, dwelling=stay_a.booking.place.dwelling)
    response = strong.post(url)
    assert response.status_code == 200 and response.content == files.pdf("Plan for uke 3")
    assert AuditEntry.objects.filter(action="documents.stay_document.downloaded").count() == 1
    assert AuditEntry.objects.filter(action="housing.dwelling.address_viewed").count() == 1


def test_a_document_without_the_address_is_not_downloaded_by_post(
    stay_a: Any, cast: dict[str, Any], client_for: Any
) -> None:
    document = _doc(stay_a, cast["followup_worker_a"])
    assert client_for(cast["followup_worker_a"]).post(_download_url(document)).status_code == 405


def test_the_coordinator_keeps_documents_on_the_intake_person(
    person: Any, cast: dict[str, Any], client_for: Any
) -> None:
    client = client_for(cast["coordinator"])
    url = reverse("documents:person_documents", args=[person.pk])
    response = client.post(
        url,
        {
            "kind": "decision",
            "title": "Vedtak fra NAV",
            "file": SimpleUploadedFile("vedtak.png", files.png()),
        },
    )
    assert response.status_code == 302
    document = person.documents.get()
    page = client.get(url)
    assert "Vedtak fra NAV" in page.content.decode()
    download = client.get(
        reverse("documents:person_document_download", args=[person.pk, document.pk])
    )
    assert download.status_code == 200 and download.content == files.png()
    assert download["Content-Disposition"] == f'attachment; filename="dokument-{document.pk}.png"'
    # The offer's staff never see the intake's documents.
    worker = client_for(cast["followup_worker_a"])
    assert worker.get(url).status_code in (403, 404)
