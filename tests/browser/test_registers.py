"""Register numbers in a real browser: the partner form refuses a wrong organisation number
next to the field, and the offer's page shows both numbers; 0 axe violations.

Hand-checked numbers (core/tests/test_registers.py): 974 760 673 is valid,
974 760 674 is not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import enrol_totp
from tests.browser.conftest import assert_no_axe_violations, login, totp_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "korrekt-hest-batteri-stift"  # set by the root conftest's `member`


def test_the_project_lead_registers_a_partner_with_its_organisation_number(
    page: Page, live_server: Any, orgs: dict[str, Any], member: Callable[..., Any]
) -> None:
    from accounts.models import Organisation, Role
    from housing.models import PartnerService
    from tests.factories import OfferFactory

    Organisation.objects.filter(pk=orgs["municipality_a"].pk).update(municipality_number="3301")
    offer = OfferFactory.create(municipality=orgs["municipality_a"], name="Bokollektivet")
    lead = member(Role.PROJECT_LEAD, orgs["municipality_a"], "bob")
    enrol_totp(lead)
    login(page, live_server, lead.username, PASSWORD, totp_secret(lead))

    page.goto(f"{live_server.url}/botilbud/{offer.pk}/samarbeidspartnere/ny/")
    page.get_by_label("Type tjeneste").select_option("nav")
    page.get_by_label("Navn på tjenesten").fill("NAV Test")
    page.get_by_label("Organisasjonsnummer (valgfritt)").fill("974 760 674")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre").click()
    # Next to the field, and in the summary at the top with a link to it.
    expect(page.locator("#id_organisation_number_error")).to_contain_text(
        "det siste sifferet (kontrollsifferet) stemmer ikke"
    )
    expect(page.get_by_role("link", name="Organisasjonsnummer (valgfritt)")).to_be_visible()
    assert_no_axe_violations(page)
    assert not PartnerService.objects.exists()

    page.get_by_label("Organisasjonsnummer (valgfritt)").fill("974 760 673")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Org.nr. 974 760 673")).to_be_visible()
    expect(page.get_by_text("(kommunenr. 3301)")).to_be_visible()
    assert_no_axe_violations(page)
