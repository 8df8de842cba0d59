"""Routines and the offer's information sheet in a real browser, axe on every page on the way.

The project lead writes and approves a routine (a review date before the
approval date is refused first) and writes the sheet; a follow-up worker is
told on the start page to read it and confirms; the coordinator opens the
sheet from the page where a place is picked, and its PDF; the directorate
representative sees the status table and is refused the text, until the
project lead shares the approved routines and the directorate reads them.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from playwright.sync_api import expect

from conftest import sign_in
from core import dates
from tests.browser.conftest import assert_no_axe_violations, follow

TEXT = "Politiet holder sikkerhetssamtalen de første dagene."


def use_session(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    client = sign_in(Client(), user)
    page.context.add_cookies(
        [
            {
                "name": "botilbud-session",
                "value": client.cookies["botilbud-session"].value,
                "url": live_server.url,
            }
        ]
    )


def test_routines_from_writing_to_reading_and_the_national_status(
    page: Any, live_server: Any, cast: dict[str, Any], orgs: dict[str, Any]
) -> None:
    from tests.factories import AssessmentFactory, DwellingFactory, OfferFactory

    offer: Any = OfferFactory(municipality=orgs["municipality_a"], name="Tilbud A")
    DwellingFactory(offer=offer, label="A-1")
    today = dates.today()

    # --- the project lead writes and approves a routine ------------------------------
    use_session(page, live_server, cast["project_lead_a"])
    page.goto(live_server.url + "/")
    follow(page, page.get_by_role("link", name="Rutiner i botilbudene"))
    expect(page.locator("h1")).to_have_text("Rutiner i botilbudene")
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("link", name="Les rutinene i Tilbud A"))
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("link", name="Sikkerhetsarbeid", exact=True))
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("link", name="Skriv rutinen"))
    assert_no_axe_violations(page)
    page.get_by_label("Rutinen").fill(TEXT + "\n\n- Alarmen\n- Telefonen")
    follow(page, page.get_by_role("button", name="Lagre som utkast"))
    expect(page.get_by_text("Utkast som venter på godkjenning (versjon 1)")).to_be_visible()
    follow(page, page.get_by_role("link", name="Godkjenn utkastet"))
    assert_no_axe_violations(page)
    page.get_by_label("Godkjent dato").fill(today.isoformat())
    page.get_by_label("Neste gjennomgang").fill(dates.add_months(today, -1).isoformat())
    follow(page, page.get_by_role("button", name="Godkjenn rutinen"))
    expect(
        page.get_by_text("Neste gjennomgang må være etter datoen rutinen er godkjent.").first
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Neste gjennomgang").fill(dates.add_months(today, 12).isoformat())
    follow(page, page.get_by_role("button", name="Godkjenn rutinen"))
    expect(page.get_by_text("Gjeldende rutine (versjon 1)")).to_be_visible()
    assert_no_axe_violations(page)

    # --- and writes the information sheet ------------------------------------------
    follow(page, page.get_by_role("link", name="Alle rutiner i Tilbud A"))
    follow(page, page.get_by_role("link", name="Informasjon om botilbudet (ikke skrevet ennå)"))
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("link", name="Skriv informasjonen"))
    assert_no_axe_violations(page)
    page.get_by_label("Hvem tilbudet passer for (bokmål)").fill("Unge voksne over 18 år")
    page.get_by_label("Hvem tilbudet passer for (engelsk)").fill("Young adults over 18")
    follow(page, page.get_by_role("button", name="Lagre"))
    expect(page.get_by_text("Young adults over 18")).to_be_visible()
    assert_no_axe_violations(page)

    # --- a follow-up worker is told to read it, and confirms -----------------------
    use_session(page, live_server, cast["followup_worker_a"])
    page.goto(live_server.url + "/")
    work = page.get_by_role("link", name="1 rutine du ikke har bekreftet at du har lest")
    expect(work).to_be_visible()
    follow(page, work)
    follow(page, page.get_by_role("link", name="Les rutinene i Tilbud A"))
    expect(page.get_by_text("Ikke lest")).to_be_visible()
    follow(page, page.get_by_role("link", name="Sikkerhetsarbeid", exact=True))
    expect(page.get_by_text(TEXT).first).to_be_visible()
    follow(page, page.get_by_role("button", name="Jeg har lest rutinen"))
    expect(page.get_by_text("Du har bekreftet at du har lest denne versjonen")).to_be_visible()
    assert_no_axe_violations(page)

    # --- the coordinator finds the sheet where a place is picked -------------------
    assessment: Any = AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    use_session(page, live_server, cast["coordinator"])
    page.goto(f"{live_server.url}/inntak/kartlegginger/{assessment.pk}/tildeling/")
    sheet_link = page.get_by_role("link", name="Informasjon om botilbudet")
    follow(page, sheet_link.first)
    expect(page.get_by_text("Unge voksne over 18 år")).to_be_visible()
    assert_no_axe_violations(page)
    # WeasyPrint's first load takes seconds on a busy machine.
    pdf = page.request.get(
        f"{live_server.url}/rutiner/informasjon/{offer.pk}/information.pdf", timeout=120_000
    )
    assert pdf.headers["content-type"] == "application/pdf"

    # --- the directorate representative: the status, never the text ---------------
    use_session(page, live_server, cast["directorate_representative"])
    page.goto(f"{live_server.url}/rutiner/")
    page.get_by_text("Rutinene i Tilbud A").click()
    expect(page.get_by_role("cell", name="Godkjent").first).to_be_visible()
    expect(page.get_by_text(TEXT)).to_have_count(0)
    assert_no_axe_violations(page)
    response = page.goto(f"{live_server.url}/rutiner/botilbud/{offer.pk}/security_work/")
    assert response is not None and response.status == 404

    # --- the project lead shares the approved routines; the directorate reads them --
    use_session(page, live_server, cast["project_lead_a"])
    page.goto(f"{live_server.url}/rutiner/botilbud/{offer.pk}/")
    expect(page.get_by_text("Rutinene er ikke delt")).to_be_visible()
    page.get_by_label("Del de godkjente rutinene med direktoratet").check()
    follow(page, page.get_by_role("button", name="Lagre valget"))
    expect(page.get_by_text("De godkjente rutinene er nå delt med direktoratet.")).to_be_visible()
    assert_no_axe_violations(page)
    use_session(page, live_server, cast["directorate_representative"])
    page.goto(f"{live_server.url}/rutiner/")
    follow(page, page.get_by_role("link", name="Les rutinene i Tilbud A"))
    assert_no_axe_violations(page)
    follow(page, page.get_by_role("link", name="Sikkerhetsarbeid", exact=True))
    expect(page.get_by_text(TEXT).first).to_be_visible()
    expect(page.get_by_role("button", name="Jeg har lest rutinen")).to_have_count(0)
    assert_no_axe_violations(page)


def test_a_routine_as_an_attached_document_uploaded_and_downloaded(
    page: Any, live_server: Any, cast: dict[str, Any], orgs: dict[str, Any]
) -> None:
    from core.files.samples import minimal_pdf
    from tests.factories import OfferFactory

    offer: Any = OfferFactory(municipality=orgs["municipality_a"], name="Tilbud A")
    data = minimal_pdf("Rutine for sikkerhetsarbeid")
    use_session(page, live_server, cast["project_lead_a"])
    page.goto(f"{live_server.url}/rutiner/botilbud/{offer.pk}/security_work/ny-versjon/")
    assert_no_axe_violations(page)
    # Neither text nor file: refused in plain words.
    follow(page, page.get_by_role("button", name="Lagre som utkast"))
    expect(page.get_by_text("Skriv rutinen eller legg ved et dokument.").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Vedlagt dokument (valgfritt)").set_input_files(
        {"name": "rutine.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    follow(page, page.get_by_role("button", name="Lagre som utkast"))
    expect(page.get_by_text("Utkast som venter på godkjenning (versjon 1)")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned vedlagt dokument").first.click()
    download = info.value
    assert download.suggested_filename.startswith("rutine-")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as saved:
        assert saved.read() == data
