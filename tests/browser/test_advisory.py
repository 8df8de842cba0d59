"""Råd og veiledning in a real browser, as the team's coordinator.

Record an anonymous advisory contact (a missing topic refused first), see it
in the list, turn it into an inquiry whose facts are already filled in,
record a course (zero participants refused first), and see the year's
counts on the statistics page. Every page is checked with axe.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import enrol_totp
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, assert_no_axe_violations, login, totp_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "korrekt-hest-batteri-stift"  # set by the root conftest's `member`


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
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=name).first.click()


def test_a_coordinator_records_advice_turns_it_into_an_inquiry_and_counts_it(
    browser: Browser, live_server: Any, cast: dict[str, Any]
) -> None:
    from core import dates

    today = dates.today()
    enrol_totp(cast["coordinator"])
    page = sign_in(browser, live_server, cast["coordinator"])

    follow(page, "Råd og veiledning")
    expect(page.locator("h1")).to_have_text("Råd og veiledning")
    assert_no_axe_violations(page)

    # An anonymous contact; without a topic first: refused, nothing saved.
    follow(page, "Registrer rådgivning")
    page.locator("#id_asked_by_1").check()  # a service
    page.locator("#id_service_kind").select_option(label="Barnevernet")
    page.locator("#id_channel_1").check()  # e-mail
    page.locator("#id_actions_0").check()  # advice
    page.locator("#id_note").fill("Saksbehandler spurte om en 19-åring")
    submit(page, "Registrer rådgivningen")
    expect(page.locator("main")).to_contain_text("Velg minst ett tema.")
    assert_no_axe_violations(page)
    page.locator("#id_topics_0").check()  # forced marriage
    submit(page, "Registrer rådgivningen")
    expect(page.get_by_text("Rådgivningen er registrert.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Anonym")
    assert_no_axe_violations(page)

    # In the list, newest first.
    follow(page, "All rådgivning")
    row = page.locator("main table tbody tr").first
    expect(row).to_contain_text("Barnevernet")
    expect(row).to_contain_text("Tvangsekteskap")
    assert_no_axe_violations(page)

    # One click from the contact to an inquiry, its facts filled in.
    with page.expect_navigation():
        row.get_by_role("link").click()
    follow(page, "Gjør om til henvendelse")
    expect(page.locator("#id_received_on")).to_have_value(today.isoformat())
    expect(page.locator("input[name=contact_kind][value=child_welfare]")).to_be_checked()
    expect(page.locator("input[name=channel][value=email]")).to_be_checked()
    expect(page.locator("#id_reason")).to_have_value(
        f"Fra rådgivning {today:%d.%m.%Y}. Tema: tvangsekteskap eller trussel om det.\n"
        "Saksbehandler spurte om en 19-åring"
    )
    assert_no_axe_violations(page)
    submit(page, "Registrer henvendelsen")
    expect(page.get_by_text("Henvendelsen er registrert fra rådgivningen.")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("Henvendelse")
    assert_no_axe_violations(page)

    # A course; zero participants first: refused.
    page.goto(f"{live_server.url}/radgivning/")
    follow(page, "Registrer kurs eller foredrag")
    page.locator("#id_audience_2").check()  # school
    page.locator("#id_participants").fill("0")
    submit(page, "Registrer kurset")
    expect(page.locator("main")).to_contain_text("Antall deltakere må være minst 1.")
    assert_no_axe_violations(page)
    page.locator("#id_participants").fill("28")
    page.locator("#id_place").fill("Agder")
    submit(page, "Registrer kurset")
    expect(page.get_by_text("Kurset er registrert.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Agder")
    assert_no_axe_violations(page)

    # The year's counts on the statistics page, next to the evaluation's series.
    page.goto(
        f"{live_server.url}/rapportering/statistikk/?fra={today.year}-01-01&til={today.isoformat()}"
    )
    section = page.locator("#stat-advisory").locator("xpath=..")
    expect(section.locator("thead")).to_contain_text(str(today.year))

    def cell(label: str) -> Any:
        # One year in the period: its column is the first after the label.
        return section.locator(f"th:text-is('{label}') + td")

    expect(cell("Deltakere på kurs og foredrag")).to_have_text("28")
    expect(cell("Kurs og foredrag")).to_have_text("1")
    # One contact: a count below five is shown as «<5».
    expect(cell("Rådgivninger i alt")).to_have_text("<5")
    expect(page.locator("main")).to_contain_text("248, 276 og 378")
    assert_no_axe_violations(page)
