"""Enrolment links in a real browser (SECURITY.md 32): password and TOTP on one page.

The administrator makes a user and copies the link from the page it is shown
on once; the person opens it in another browser, gets a Norwegian error next
to the field for a wrong code, then sets password and code and lands on the
start page. axe finds nothing on any of these pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import enrol_totp
from tests.browser.conftest import (
    DEFAULT_TIMEOUT_MS,
    assert_no_axe_violations,
    login,
    totp_code,
    totp_secret,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "korrekt-hest-batteri-stift"  # set by the root conftest's `member`
NEW_PASSWORD = "sykkel-fjord-lampe-ekorn"


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Ta i bruk kontoen").click()


def enrol_in(page: Page, live_server: Any, url: str) -> None:
    """Open the link, show one wrong code (error next to the field), then enrol for real."""
    page.goto(live_server.url + urlsplit(url).path)
    expect(page).to_have_url(re.compile(r"/konto/aktiver/$"))
    expect(page.locator("h1")).to_have_text("Ta i bruk Botilbud")
    assert_no_axe_violations(page)
    secret = page.locator("#authenticator_secret").inner_text().strip()

    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    right = totp_code(secret)
    page.locator("#id_code").fill("000000" if right != "000000" else "111111")
    submit(page)
    expect(page.locator("#id_code_error")).to_contain_text("Koden stemmer ikke")
    expect(page.locator(".ds-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    # The same secret again: the app was already set up with it.
    assert page.locator("#authenticator_secret").inner_text().strip() == secret

    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("#id_code").fill(totp_code(secret))
    submit(page)


def test_a_new_user_enrols_with_the_link_and_lands_on_the_start_page(
    page: Page, live_server: Any, orgs: dict[str, Any], member: Callable[..., Any]
) -> None:
    from access.signin import enrolment
    from accounts.models import EnrolmentLink, Membership, Role, User

    nora = User(username="nora", first_name="Nora")
    nora.set_unusable_password()
    nora.save()
    Membership.objects.create(user=nora, organisation=orgs["team"], role=Role.COORDINATOR)
    issued = enrolment.issue_link(
        user=nora, by=None, purpose=EnrolmentLink.Purpose.NEW_USER, mail=False
    )

    enrol_in(page, live_server, issued.url)

    assert page.url.rstrip("/") == live_server.url
    expect(page.locator("h1")).to_contain_text("Hei")
    expect(page.get_by_text("Kontoen din er klar")).to_be_visible()
    assert_no_axe_violations(page)

    # The link is used up: a second visit gets the neutral page.
    page.context.clear_cookies()
    page.goto(live_server.url + urlsplit(issued.url).path)
    expect(page.locator("h1")).to_have_text("Lenken virker ikke")
    assert_no_axe_violations(page)


def test_the_administrator_hands_over_a_link_and_asks_for_a_reset(
    browser: Browser, page: Page, live_server: Any, cast: dict[str, Any]
) -> None:
    sam = cast["sysadmin"]
    enrol_totp(sam)
    login(page, live_server, sam.username, PASSWORD, totp_secret(sam))

    page.goto(f"{live_server.url}/admin/accounts/user/add/")
    assert page.locator("#id_password1").count() == 0
    assert_no_axe_violations(page)
    page.locator("#id_username").fill("nora")
    page.locator("#id_first_name").fill("Nora")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator("h1")).to_have_text("Brukeren er opprettet")
    assert_no_axe_violations(page)
    url = page.locator("#enrolment-link").input_value()

    # A reset of someone with case access is sent for approval, without a link.
    page.goto(f"{live_server.url}/admin/accounts/user/{cast['followup_worker_a'].pk}/ny-lenke/")
    assert_no_axe_violations(page)
    page.locator("textarea[name=reason]").fill("Har mistet telefonen sin.")
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("venter på godkjenning")
    assert "/konto/aktiver/" not in page.content()

    # The person, in a browser of their own.
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    person = context.new_page()
    try:
        enrol_in(person, live_server, url)
        expect(person).to_have_url(re.compile(r"/konto/aktiver/ferdig/$"))
        expect(person.locator("h1")).to_have_text("Kontoen din er klar")
        assert_no_axe_violations(person)
    finally:
        context.close()
