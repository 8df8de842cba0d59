"""Follow-up in a real browser: the contact log and its weekly chart, the police's
security conversation, and 0 axe violations on every follow-up page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core import dates
from tests.browser.conftest import assert_no_axe_violations, follow
from tests.browser.test_every_page_axe import open_as


@pytest.fixture(scope="module", autouse=True)
def _warm_matplotlib() -> None:
    """Import and run matplotlib once before the first page: a cold start (font
    list, imports) inside the live server can outlast the page-load timeout."""
    from followup import charts, selectors

    charts.weekly_hours_svg(selectors.WeeklyHours([]))


def _stay(orgs: dict[str, Any], days_in: int = 20) -> Any:
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
        allocated_on=today - dt.timedelta(days=days_in + 3),
        moved_in_on=today - dt.timedelta(days=days_in),
    )


def _check(page: Any) -> None:
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_it_records_a_contact_and_shows_it_in_the_weekly_chart(page, live_server, cast, orgs):
    stay = _stay(orgs)
    open_as(page, live_server, cast["followup_worker_a"], f"oppfolging/{stay.pk}/kontakter/")
    assert "Ingen kontakter er registrert ennå." in page.locator("#weekly-summary").inner_text()
    _check(page)

    page.get_by_label("Minutter").fill("90")
    page.get_by_label("Sikkerhet").check()
    page.get_by_label("Telefon").check()
    page.get_by_label("Notat").fill("Snakket om skolestart")
    page.get_by_role("button", name="Registrer kontakten").click()

    # htmx swaps the log region in place: the new contact is in the chart and its table.
    page.get_by_text("Kontakten er registrert.").wait_for()
    assert (
        page.locator("img.fu-chart").get_attribute("src").startswith("data:image/svg+xml;base64,")
    )
    last_week = page.locator("#weekly-table tbody tr").last
    assert last_week.locator("td").nth(1).inner_text() == "1,5"
    assert "1,5 timer" in page.locator("#weekly-summary").inner_text()
    assert "90" in page.locator("#contact-table tbody tr").first.inner_text()
    assert "Snakket om skolestart" not in page.content()  # notes stay hidden until «show»
    _check(page)

    page.get_by_role("link", name="Vis notater").click()
    page.get_by_text("Snakket om skolestart").wait_for()
    _check(page)


def test_it_shows_errors_without_saving(page, live_server, cast, orgs):
    stay = _stay(orgs)
    open_as(page, live_server, cast["followup_worker_a"], f"oppfolging/{stay.pk}/kontakter/")
    page.get_by_label("Minutter").fill("2000")
    page.get_by_role("button", name="Registrer kontakten").click()
    page.get_by_text("Rett opp dette før du går videre:").wait_for()
    assert page.get_by_label("Minutter").input_value() == "2000"
    _check(page)


def test_it_lets_local_police_fill_the_security_conversation(page, live_server, cast, orgs):
    stay = _stay(orgs)
    open_as(page, live_server, cast["local_police_a"], f"oppfolging/{stay.pk}/sikkerhet/")
    _check(page)
    follow(page, page.get_by_role("link", name="Registrer sikkerhetssamtalen"))
    _check(page)
    page.get_by_label("Hvem deltok fra politiet").fill("Pål Politikontakt")
    page.get_by_label("Hvem deltok fra botilbudet").fill("Mona Miljøterapeut")
    for fieldset in page.locator("fieldset.fu-row").all():
        yes = fieldset.get_by_label("Ja", exact=True)
        if yes.count():
            yes.check()
    page.locator("#id_scenario_0").fill("noen fra familien står utenfor")
    page.locator("#id_response_0").fill("ringer 112")
    page.get_by_role("button", name="Lagre sikkerhetssamtalen").click()
    page.get_by_text("Sikkerhetssamtalen er lagret.").wait_for()
    assert page.locator("table tbody tr").count() == 8
    _check(page)
    page.get_by_role("link", name="Vis merknader og kriseplan").click()
    page.get_by_text("ringer 112").wait_for()
    _check(page)


def test_it_finds_no_axe_violations_on_the_follow_up_pages(page, live_server, cast, orgs):
    from followup import services
    from stays.models import HouseholdMember

    stay = _stay(orgs, days_in=100)
    worker = cast["followup_worker_a"]
    HouseholdMember.objects.create(stay=stay, kind=HouseholdMember.Kind.CHILD, birth_year=2019)
    today = dates.today()
    services.contact_create(
        stay=stay,
        by=worker,
        contact_on=stay.moved_in_on,
        minutes=300,
        form="in_person",
        with_whom="resident",
    )
    measure = services.measure_save(
        stay=stay,
        by=worker,
        kind="code_6",
        chosen=True,
        reason="Risiko",
        applied_on=today - dt.timedelta(days=56),
    )
    plan = services.plan_save(stay=stay, by=worker, made_on=stay.moved_in_on, own_words="Egne ord")
    goal = services.goal_create(plan=plan, by=worker, text="Norskkurs")
    services.goal_create(plan=plan, by=worker, text="Finne kurs", parent=goal)
    services.action_create(goal=goal, by=worker, text="Søke", responsible="Beboer")
    services.threat_change_create(
        stay=stay, by=cast["local_police_a"], recorded_on=today, risk_level="high", detail="Endret"
    )
    pages = [
        "sikkerhet/",
        "tiltak/",
        "tiltak/?vis=1",
        "tiltak/nytt/",
        f"tiltak/{measure.pk}/",
        "plan/",
        "plan/?vis=1",
        "plan/rediger/",
        "plan/mal/nytt/",
        "plan/tiltak/nytt/",
        "plan/evaluering/ny/",
        "omrader/",
        "omrader/rediger/",
        "kontakter/",
    ]
    for path in pages:
        open_as(page, live_server, worker, f"oppfolging/{stay.pk}/{path}")
        _check(page)
    for path in ["tiltak/?trussel=1", "trusselbilde/ny/"]:
        open_as(page, live_server, cast["local_police_a"], f"oppfolging/{stay.pk}/{path}")
        _check(page)
