"""Break-the-glass, two-person approval and the art. 15 report in a real browser.

* Charlie, a follow-up worker in municipality B, has no access to a resident
  of municipality A. He opens break-the-glass (first without a reason, which
  is refused), reads the resident, and Alice, the competence-team lead, sees
  the count on her start page and records her review.
* Berit asks to see a secret address for the first time; Bob, the offer's
  project lead, approves on a confirmation page; Berit sees the address once
  approved. Bob asks to export the resident list and Alice approves it.
* Alice produces an art. 15 report as PDF after checking identity.

axe runs on every page visited: 0 violations.
"""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from pypdf import PdfReader

from access.models import ApprovalRequest, BreakGlassAccess
from conftest import sign_in
from tests.browser.conftest import assert_no_axe_violations, follow
from tests.browser.test_stay import _allocated_stay

REASON = "Alarmen er utløst hos beboeren, og politiet ber om husstanden."


def open_as(
    page: Any,
    live_server: Any,
    user: Any,
    path: str,
    *,
    reauthenticated: bool = False,
    webauthn: bool = False,
) -> None:
    """Open a page with a signed-in session (both factors; optionally a fresh password).

    webauthn=True: a passkey was just used, as an address needs
    (tests/browser/test_passkey.py does that ceremony for real).
    """
    page.context.clear_cookies()
    client = sign_in(Client(), user, reauthenticated=reauthenticated, webauthn=webauthn)
    page.context.add_cookies(
        [
            {
                "name": "botilbud-session",
                "value": client.cookies["botilbud-session"].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/{path}")


def checked(page: Any) -> None:
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def submit(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()


def test_break_the_glass_is_opened_with_a_reason_and_reviewed_by_the_lead(
    page, live_server, cast, orgs
):
    stay = _allocated_stay(cast, orgs)
    charlie, alice = cast["followup_worker_b"], cast["coordinator"]

    open_as(page, live_server, charlie, "")
    follow(page, page.get_by_role("link", name="Nødtilgang", exact=True))
    checked(page)

    # The alarm central reads the reference out; Charlie types it in lower
    # case with a space. No reason: refused, what he typed stays, nothing opens.
    typed = stay.reference.lower().replace("-", " ")
    page.locator("#id_reference").fill(typed)
    submit(page)
    summary = page.locator(".ds-error-summary").inner_text()
    assert "Uten begrunnelse får du ikke tilgang" in summary
    assert page.locator("#id_reference").input_value() == typed
    assert BreakGlassAccess.objects.count() == 0
    checked(page)

    # With a reason, typed and sent with the keyboard alone.
    page.locator("#id_reason").focus()
    page.keyboard.type(REASON)
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the focused "Åpne nødtilgang" button
    assert "Nødtilgang er åpnet" in page.locator("h1").inner_text()
    assert BreakGlassAccess.objects.get().stay_id == stay.pk
    assert stay.reference not in page.url and typed not in page.url
    checked(page)
    follow(page, page.get_by_role("link", name="Gå til beboeren"))
    assert stay.person is not None
    assert stay.person.name in page.content()
    assert "Hemmeligveien" not in page.content()
    checked(page)

    # The lead sees the count on the start page and reviews.
    open_as(page, live_server, alice, "")
    assert "1 nødtilgang(er) venter på gjennomgang" in page.content()
    checked(page)
    follow(page, page.get_by_role("link", name="Nødtilganger til gjennomgang"))
    checked(page)
    access = BreakGlassAccess.objects.get()
    with page.expect_navigation():
        page.get_by_role("link", name=f"Nødtilgang {access.pk}").click()
    assert REASON in page.content()
    assert "stays.resident.viewed" in page.content()  # what was read through the access
    checked(page)
    page.get_by_label("Nei, tilgangen var ikke begrunnet").check()
    submit(page)
    assert "Skriv hva som skal skje videre" in page.locator(".ds-error-summary").inner_text()
    checked(page)
    page.get_by_label("Ja, tilgangen var begrunnet").check()
    submit(page)
    assert "Vurderingen er lagret." in page.content()
    assert "Ingen nødtilganger venter på gjennomgang." in page.content()
    checked(page)
    access.refresh_from_db()
    assert access.review == BreakGlassAccess.Review.JUSTIFIED and access.reviewed_by == alice


def test_an_address_is_shown_for_the_first_time_only_after_a_second_persons_approval(
    page, live_server, cast, orgs
):
    stay = _allocated_stay(cast, orgs)
    assert stay.booking is not None
    dwelling = stay.booking.place.dwelling
    berit, bob = cast["followup_worker_a"], cast["project_lead_a"]
    address_page = f"botilbud/boliger/{dwelling.pk}/adresse/"

    open_as(page, live_server, berit, address_page, reauthenticated=True, webauthn=True)
    checked(page)
    submit(page)  # "Vis adressen": first time, so a request form instead
    assert "Be om å se adressen" in page.locator("h1").inner_text()
    assert dwelling.address not in page.content()
    checked(page)
    submit(page)
    assert "Hvorfor trenger du dette?" in page.locator(".ds-error-summary").inner_text()
    checked(page)
    page.get_by_label("Hvorfor trenger du dette?").fill("Jeg skal følge beboeren hjem i kveld.")
    submit(page)
    assert "Forespørselen er sendt til godkjenning." in page.content()
    assert "Du får ikke godkjenne den selv" in page.content()
    checked(page)

    open_as(page, live_server, bob, "")
    assert "1 forespørsel(er) venter på din godkjenning" in page.content()
    follow(page, page.get_by_role("link", name="Godkjenning av en annen person").first)
    checked(page)
    follow(page, page.get_by_role("link", name="Vise en hemmelig adresse til en ny person"))
    checked(page)
    follow(page, page.get_by_role("link", name="Godkjenn", exact=True))
    assert "Bekreft godkjenning" in page.locator("h1").inner_text()
    checked(page)
    submit(page)
    assert "Forespørselen er godkjent." in page.content()
    checked(page)

    open_as(
        page,
        live_server,
        berit,
        f"tilgang/adresse/{dwelling.pk}/",
        reauthenticated=True,
        webauthn=True,
    )
    assert "godkjent" in page.content()
    checked(page)
    follow(page, page.get_by_role("link", name="Gå til adressen"))
    submit(page)
    assert dwelling.address in page.content()
    checked(page)
    approval = ApprovalRequest.objects.get()
    assert approval.decided_by == bob and approval.used_at is not None


def test_a_resident_list_export_is_approved_by_another_person(page, live_server, cast, orgs):
    stay = _allocated_stay(cast, orgs)
    bob, alice = cast["project_lead_a"], cast["coordinator"]

    open_as(page, live_server, bob, f"botilbud/{stay.offer.pk}/", reauthenticated=True)
    follow(page, page.get_by_role("link", name="Eksporter beboerlisten (krever godkjenning)"))
    checked(page)
    page.get_by_label("Hvorfor trenger du dette?").fill("Tilsynet ber om listen over beboere.")
    submit(page)
    assert "Forespørselen venter på godkjenning." in page.content()
    checked(page)

    open_as(page, live_server, alice, "tilgang/godkjenninger/")
    checked(page)
    follow(page, page.get_by_role("link", name="Eksport av personopplysninger"))
    follow(page, page.get_by_role("link", name="Godkjenn", exact=True))
    checked(page)
    submit(page)
    assert "Forespørselen er godkjent." in page.content()

    open_as(page, live_server, bob, f"tilgang/beboerliste/{stay.offer.pk}/", reauthenticated=True)
    checked(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned beboerlisten (CSV)").click()
    with open(download.value.path(), encoding="utf-8-sig") as csv:
        assert stay.person is not None and stay.person.name in csv.read()
    page.reload()
    assert "Be om godkjenning" in page.content()  # used once: a new export needs a new request
    checked(page)


def test_an_art_15_report_is_produced_as_pdf_after_an_identity_check(page, live_server, cast, orgs):
    stay = _allocated_stay(cast, orgs)
    assert stay.person is not None
    alice = cast["coordinator"]

    open_as(page, live_server, alice, "", reauthenticated=True)
    follow(page, page.get_by_role("link", name="Innsyn (GDPR artikkel 15)"))
    checked(page)
    page.get_by_label("Fødselsnummer (11 sifre)").fill(stay.person.identity_number)
    submit(page)  # no identity check yet
    summary = page.locator(".ds-error-summary").inner_text()
    assert "Du må kontrollere identiteten før du lager rapporten." in summary
    assert page.get_by_label("Fødselsnummer (11 sifre)").input_value() == (
        stay.person.identity_number
    )
    checked(page)

    page.get_by_label("Jeg har kontrollert at den som ber om innsyn, er denne personen").check()
    page.get_by_label("Personlig oppmøte med legitimasjon").check()
    with page.expect_download() as download:
        page.locator("main form[method=post] button[type=submit]").last.click()
    with open(download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert "Innsyn: opplysninger vi har om deg" in text
    assert stay.person.name in text
    assert "Når og hvorfor opplysningene er sett eller endret" in text
    assert "bob" not in text.lower() and "alice" not in text.lower()
    assert "Hemmeligveien" not in text
