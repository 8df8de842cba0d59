"""The art. 15 report lists which documents exist about the person, never what is in them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from core.files.samples import minimal_pdf
from documents import selectors, services
from documents.models import DocumentPerson, DocumentStay
from oversight import art15
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_report_names_the_documents_and_their_downloads_not_their_content(
    cast: dict[str, Any], stay_a: Any
) -> None:
    person = f.PersonFactory.create()
    stay_a.person = person
    stay_a.save()
    worker, coordinator = cast["followup_worker_a"], cast["coordinator"]
    on_stay = services.stay_document_add(
        stay=stay_a,
        by=worker,
        upload=SimpleUploadedFile("plan.pdf", minimal_pdf("HEMMELIG-INNHOLD-1")),
        kind="plan",
        title="Ukeplan",
    )
    services.person_document_add(
        person=person,
        by=coordinator,
        upload=SimpleUploadedFile("vedtak.pdf", minimal_pdf("HEMMELIG-INNHOLD-2")),
        kind="decision",
        title="Vedtak om bostøtte",
    )
    selectors.stay_documents(fetched_by=worker, stay=DocumentStay.objects.get(pk=stay_a.pk))
    selectors.person_documents(
        fetched_by=coordinator, person=DocumentPerson.objects.get(pk=person.pk)
    )
    selectors.stay_document_download(fetched_by=worker, document=on_stay)

    report = art15.build_report(person=person, include_names=False)
    (section,) = [s for s in report.sections if s.heading == "Dokumenter i saken"]
    shown = {label: value for item in section.items for label, value in item.rows}
    titles = sorted(
        value for item in section.items for label, value in item.rows if label == "Tittel"
    )
    assert titles == ["Ukeplan", "Vedtak om bostøtte"]
    assert "Innhold" not in shown and shown["Filtype"] == "application/pdf"
    what = {row.what for row in report.log}
    assert {
        "Dokument i oppholdet: lastet ned",
        "Dokumenter i oppholdet: listen sett",
        "Dokumenter i inntaket: listen sett",
    } <= what

    _row, pdf = art15.generate(
        user=coordinator,
        person_id=person.pk,
        identity_checked=True,
        identity_method="other",
        identity_note="Pass vist",
    )
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Vedtak om bostøtte" in text
    assert "HEMMELIG-INNHOLD" not in text
