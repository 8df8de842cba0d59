"""A passkey in a real browser: register, re-authenticate with it, see an address.

Chromium's virtual authenticator (DevTools protocol, ``WebAuthn`` domain)
stands in for a platform passkey with user verification, so allauth's real
WebAuthn registration and assertion run end to end. The demo project lead
``leder.a`` signs in with password and TOTP, is told a passkey is needed,
registers one, is sent to the WebAuthn re-authentication when she asks for
the address, and comes back to the address page; 0 axe violations on every
page on the way, and the address never appears in a URL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = "Registrer en passnøkkel for å kunne se adresser"


@pytest.fixture
def demo() -> dict[str, Any]:
    from access import policy
    from access.policy import Perm
    from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRETS
    from accounts.models import User
    from housing.demo import load_offers_and_dwellings
    from housing.models import Dwelling
    from oversight.demo import load_organisations_and_users

    load_organisations_and_users()
    load_offers_and_dwellings()
    lead = User.objects.get(username="leder.a")

    dwelling = next(
        d
        for d in Dwelling.objects.filter(offer__municipality__name="Kommune A").order_by("pk")
        if policy.can(lead, Perm.READ_DWELLING_ADDRESS, d)
    )
    return {
        "user": lead,
        "password": DEMO_PASSWORD,
        "totp_secret": DEMO_TOTP_SECRETS["leder.a"],
        "dwelling": dwelling,
        "address": Dwelling.objects.get(pk=dwelling.pk).address,
    }


def add_virtual_authenticator(page: Page) -> Any:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def test_leder_registers_a_passkey_and_uses_it_to_see_an_address(
    page: Page, live_server: Any, demo: dict[str, Any]
) -> None:
    visited: list[str] = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    cdp, authenticator_id = add_virtual_authenticator(page)
    dwelling = demo["dwelling"]
    address_url = f"{live_server.url}/botilbud/boliger/{dwelling.pk}/adresse/"

    login(page, live_server, "leder.a", demo["password"], demo["totp_secret"])
    expect(page.get_by_text(NOTICE)).to_be_visible()
    assert_no_axe_violations(page)

    # Without a key the address page explains and offers registration, no button.
    page.goto(address_url)
    expect(page.get_by_text("Du trenger en passnøkkel for å se adresser.")).to_be_visible()
    expect(page.get_by_role("button", name="Vis adressen")).to_have_count(0)
    assert_no_axe_violations(page)

    # Registering asks for the password again (allauth), then the key.
    with page.expect_navigation():
        page.get_by_role("link", name="Registrer passnøkkel eller sikkerhetsnøkkel").click()
    expect(page.locator("h1")).to_have_text("Bekreft at det er deg")
    assert_no_axe_violations(page)
    page.locator("#id_password").fill(demo["password"])
    with page.expect_navigation():
        page.get_by_role("button", name="Bekreft").click()
    expect(page.locator("h1")).to_have_text("Legg til passnøkkel eller sikkerhetsnøkkel")
    assert_no_axe_violations(page)
    page.get_by_label("Navn på nøkkelen").fill("Virtuell nøkkel")
    with page.expect_navigation():
        page.get_by_role("button", name="Legg til").click()
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1
    assert_no_axe_violations(page)

    # Registering is not using: the address page still wants the key.
    page.goto(address_url)
    expect(page.get_by_text("Du må bekrefte med passnøkkel eller sikkerhetsnøkkel")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Vis adressen").click()
    assert "/accounts/2fa/webauthn/reauthenticate/" in page.url
    expect(page.locator("h1")).to_have_text("Bekreft at det er deg")
    assert_no_axe_violations(page)
    with page.expect_navigation(url=address_url):
        page.get_by_role("button", name="Bruk passnøkkel eller sikkerhetsnøkkel").click()
    expect(page.get_by_text("Du har nettopp bekreftet med passnøkkel.")).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Vis adressen").click()
    expect(page.get_by_text(demo["address"])).to_be_visible()
    assert_no_axe_violations(page)

    # The address was shown by POST only: never in an address bar or a redirect.
    assert all(demo["address"] not in unquote_plus(url) for url in visited), visited
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text(NOTICE)).to_have_count(0)
