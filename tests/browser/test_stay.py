"""A resident's whole stay in a real browser, arrival to closure, with axe on every page.

The follow-up worker registers the arrival (first a date before the
allocation, which is refused), prints the timetable, adds household and a
partner service, tries to plan past 9 months without a reason, fills the
transfer list and registers the move-out and aftercare; the local police
see the security subset; the project lead closes with the seven goal
indicators (first without them, which is refused).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from pypdf import PdfReader

from core import dates
from referrals.models import Consent
from stays.models import GOAL_INDICATORS, Stay
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations, follow
from tests.browser.test_every_page_axe import open_as


def _allocated_stay(cast: dict[str, Any], orgs: dict[str, Any]) -> Stay:
    from referrals import services
    from stays import services as stay_services

    coordinator = cast["coordinator"]
    place = f.cleared_place(municipality=orgs["municipality_a"], by=coordinator)
    from housing.models import PartnerService

    PartnerService.objects.create(
        offer=place.dwelling.offer, kind="nav", name="NAV Demo", is_synthetic=True
    )
    assessment = f.AssessmentFactory.create(assessed_by_user=coordinator)
    f.ConsentFactory.create(person=assessment.person, recorded_by=coordinator)
    f.ConsentFactory.create(
        person=assessment.person,
        recorded_by=coordinator,
        purpose=Consent.Purpose.RECEIVING_OFFER,
        recipient_kind=Consent.RecipientKind.MUNICIPALITY,
        recipient_organisation=orgs["municipality_a"],
    )
    f.ThreatAssessmentFactory.create(
        assessment=assessment, written_by=cast["police_representative"]
    )
    allocation = services.allocation_propose(
        assessment=assessment, place=place, expected_arrival_on=dates.today(), by=coordinator
    )
    stay = stay_services.allocation_accept(allocation=allocation, by=cast["project_lead_a"])
    # Allocated a week ago, so an arrival "yesterday" is valid.
    Stay.objects.filter(pk=stay.pk).update(allocated_on=dates.today() - dt.timedelta(days=7))
    stay.refresh_from_db()
    return stay


def submit(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()


def checked(page: Any) -> None:
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_a_whole_stay_from_arrival_to_closure(page, live_server, cast, orgs):
    stay = _allocated_stay(cast, orgs)
    worker = cast["followup_worker_a"]
    base = f"beboere/{stay.pk}"
    today = dates.today()

    open_as(page, live_server, worker, "beboere/")
    assert stay.person is not None
    assert stay.person.name in page.content()
    checked(page)

    open_as(page, live_server, worker, f"{base}/")
    checked(page)
    follow(page, page.get_by_role("link", name="Registrer innflytting").first)
    checked(page)
    page.locator("#id_moved_in_on").fill((today - dt.timedelta(days=30)).isoformat())
    submit(page)
    assert "før tildelingen" in page.locator(".ds-error-summary").inner_text()
    checked(page)
    page.locator("#id_moved_in_on").fill(today.isoformat())
    submit(page)
    assert "Dag 1 i botilbudet" in page.content()
    checked(page)

    open_as(page, live_server, worker, f"{base}/timeplan/")
    checked(page)
    pdf = page.request.get(f"{live_server.url}/{base}/timeplan.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Timeplan for de to første ukene" in text and "Møte med politiet" in text
    assert stay.person.name not in text

    open_as(page, live_server, worker, f"{base}/husstand/ny/")
    checked(page)
    page.locator("#id_kind_1").check()
    page.locator("#id_birth_year").fill(str(today.year - 2))
    submit(page)
    assert "Barn (født" in page.content()

    open_as(page, live_server, worker, f"{base}/samarbeid/ny/")
    checked(page)
    page.locator("#id_partner").select_option(index=1)
    submit(page)
    assert "NAV Demo" in page.content()

    open_as(page, live_server, worker, f"{base}/planlagt-utflytting/")
    checked(page)
    page.locator("#id_new_date").fill(dates.add_months(today, 10).isoformat())
    page.locator("#id_reason").fill("Venter på bolig")
    submit(page)
    assert "Oppholdet går over 9 måneder" in page.locator(".ds-error-summary").inner_text()
    checked(page)

    open_as(page, live_server, worker, f"{base}/overforing/")
    checked(page)
    for index in range(6):
        page.locator(f"main input[type=radio][value=not_needed] >> nth={index}").check()
    submit(page)

    open_as(page, live_server, worker, f"{base}/utflytting/")
    checked(page)
    page.locator("#id_moved_out_on").fill(today.isoformat())
    page.locator("#id_destination_0").check()
    submit(page)
    assert "Egen bolig – alene" in page.content()
    checked(page)

    open_as(page, live_server, worker, f"{base}/ettervern/")
    checked(page)
    page.locator("#id_ends_on").fill((today + dt.timedelta(days=30)).isoformat())
    submit(page)
    assert "Ettervern" in page.content()

    open_as(page, live_server, worker, f"{base}/notater/")
    checked(page)
    submit(page)
    assert "Visningen er logget." in page.content()
    checked(page)

    police = cast["local_police_a"]
    open_as(page, live_server, police, "beboere/sikkerhet/")
    checked(page)
    open_as(page, live_server, police, f"beboere/sikkerhet/{stay.pk}/")
    checked(page)
    open_as(page, live_server, police, f"{base}/")
    assert page.locator("h1").inner_text() != stay.person.name

    lead = cast["project_lead_a"]
    open_as(page, live_server, lead, f"{base}/avslutt/")
    checked(page)
    submit(page)
    summary = page.locator(".ds-error-summary").inner_text()
    # Each of the seven indicators left empty is named, with what to choose.
    assert summary.count("Velg ja, delvis eller nei for denne indikatoren.") == 7
    checked(page)
    for code, _label in GOAL_INDICATORS:
        page.locator(f"#id_{code}_0").check()
    submit(page)
    assert "Oppholdet ble avsluttet" in page.content()
    checked(page)
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CLOSED


def test_the_offers_template_page_passes_axe(page, live_server, cast, orgs):
    stay = _allocated_stay(cast, orgs)
    lead = cast["project_lead_a"]
    open_as(page, live_server, lead, f"beboere/mal/{stay.offer.pk}/")
    checked(page)
    open_as(page, live_server, cast["coordinator"], "beboere/alle-opphold/")
    checked(page)
