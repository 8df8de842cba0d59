"""A municipality sends all three milestone reports; the directorate representative reads them.

Real browser (Debian Chromium), axe on every page on the way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from playwright.sync_api import expect

from conftest import sign_in
from core import dates
from tests.browser.conftest import assert_no_axe_violations, follow


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


def test_a_municipality_reports_and_the_directorate_reads(
    page: Any, live_server: Any, cast: dict[str, Any], orgs: dict[str, Any]
) -> None:
    from stays.models import Stay
    from tests.factories import OfferFactory

    today = dates.today()
    offer: Any = OfferFactory(municipality=orgs["municipality_a"], name="Tilbud A")
    stay = Stay.objects.create(
        offer=offer,
        allocated_on=today - dt.timedelta(days=320),
        moved_in_on=today - dt.timedelta(days=310),
        planned_move_out_on=today + dt.timedelta(days=20),
        status="living",
        gender="female",
        is_synthetic=True,
    )

    use_session(page, live_server, cast["project_lead_a"])
    page.goto(f"{live_server.url}/rapportering/frister/")
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/rapportering/opphold/{stay.pk}/")
    assert_no_axe_violations(page)

    follow(
        page,
        page.get_by_role("link", name="Etter 3 måneder: plan for flytting til permanent bolig"),
    )
    assert_no_axe_violations(page)
    page.get_by_label("Plan for flytting til permanent bolig").fill("Søkt kommunal bolig.")
    page.get_by_role("button", name="Send rapporten").click()
    page.wait_for_url(f"**/rapportering/opphold/{stay.pk}/")

    follow(page, page.get_by_role("link", name="1 måned før planlagt utflytting: status"))
    page.get_by_label("Status").fill("Kontrakt signert, flytter om tre uker.")
    page.get_by_role("button", name="Send rapporten").click()
    page.wait_for_url(f"**/rapportering/opphold/{stay.pk}/")

    follow(page, page.get_by_role("link", name="Etter 9 måneder: ledig plass"))
    # An error first: vacant, but no date.
    page.get_by_role("radio", name="Ja").check()
    page.get_by_role("button", name="Send rapporten").click()
    expect(page.get_by_text("Skriv datoen plassen er ledig fra").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Ledig fra").fill((today + dt.timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Send rapporten").click()
    page.wait_for_url(f"**/rapportering/opphold/{stay.pk}/")
    assert page.get_by_text("Ferdig").count() == 3
    assert_no_axe_violations(page)

    use_session(page, live_server, cast["directorate_representative"])
    page.goto(f"{live_server.url}/")
    follow(page, page.get_by_role("link", name="Rapporter fra kommunene").first)
    expect(page.get_by_text("Nye: 3")).to_be_visible()
    assert_no_axe_violations(page)
    for _ in range(3):
        follow(page, page.locator("#new-heading ~ div a").first)
        expect(page.get_by_text("Visningen er logget.")).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Marker som lest").click()
        page.wait_for_url("**/rapportering/innboks/")
    expect(page.get_by_text("Lest: 3")).to_be_visible()
    expect(page.get_by_text("Ingen nye rapporter.")).to_be_visible()
    assert_no_axe_violations(page)
