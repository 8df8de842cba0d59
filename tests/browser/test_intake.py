"""Intake in a real browser: inquiry -> assessment -> consent -> threat assessment -> matching -> proposal -> acceptance.

Three people take part, as in real life: the coordinator, the team's police
representative and the project lead of municipality A. Every page is checked
with axe. Selectors are ids, roles and visible text, never classes.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import enrol_totp
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, assert_no_axe_violations, login, totp_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "korrekt-hest-batteri-stift"  # set by the root conftest's `member`


@pytest.fixture
def people(cast: dict[str, Any], orgs: dict[str, Any]) -> dict[str, Any]:
    from tests import factories as f

    for role in ("coordinator", "police_representative", "project_lead_a"):
        enrol_totp(cast[role])
    # A free, cleared place in A, and an offer in B that does not take men.
    f.cleared_place(municipality=orgs["municipality_a"], by=cast["coordinator"], name="Tilbud A")
    f.cleared_place(
        municipality=orgs["municipality_b"], by=cast["coordinator"], name="Tilbud B", fits_men=False
    )
    return cast


def sign_in(browser: Browser, live_server: Any, user: Any) -> Page:
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    login(page, live_server, user.username, PASSWORD, totp_secret(user))
    return page


def submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def follow(page: Page, name: str) -> None:
    """Follow a link in the page's content (the main menu's short words would match first)."""
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=name).first.click()


def new_inquiry(page: Page) -> None:
    follow(page, "Gå til arbeidsbenken")
    expect(page.locator("h1")).to_have_text("Arbeidsbenk for Kompetanseteamet")
    assert_no_axe_violations(page)
    follow(page, "Registrer ny henvendelse")
    assert_no_axe_violations(page)
    page.locator("#id_contact_kind_1").check()
    page.locator("#id_channel_0").check()
    page.locator("#id_reason").fill("Ringte fra krisesenteret")
    submit(page, "Registrer henvendelsen")
    expect(page.get_by_text("Henvendelsen er registrert.")).to_be_visible()
    assert_no_axe_violations(page)


def test_it_walks_from_inquiry_to_accepted_place(
    browser: Browser, live_server: Any, people: Any
) -> None:
    from referrals.identity import synthetic_identity_number
    from tests.factories import years_ago

    coordinator = sign_in(browser, live_server, people["coordinator"])
    new_inquiry(coordinator)

    follow(coordinator, "Kartlegg personen")
    assert_no_axe_violations(coordinator)
    # A bad check digit first: the error shows, nothing is saved, input stays.
    number = synthetic_identity_number(years_ago(23))
    bad = number[:-1] + str((int(number[-1]) + 1) % 10)
    coordinator.locator("#id_name").fill("Browser Person")
    coordinator.locator("#id_identity_number").fill(bad)
    coordinator.locator("#id_gender_1").check()  # male: offer B does not fit
    coordinator.locator("#id_assessed_by_0").check()
    coordinator.locator("#id_need_status_0").check()
    coordinator.locator("#id_ground_fear_forced_marriage").check()
    coordinator.locator("#id_benefit_status_0").check()
    coordinator.locator("#id_wants_it").check()
    coordinator.locator("#id_threat_status_0").check()
    coordinator.locator("#id_lawful_residence_0").check()
    coordinator.locator("#id_followup_intensity_1").check()
    coordinator.locator("#id_wishes").fill("Vil ta fagbrev")
    submit(coordinator, "Lagre kartleggingen")
    summary = coordinator.locator("ds-error-summary, .ds-error-summary").first
    expect(summary).to_contain_text("kontrollsifferet stemmer ikke")
    expect(coordinator.locator("#id_name")).to_have_value("Browser Person")
    assert_no_axe_violations(coordinator)
    coordinator.locator("#id_identity_number").fill(number)
    submit(coordinator, "Lagre kartleggingen")
    expect(coordinator.locator("h1")).to_contain_text("Kartlegging av Browser Person")
    expect(coordinator.get_by_text("Venter på samtykke").first).to_be_visible()
    assert_no_axe_violations(coordinator)

    # Next step: consent to share with the police, then share.
    follow(coordinator, "Registrer samtykke til å dele med politiet")
    assert_no_axe_violations(coordinator)
    coordinator.locator("#id_purpose_0").check()
    coordinator.locator("#id_recipient_kind_1").check()
    coordinator.locator("#id_method_0").check()
    submit(coordinator, "Registrer samtykket")
    follow(coordinator, "Registrer samtykke")
    coordinator.locator("#id_purpose_1").check()
    coordinator.locator("#id_recipient_kind_2").check()
    coordinator.locator("#id_recipient_organisation").select_option(label="Kommune A")
    coordinator.locator("#id_method_1").check()
    submit(coordinator, "Registrer samtykket")
    follow(coordinator, "Del saken med politiet for trusselvurdering")
    assert_no_axe_violations(coordinator)
    coordinator.locator("#id_recipient_kind_1").check()
    submit(coordinator, "Del med politiet")
    expect(coordinator.get_by_text("Venter på trusselvurdering").first).to_be_visible()
    assessment_url = coordinator.url

    # The police representative writes the threat assessment.
    police = sign_in(browser, live_server, people["police_representative"])
    follow(police, "Trusselvurderinger")
    assert_no_axe_violations(police)
    follow(police, "Skriv trusselvurdering for Browser Person")
    assert_no_axe_violations(police)
    police.locator("#id_assessed_by_1").check()
    police.locator("#id_risk_level_2").check()
    police.get_by_label("Kommune B").check()
    police.locator("#id_details").fill("Onkel i Kommune B")
    police.get_by_label("Voldsalarm").check()
    submit(police, "Lagre trusselvurderingen")
    expect(police.get_by_text("Onkel i Kommune B")).to_be_visible()
    assert_no_axe_violations(police)

    # Matching with reasons, then the proposal.
    coordinator.goto(assessment_url)
    expect(coordinator.get_by_text("Onkel i Kommune B")).to_have_count(0)
    follow(coordinator, "Finn plass og foreslå den for botilbudet")
    expect(
        coordinator.get_by_text("Kommunen er på trusselvurderingens unngå-liste")
    ).to_be_visible()
    expect(coordinator.get_by_text("Passer ikke for menn")).to_be_visible()
    assert_no_axe_violations(coordinator)
    coordinator.locator("#id_arrival_notes").fill("Kommer med buss")
    submit(coordinator, "Foreslå plassen")
    expect(coordinator.get_by_text(re.compile("Plassen er foreslått og holdes"))).to_be_visible()
    assert_no_axe_violations(coordinator)

    # The project lead of A reads the package and accepts.
    lead = sign_in(browser, live_server, people["project_lead_a"])
    follow(lead, "Forslag om tildeling")
    assert_no_axe_violations(lead)
    follow(lead, "Forslag")
    expect(lead.get_by_text("Vil ta fagbrev")).to_be_visible()
    expect(lead.get_by_text("Onkel i Kommune B")).to_have_count(0)
    assert_no_axe_violations(lead)
    lead.locator("#id_decision_0").check()
    submit(lead, "Send svar")
    expect(lead.get_by_text("Dere har tatt imot personen. Oppholdet er opprettet.")).to_be_visible()
    assert_no_axe_violations(lead)

    from stays.models import Stay

    assert Stay.objects.filter(status="allocated").count() == 1


def test_it_closes_an_inquiry_without_a_place(
    browser: Browser, live_server: Any, people: Any
) -> None:
    coordinator = sign_in(browser, live_server, people["coordinator"])
    new_inquiry(coordinator)
    follow(coordinator, "Avslutt uten plass")
    assert_no_axe_violations(coordinator)
    submit(coordinator, "Avslutt uten plass")
    expect(coordinator.locator("#id_guidance")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(coordinator)
    coordinator.locator("#id_no_place_reason_2").check()
    coordinator.locator("#id_guidance").fill("Rådet om kontakt med politiet")
    submit(coordinator, "Avslutt uten plass")
    expect(coordinator.get_by_text("Henvendelsen er avsluttet uten plass.")).to_be_visible()
    expect(coordinator.get_by_text("Flyttet til slekt")).to_be_visible()
    assert_no_axe_violations(coordinator)
