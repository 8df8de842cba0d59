"""Meetings in a real browser: the follow-up worker plans a meeting, adds participants (one
refused for lack of consent), writes minutes and a task, sees the task on the start page and
downloads the minutes PDF; the project lead reads it. 0 axe violations on every page."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from core import dates
from tests.browser.conftest import assert_no_axe_violations, follow
from tests.browser.test_every_page_axe import open_as


@pytest.fixture(scope="module", autouse=True)
def _warm_weasyprint() -> None:
    """Render one PDF before the first page: WeasyPrint's cold start inside the live
    server can outlast the download's timeout."""
    from core.pdf import render_pdf

    render_pdf("stays/timetable_pdf.html", {"items": []})


def _stay(orgs: dict[str, Any]) -> Any:
    from housing.models import Offer, PartnerService
    from stays.models import Stay

    today = dates.today()
    offer = Offer.objects.create(
        municipality=orgs["municipality_a"],
        name="Leilighetene",
        offer_type=Offer.Type.APARTMENT,
        intensity=Offer.Intensity.MEDIUM,
        on_call=Offer.OnCall.CRISIS_CENTRE,
    )
    PartnerService.objects.create(offer=offer, kind="nav", name="NAV Testby")
    PartnerService.objects.create(offer=offer, kind="school", name="Skolen Testby")
    return Stay.objects.create(
        offer=offer,
        status=Stay.Status.LIVING,
        allocated_on=today - dt.timedelta(days=33),
        moved_in_on=today - dt.timedelta(days=30),
    )


def _check(page: Any) -> None:
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_a_meeting_from_plan_to_minutes_pdf(page, live_server, cast, orgs):
    stay = _stay(orgs)
    worker = cast["followup_worker_a"]
    today = dates.today()
    open_as(page, live_server, worker, f"moter/{stay.pk}/")
    page.get_by_text("Ingen møter ennå.").wait_for()
    _check(page)

    # The resident consents to NAV, not to the school.
    follow(page, page.get_by_role("link", name="Registrer samtykke"))
    _check(page)
    page.get_by_label("Tjeneste beboeren samtykker til").select_option(label="NAV: NAV Testby")
    page.get_by_label("Samtykke gitt").fill((today - dt.timedelta(days=5)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre samtykket").click()
    page.get_by_text("Samtykket er registrert.").wait_for()
    _check(page)

    follow(page, page.get_by_role("link", name="Planlegg et møte"))
    _check(page)
    page.get_by_label("Type møte").select_option(label="Strategimøte etter bruddet")
    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Klokkeslett").fill("10:00")
    page.get_by_label("Saksliste").fill("Skole og økonomi")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre møtet").click()
    page.get_by_text("Møtet er planlagt. Legg til deltakere.").wait_for()
    _check(page)

    # The school has no consent: refused, in Norwegian, and nothing is added.
    follow(page, page.get_by_role("link", name="Legg til deltaker"))
    _check(page)
    page.get_by_label("Tjeneste", exact=True).select_option(label="Skole: Skolen Testby")
    page.get_by_role("button", name="Legg til", exact=True).click()
    page.get_by_text("Beboeren har ikke gitt samtykke som gjelder Skolen Testby").first.wait_for()
    _check(page)
    page.get_by_label("Tjeneste", exact=True).select_option(label="NAV: NAV Testby")
    with page.expect_navigation():
        page.get_by_role("button", name="Legg til", exact=True).click()
    page.get_by_text("Deltakeren er lagt til.").wait_for()
    assert "Skolen Testby" not in page.locator("main").inner_text()
    _check(page)

    follow(page, page.get_by_role("link", name="Skriv referat"))
    _check(page)
    page.get_by_label("Referat").fill("Beboeren starter på skolen i august.")
    page.get_by_label("Beslutninger").fill("NAV behandler søknaden.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre referatet").click()
    page.get_by_text("Beboeren starter på skolen i august.").wait_for()
    _check(page)

    follow(page, page.get_by_role("link", name="Ny oppgave"))
    _check(page)
    page.get_by_label("Hva skal gjøres").fill("Ringe skolen")
    page.get_by_label("Frist").fill(today.isoformat())
    page.get_by_role("button", name="Lagre oppgaven").click()
    page.get_by_text("Velg én ansvarlig").first.wait_for()  # no responsible
    _check(page)
    assert page.get_by_label("Hva skal gjøres").input_value() == "Ringe skolen"
    page.get_by_label("Ansvarlig").select_option(value=f"user:{worker.pk}")
    page.get_by_label("Frist").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Lagre oppgaven").click()
    page.get_by_text("Fristen kan ikke være før møtet.").first.wait_for()
    _check(page)
    page.get_by_label("Frist").fill(today.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre oppgaven").click()
    page.get_by_text("Oppgaven er registrert.").wait_for()
    _check(page)

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="Last ned referatet (PDF)").click(no_wait_after=True)
    assert download.value.suggested_filename == "motereferat.pdf"
    with open(download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert "Beboeren starter på skolen i august." in text and "NAV Testby" in text
    assert "Leilighetene" not in text  # no offer, so no place

    # The task is a deadline on the worker's start page.
    page.goto(f"{live_server.url}/")
    _check(page)
    follow(page, page.get_by_role("link", name="Mine frister").first)
    page.get_by_role("link", name="Oppgave etter møte").wait_for()
    _check(page)

    # The project lead reads the meeting with its minutes.
    open_as(page, live_server, cast["project_lead_a"], f"moter/{stay.pk}/")
    _check(page)
    follow(page, page.locator("table a.ds-link").first)
    page.get_by_text("Beboeren starter på skolen i august.").wait_for()
    _check(page)
