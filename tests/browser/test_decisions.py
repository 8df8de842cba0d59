"""Decisions and the individual plan in a real browser, as the follow-up worker: record a
refused decision, see its appeal deadline on the decision page, the resident overview and
the start page, record the individual plan; 0 axe violations on every page on the way."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import dates
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_every_page_axe import open_as


def _stay(orgs: dict[str, Any]) -> Any:
    from housing.models import Offer
    from stays.models import Stay

    today = dates.today()
    offer = Offer.objects.create(
        municipality=orgs["municipality_a"],
        name="Leilighetene",
        offer_type=Offer.Type.APARTMENT,
        intensity=Offer.Intensity.MEDIUM,
        on_call=Offer.OnCall.CRISIS_CENTRE,
    )
    return Stay.objects.create(
        offer=offer,
        status=Stay.Status.LIVING,
        allocated_on=today - dt.timedelta(days=43),
        moved_in_on=today - dt.timedelta(days=40),
    )


def _check(page: Any) -> None:
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_it_records_a_refused_decision_its_appeal_deadline_and_the_plan(
    page, live_server, cast, orgs
):
    stay = _stay(orgs)
    worker = cast["followup_worker_a"]
    today = dates.today()
    decided = today - dt.timedelta(days=10)
    deadline = dates.next_working_day(decided + dt.timedelta(days=21))

    open_as(page, live_server, worker, f"vedtak/{stay.pk}/")
    assert "Ingen vedtak er registrert." in page.locator("#decision-table").inner_text()
    _check(page)

    # A period that ends before it starts: the message, and nothing saved.
    page.get_by_role("link", name="Registrer et vedtak").click()
    _check(page)
    page.get_by_label("Tjeneste").select_option("housing")
    page.get_by_label("Vedtaksdato").fill(decided.isoformat())
    page.get_by_label("Avslått", exact=True).check()
    page.get_by_label("Hva ble innvilget eller avslått").fill("Søknad om kommunal bolig")
    page.get_by_label("Gjelder fra").fill(decided.isoformat())
    page.get_by_label("Gjelder til", exact=False).fill((decided - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Lagre vedtaket").click()
    page.get_by_text("Perioden kan ikke slutte før den starter.").first.wait_for()
    _check(page)

    page.get_by_label("Gjelder til", exact=False).fill("")
    page.get_by_role("button", name="Lagre vedtaket").click()
    page.get_by_text("Vedtaket er lagret.").wait_for()
    row = page.locator("#decision-table tbody tr").first
    assert f"Klagefrist {deadline:%d.%m.%Y}" in row.inner_text()
    assert "Søknad om kommunal bolig" not in page.content()  # the text only after «vis»
    _check(page)

    page.get_by_role("link", name="Vis hva vedtakene gjelder").click()
    page.get_by_text("Søknad om kommunal bolig").wait_for()
    _check(page)

    # The resident overview: the open appeal deadline at a glance.
    open_as(page, live_server, worker, f"beboere/{stay.pk}/")
    assert f"Klagefrist {deadline:%d.%m.%Y}" in page.locator("main").inner_text()
    _check(page)

    # The start page counts it among the deadlines due soon; «Mine frister» names it.
    open_as(page, live_server, worker, "")
    assert "1 frist snart" in page.locator("main").inner_text()
    _check(page)
    open_as(page, live_server, worker, "rapportering/frister/")
    assert "Klagefrist for vedtak" in page.locator("main").inner_text()
    _check(page)

    # The individual plan.
    open_as(page, live_server, worker, f"vedtak/{stay.pk}/")
    page.get_by_role("link", name="Oppdater individuell plan").click()
    _check(page)
    page.get_by_role("group", name="Har beboeren rett til individuell plan?").get_by_label(
        "Ja"
    ).check()
    page.get_by_role("group", name="Har beboeren individuell plan?").get_by_label("Ja").check()
    page.get_by_role("button", name="Lagre individuell plan").click()
    page.get_by_text("Skriv når beboeren fikk individuell plan.").first.wait_for()
    _check(page)
    since = today - dt.timedelta(days=5)
    page.get_by_label("Har hatt planen siden").fill(since.isoformat())
    page.get_by_label("Koordinator").fill("Kari Koordinator, NAV")
    page.get_by_role("button", name="Lagre individuell plan").click()
    page.get_by_text("Individuell plan er lagret.").wait_for()
    assert f"Ja, siden {since:%d.%m.%Y}" in page.locator("main").inner_text()
    _check(page)
