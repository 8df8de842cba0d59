"""Documents of a case in a real browser: the follow-up worker on the resident's page and the
coordinator on the intake person's page upload a real PDF, see it listed, download it, and
get a plain refusal for a PNG named .pdf; 0 axe violations on every page shown."""

from __future__ import annotations

from typing import Any

from core.files.samples import minimal_pdf
from core.tests import files
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_every_page_axe import open_as

PDF = minimal_pdf("Samtykke til samarbeid med NAV")


def _upload(page: Any, *, kind: str, title: str, name: str, data: bytes, mime: str) -> None:
    page.get_by_label("Hva slags dokument").select_option(label=kind)
    page.get_by_label("Tittel").fill(title)
    page.get_by_label("Fil", exact=True).set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Last opp dokumentet").click()


def _check(page: Any) -> None:
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def _download_and_refuse(page: Any, title: str) -> None:
    page.get_by_text("Dokumentet er lagret.").wait_for()
    row = page.locator("#document-table tbody tr").first
    assert title in row.inner_text()
    _check(page)
    with page.expect_download() as info:
        row.get_by_role("link").click()
    download = info.value
    assert download.suggested_filename.startswith("dokument-")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as saved:
        assert saved.read() == PDF

    _upload(
        page, kind="Brev", title="Bilde", name="bilde.pdf", data=files.png(), mime="application/pdf"
    )
    message = "Filnavnet slutter på «.pdf», men filen er en PNG-fil."
    assert page.locator(".ds-validation-message", has_text=message).count() == 1
    assert page.locator("#document-table tbody tr").count() == 1
    _check(page)


def test_the_followup_worker_keeps_a_document_on_the_resident(page, live_server, cast, orgs):
    stay = f.StayFactory.create(offer__municipality=orgs["municipality_a"])
    open_as(page, live_server, cast["followup_worker_a"], f"dokumenter/opphold/{stay.pk}/")
    page.get_by_text("Ingen dokumenter ennå.").wait_for()
    _check(page)
    _upload(
        page,
        kind="Signert samtykke",
        title="Samtykke til NAV, signert",
        name="samtykke.pdf",
        data=PDF,
        mime="application/pdf",
    )
    _download_and_refuse(page, "Samtykke til NAV, signert")


def test_the_coordinator_keeps_a_document_on_the_intake_person(page, live_server, cast):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    open_as(page, live_server, cast["coordinator"], f"inntak/kartlegginger/{assessment.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Dokumenter i inntaket").click()
    _check(page)
    _upload(
        page,
        kind="Vedtak",
        title="Vedtak om økonomisk sosialhjelp",
        name="vedtak.PDF",
        data=PDF,
        mime="application/pdf",
    )
    _download_and_refuse(page, "Vedtak om økonomisk sosialhjelp")
