"""Housing in a real browser: the capacity overview and a clearance form, 0 axe violations.

Selectors are ids, roles and visible text, never classes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import enrol_totp
from core import dates
from tests.browser.conftest import assert_no_axe_violations, login, totp_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "korrekt-hest-batteri-stift"  # set by the root conftest's `member`


@pytest.fixture
def housing(orgs: dict[str, Any], member: Callable[..., Any]) -> dict[str, Any]:
    from accounts.models import Role
    from tests.factories import (
        BookingFactory,
        ClearanceFactory,
        DwellingFactory,
        OfferFactory,
        PlaceFactory,
    )

    coordinator = member(Role.COORDINATOR, orgs["team"], "alice")
    police = member(Role.LOCAL_POLICE, orgs["police_a"], "lars")
    offer = OfferFactory.create(municipality=orgs["municipality_a"], name="Bokollektivet")
    cleared = DwellingFactory.create(offer=offer, label="A-1")
    ClearanceFactory.create(dwelling=cleared, recorded_by=coordinator)
    place = PlaceFactory.create(dwelling=cleared, label="1")
    PlaceFactory.create(dwelling=cleared, label="2")
    BookingFactory.create(
        place=place,
        created_by=coordinator,
        starts_on=dates.today() - dt.timedelta(days=90),
        planned_end_on=dates.today() + dt.timedelta(days=20),
    )
    uncleared = DwellingFactory.create(offer=offer, label="A-2")
    PlaceFactory.create(dwelling=uncleared, label="1")
    for user in (coordinator, police):
        enrol_totp(user)
    return {"coordinator": coordinator, "police": police, "offer": offer, "uncleared": uncleared}


def _watch_csp(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    return errors


def test_the_coordinator_walks_the_capacity_overview(
    page: Page, live_server: Any, housing: Any
) -> None:
    csp_errors = _watch_csp(page)
    user = housing["coordinator"]
    login(page, live_server, user.username, PASSWORD, totp_secret(user))
    expect(page.get_by_role("link", name="Kapasitet og belegg")).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Kapasitet og belegg").first.click()
    expect(page.locator("h1")).to_have_text("Kapasitet og belegg")
    expect(page.get_by_role("img", name="Linjediagram over belegg")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Bokollektivet")
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Alle botilbud").click()
    expect(page.locator("h1")).to_have_text("Botilbud")
    expect(page.get_by_text("A-2: Mangler sikkerhetsklarering")).to_be_visible()
    assert_no_axe_violations(page)
    assert csp_errors == []


def test_local_police_fill_in_a_clearance_form(page: Page, live_server: Any, housing: Any) -> None:
    csp_errors = _watch_csp(page)
    user = housing["police"]
    login(page, live_server, user.username, PASSWORD, totp_secret(user))
    page.goto(f"{live_server.url}/botilbud/boliger/{housing['uncleared'].pk}/")
    expect(page.locator("h1")).to_have_text("Bolig A-2")
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Registrer ny sikkerhetsklarering").click()
    expect(page.locator("h1")).to_contain_text("Sikkerhetsklarering av bolig A-2")
    assert_no_axe_violations(page)

    today = dates.today()
    page.locator("#id_cleared_on").fill((today + dt.timedelta(days=3)).isoformat())
    page.locator("#id_valid_until").fill((today + dt.timedelta(days=365)).isoformat())
    page.locator("#id_area_assessed").check()
    page.locator("#id_area_note").fill("Rolig område")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre sikkerhetsklareringen").click()
    expect(
        page.get_by_role("link", name="Klareringsdatoen kan ikke være fram i tid")
    ).to_be_visible()
    expect(page.locator("#id_area_note")).to_have_value("Rolig område")
    assert_no_axe_violations(page)

    page.locator("#id_cleared_on").fill(today.isoformat())
    for name in ("door_peephole", "shatterproof_glass", "two_ways_out", "no_direct_insight"):
        page.locator(f"#id_min_{name}").check()
    page.locator("#id_recommendations").fill("Sett opp lys ved inngangen")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre sikkerhetsklareringen").click()
    expect(page.locator("h1")).to_have_text("Bolig A-2")
    expect(page.get_by_text("Kan tildeles", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    assert csp_errors == []
