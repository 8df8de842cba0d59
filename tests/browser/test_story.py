"""The daily path as one story, played through the real pages in Chromium.

A 22-year-old woman with a 3-year-old child, referred by a crisis centre,
threatened from Kommune B and placed in Kommune A: every role does its part
through the forms (nothing is staged through services once the story has
begun), and after each step the start page of each person involved says
what now waits on them, or that nothing does. Along the way the story checks
that nothing is typed twice (the child, the police's recommended measures
and criterion 4 are carried forward), that residents are named (the name for
the follow-up worker, a pseudonym for the directorate), that every page has
0 axe violations, and that the main pages fit a 390 px wide phone. A second
inquiry ends without a place.

The expected texts are written here by hand from what a person should read
(oversight/start.py and oversight/work.py hold the wording); they are not
read from the code under test.

Screenshots for the README: with ``BOTILBUD_SCREENSHOTS=docs/img`` the story
saves three PNGs there (scripts/screenshots.sh runs it).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from core import dates
from tests.browser.conftest import assert_no_axe_violations, follow
from tests.browser.test_every_page_axe import open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Nora Testdatter"  # fictitious, like everything in the fixtures
# The seven goal indicators of the closure form (stays.models.GOAL_INDICATORS), by hand.
INDICATORS = [
    "safe_dwelling",
    "needs_mapped",
    "adapted_followup",
    "safe_housing",
    "services_contact",
    "day_activity",
    "social_network",
]
SHOTS = os.environ.get("BOTILBUD_SCREENSHOTS", "")


@pytest.fixture(scope="module", autouse=True)
def _warm_matplotlib() -> None:
    """Import and run matplotlib once before the first page: a cold start inside
    the live server can outlast the page-load timeout (as in test_followup)."""
    from followup import charts, selectors

    charts.weekly_hours_svg(selectors.WeeklyHours([]))


@pytest.fixture
def story(cast: dict[str, Any], orgs: dict[str, Any]) -> dict[str, Any]:
    """The cast, with a free, police-cleared place in Kommune A and one in Kommune B."""
    from tests import factories as f

    # A lead with an e-mail address, so break-the-glass can alert someone and
    # the coordinator's start page carries no warning about it.
    cast["coordinator"].email = "alice@botilbud.example"
    cast["coordinator"].save(update_fields=["email"])
    f.cleared_place(municipality=orgs["municipality_a"], by=cast["coordinator"], name="Tilbud A")
    f.cleared_place(municipality=orgs["municipality_b"], by=cast["coordinator"], name="Tilbud B")
    return cast


# --- helpers ------------------------------------------------------------------


def visit(page: Page, live_server: Any, user: Any, path: str) -> None:
    """Open a page as `user` (a fresh session with both factors) and check it with axe."""
    open_as(page, live_server, user, path)
    checked(page)


def checked(page: Page) -> None:
    """One h1 and no axe violations on the page as it is now."""
    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)


def work(page: Page, live_server: Any, user: Any) -> list[str]:
    """The work list of `user`'s start page: each line that counts something, in order.

    Empty when nothing waits, and then the page must say so in so many words.
    """
    visit(page, live_server, user, "")
    lines = [
        re.sub(r"^Haster\s*", "", text).strip()
        for text in page.locator("main .bt-card li").all_inner_texts()
    ]
    counted = [line for line in lines if re.match(r"\d", line)]
    if not counted:
        expect(page.locator("main .bt-empty").first).to_be_visible()
    return counted


def empty_text(page: Page) -> str:
    return " ".join(page.locator("main .bt-empty").all_inner_texts())


def submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def submit_form(page: Page) -> None:
    """Submit the page's form by its own button (the last in the main form)."""
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()


def link(page: Page, name: str | re.Pattern[str]) -> None:
    """Follow a link in the page's content (not the main menu, whose words are short and common)."""
    follow(page, page.locator("main").get_by_role("link", name=name).first)
    checked(page)


def fits_a_phone(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


# The outermost elements that reach past the right edge and are not inside a
# box that scrolls or clips them (a wide table in a scrolling wrapper is fine).
_TOO_WIDE = """() => {
  const edge = window.innerWidth + 0.5;
  const clipped = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= edge) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > edge && !clipped(e))
  .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > edge))
  .map(e => (e.closest('.bt-header') ? 'header: ' : '')
       + (e.parentElement.className ? String(e.parentElement.className).split(' ').join('.') + ' > ' : '')
       + e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
       + ' right=' + Math.round(e.getBoundingClientRect().right));
}"""


def too_wide(page: Page) -> list[str]:
    return list(page.evaluate(_TOO_WIDE))


def assert_fits_a_phone(page: Page) -> None:
    """No sideways scrolling at 390 px: everything, the page header included, fits."""
    assert fits_a_phone(page), f"{page.url} is wider than 390 px: {too_wide(page)}"


def figure_for(page: Page, label: str) -> str:
    """The figure in the statistics row headed `label` (the first table that has one)."""
    row = page.locator(f"xpath=//main//tr[*[1][normalize-space()='{label}']]").first
    return row.locator("td").last.inner_text().strip()


# Codes as stored (no_place, mental_health, assessed): never what a person reads.
CODE_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def assert_no_code_keys(page: Page) -> None:
    found = CODE_KEY.findall(page.locator("main").inner_text())
    assert not found, f"code keys on {page.url}: {found}"


def screenshot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def new_inquiry(page: Page, live_server: Any, coordinator: Any, reason: str) -> None:
    visit(page, live_server, coordinator, "")
    link(page, "Gå til arbeidsbenken")
    link(page, "Registrer ny henvendelse")
    page.locator("#id_contact_kind_1").check()  # Krisesenter
    page.locator("#id_channel_0").check()
    page.locator("#id_reason").fill(reason)
    submit(page, "Registrer henvendelsen")
    expect(page.get_by_text("Henvendelsen er registrert.")).to_be_visible()
    checked(page)


# --- the story -----------------------------------------------------------------


def test_it_plays_the_daily_path_from_inquiry_to_statistics(
    page: Page, live_server: Any, story: dict[str, Any]
) -> None:
    from referrals.identity import synthetic_identity_number
    from tests.factories import years_ago

    coordinator = story["coordinator"]
    police_rep = story["police_representative"]
    lead = story["project_lead_a"]
    worker = story["followup_worker_a"]
    local_police = story["local_police_a"]
    directorate = story["directorate_representative"]
    today = dates.today()
    child_year = today.year - 3

    # Nothing waits on anyone before the phone rings.
    for user, nothing in [
        (coordinator, "Ingen åpne henvendelser nå."),
        (police_rep, "Ingen trusselvurderinger venter på deg."),
        (lead, "Ingen forslag eller frister venter på deg."),
        (directorate, "Ingen nye rapporter."),
    ]:
        assert work(page, live_server, user) == []
        assert nothing in empty_text(page)

    # 1. The coordinator registers the crisis centre's call.
    new_inquiry(page, live_server, coordinator, "Krisesenteret ringte om en ung kvinne med barn")
    assert work(page, live_server, coordinator) == ["1 åpen henvendelse"]

    # 2. The assessment, with the child who moves with her and criterion 4 left open
    #    for the police to settle.
    link(page, "1 åpen henvendelse")  # the start page leads to the workbench
    link(page, re.compile(": Krisesenter$"))
    link(page, "Kartlegg personen")
    page.locator("#id_name").fill(NAME)
    page.locator("#id_identity_number").fill(synthetic_identity_number(years_ago(22)))
    page.locator("#id_gender_0").check()  # Kvinne
    page.locator("#id_assessed_by_0").check()
    page.locator("#id_need_status_0").check()
    page.locator("#id_ground_fear_forced_marriage").check()
    page.locator("#id_benefit_status_0").check()
    page.locator("#id_wants_it").check()
    page.locator("#id_threat_status_2").check()  # Uavklart: the police decide
    page.locator("#id_lawful_residence_0").check()
    page.locator("#id_children_birth_years").fill(str(child_year))
    page.locator("#id_need_children").check()
    page.locator("#id_followup_intensity_1").check()
    page.locator("#id_wishes").fill("Vil fullføre videregående")
    submit(page, "Lagre kartleggingen")
    expect(page.locator("h1")).to_have_text(f"Kartlegging av {NAME}")
    checked(page)
    assessment_url = page.url
    criterion_4 = page.locator("tr", has_text="4. Trusselbilde og sikkerhet").locator("td").first
    expect(criterion_4).to_have_text("Uavklart")
    # The inquiry became an assessment: it no longer counts as open.
    assert work(page, live_server, coordinator) == ["1 kartlegging venter på samtykke"]

    # 3. Consents: to the police for the threat assessment, and to the receiving offer.
    page.goto(assessment_url)
    checked(page)
    link(page, "Registrer samtykke til å dele med politiet")
    page.locator("#id_purpose_0").check()
    page.locator("#id_recipient_kind_1").check()  # the team's police representative
    page.locator("#id_method_0").check()
    submit(page, "Registrer samtykket")
    checked(page)
    link(page, "Registrer samtykke")
    page.locator("#id_purpose_1").check()
    page.locator("#id_recipient_kind_2").check()
    page.locator("#id_recipient_organisation").select_option(label="Kommune A")
    page.locator("#id_method_1").check()
    submit(page, "Registrer samtykket")
    checked(page)

    # 4. Shared with the team's police representative.
    link(page, "Del saken med politiet for trusselvurdering")
    page.locator("#id_recipient_kind_1").check()
    submit(page, "Del med politiet")
    expect(page.get_by_text("Venter på trusselvurdering").first).to_be_visible()
    checked(page)
    assert work(page, live_server, coordinator) == ["1 kartlegging venter på trusselvurdering"]
    screenshot(page, "coordinator-start.png")
    assert work(page, live_server, police_rep) == ["1 kartlegging venter på trusselvurdering"]

    # 5. The police representative writes the threat assessment from the start page.
    link(page, "1 kartlegging venter på trusselvurdering")
    link(page, f"Skriv trusselvurdering for {NAME}")
    page.locator("#id_assessed_by_1").check()
    page.locator("#id_risk_level_2").check()  # Høy
    page.get_by_label("Kommune B").check()
    page.locator("#id_details").fill("Brødre og onkel bor i Kommune B")
    page.get_by_label("Voldsalarm").check()
    page.get_by_label("Fortrolig adresse (kode 7)").check()
    submit(page, "Lagre trusselvurderingen")
    expect(page.get_by_text("Brødre og onkel bor i Kommune B")).to_be_visible()
    checked(page)
    assert work(page, live_server, police_rep) == []
    assert "Ingen trusselvurderinger venter på deg." in empty_text(page)
    assert work(page, live_server, coordinator) == ["1 kartlegging er klar for forslag om plass"]

    # Criterion 4 follows the threat assessment: nobody types it again.
    visit(page, live_server, coordinator, assessment_url.removeprefix(live_server.url + "/"))
    expect(criterion_4).to_have_text("Oppfylt")
    expect(page.get_by_text("Brødre og onkel bor i Kommune B")).to_have_count(0)

    # 6. Matching leaves out Kommune B; the coordinator proposes the place in A.
    link(page, "Finn plass og foreslå den for botilbudet")
    expect(page.get_by_text("Kommunen er på trusselvurderingens unngå-liste")).to_be_visible()
    page.locator("#id_arrival_notes").fill("Kommer med tog, følges av krisesenteret")
    submit(page, "Foreslå plassen")
    expect(page.get_by_text(re.compile("Plassen er foreslått og holdes"))).to_be_visible()
    checked(page)
    # The place is held for an answer: the hold is the coordinator's deadline too.
    assert work(page, live_server, coordinator) == [
        "1 frist snart",
        "1 forslag venter på svar fra botilbudet",
    ]
    assert work(page, live_server, lead) == [
        "1 forslag om tildeling venter på svar",
        "1 frist snart",
    ]

    # 7. The project lead opens the information package from the start page and accepts.
    link(page, "1 forslag om tildeling venter på svar")
    link(page, "Forslag")
    expect(page.get_by_text("Vil fullføre videregående")).to_be_visible()
    expect(page.get_by_text("Brødre og onkel bor i Kommune B")).to_have_count(0)
    page.locator("#id_decision_0").check()
    submit(page, "Send svar")
    expect(page.get_by_text("Dere har tatt imot personen. Oppholdet er opprettet.")).to_be_visible()
    checked(page)
    assert work(page, live_server, lead) == []
    assert work(page, live_server, coordinator) == []
    assert "Ingen åpne henvendelser nå." in empty_text(page)

    # 8. The follow-up worker finds her by name; the child from the assessment
    #    is already in the household.
    visit(page, live_server, worker, "beboere/")
    link(page, NAME)
    stay_pk = int(re.search(r"/beboere/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    resident = f"beboere/{stay_pk}/"
    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.locator("dd", has_text="Barn (født")).to_contain_text(f"Barn (født {child_year})")
    expect(page.get_by_text("Bor alene")).to_have_count(0)
    primary = page.locator(".bt-actions a[data-variant=primary]")
    expect(primary).to_have_text("Registrer innflytting")

    # 9. Move-in, the timetable and its PDF.
    follow(page, primary)
    checked(page)
    page.locator("#id_moved_in_on").fill(today.isoformat())
    submit_form(page)
    expect(page.get_by_text("Dag 1 i botilbudet")).to_be_visible()
    checked(page)
    expect(primary).to_have_text(re.compile("timeplan", re.IGNORECASE))
    follow(page, primary)
    checked(page)
    expect(page.locator("main table tbody tr").first).to_be_visible()  # made from the template
    pdf = page.request.get(f"{live_server.url}/{resident}timeplan.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Timeplan for de to første ukene" in pdf_text
    assert NAME not in pdf_text  # the printout may get lost: no name on it

    # 10. The local police hold the security conversation.
    assert work(page, live_server, local_police) == ["1 beboer venter på sikkerhetssamtale"]
    link(page, "1 beboer venter på sikkerhetssamtale")
    # The district's police know who lives there while she does (stays' naming rule).
    expect(page.locator("main tbody tr")).to_have_count(1)
    expect(page.locator("main tbody tr")).to_contain_text(NAME)
    visit(page, live_server, local_police, f"oppfolging/{stay_pk}/sikkerhet/")
    link(page, "Registrer sikkerhetssamtalen")
    page.get_by_label("Hvem deltok fra politiet").fill("Politikontakt i distrikt A")
    page.get_by_label("Hvem deltok fra botilbudet").fill("Miljøterapeut i Kommune A")
    for fieldset in page.locator("fieldset.fu-row").all():
        yes = fieldset.get_by_label("Ja", exact=True)
        if yes.count():
            yes.check()
    page.locator("#id_scenario_0").fill("noen fra familien står utenfor")
    page.locator("#id_response_0").fill("trykker på voldsalarmen og ringer 112")
    page.get_by_role("button", name="Lagre sikkerhetssamtalen").click()
    page.get_by_text("Sikkerhetssamtalen er lagret.").wait_for()
    checked(page)
    assert work(page, live_server, local_police) == []
    assert "Ingen oppgaver venter på deg." in empty_text(page)

    # 11. The police's recommended measures wait in the register to be confirmed.
    visit(page, live_server, worker, f"oppfolging/{stay_pk}/tiltak/")
    for measure in ("Voldsalarm", "Fortrolig adresse (kode 7)"):
        link(page, f"{measure}: registrer tiltaket")
        expect(page.locator("#id_reason")).to_have_value("Anbefalt i politiets trusselvurdering.")
        page.get_by_label("Søkt dato").fill(today.isoformat())
        if measure == "Voldsalarm":  # handed over at once; code 7 waits for the registry
            page.get_by_label("Innvilget dato").fill(today.isoformat())
        submit(page, "Lagre tiltaket")
        expect(page.get_by_text("Sikkerhetstiltaket er lagret.")).to_be_visible()
        expect(page.locator("tbody th", has_text=measure)).to_have_count(1)
        checked(page)
    expect(page.get_by_text("Politiet anbefalte i trusselvurderingen:")).to_have_count(0)

    # 12. The action plan, a follow-up area (with the child's own plan carried
    #     from the household), contacts and the plan for permanent housing.
    visit(page, live_server, worker, f"oppfolging/{stay_pk}/plan/rediger/")
    page.get_by_label("Dato planen ble laget").fill(today.isoformat())
    page.get_by_label("Beboerens egne ord").fill("Jeg vil fullføre skolen og bo trygt med barnet")
    submit_form(page)
    checked(page)
    visit(page, live_server, worker, f"oppfolging/{stay_pk}/omrader/rediger/")
    expect(
        page.get_by_role("group", name=f"Egen oppfølgingsplan for Barn 1 (født {child_year})")
    ).to_be_visible()
    page.locator("select[name^=status_security]").select_option(label="Pågår")
    page.locator("textarea[name^=notes_security]").fill("Voldsalarm søkt")
    submit(page, "Lagre områdene")
    checked(page)
    expect(page.locator("tr", has_text="Sikkerhetsarbeid")).to_contain_text("Pågår")
    visit(page, live_server, worker, f"oppfolging/{stay_pk}/kontakter/")
    for minutes, theme in (("60", "Sikkerhet"), ("45", "Bolig")):
        page.get_by_label("Minutter").fill(minutes)
        page.get_by_label(theme, exact=True).check()
        page.get_by_label("Telefon").check()
        page.get_by_role("button", name="Registrer kontakten").click()
        page.get_by_text("Kontakten er registrert.").wait_for()
    expect(page.locator("#contact-table tbody tr")).to_have_count(2)
    checked(page)
    visit(page, live_server, worker, f"{resident}boligplan/")
    page.locator("#id_text").fill("Søker kommunal bolig i Kommune A")
    submit_form(page)
    checked(page)

    # The resident overview as the worker sees it now: named, with the day count.
    visit(page, live_server, worker, resident)
    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.locator(".bt-resident-header")).to_contain_text("dag 1 av 9 måneder")
    screenshot(page, "resident-overview.png")

    # On a phone (390 × 844) the main pages fit the screen without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    for user, path in [(coordinator, ""), (worker, "beboere/"), (worker, resident)]:
        visit(page, live_server, user, path)
        assert_fits_a_phone(page)
    page.set_viewport_size({"width": 1280, "height": 720})

    # 13. The project lead sends the 3-month report, which starts from the housing plan.
    assert work(page, live_server, directorate) == []
    visit(page, live_server, lead, f"rapportering/opphold/{stay_pk}/")
    link(page, "Etter 3 måneder: plan for flytting til permanent bolig")
    plan_field = page.get_by_label("Plan for flytting til permanent bolig")
    expect(plan_field).to_have_value("Søker kommunal bolig i Kommune A")
    plan_field.fill("Søker kommunal bolig i Kommune A. Venter på svar.")
    submit(page, "Send rapporten")
    expect(page.get_by_text("Rapporten er sendt til Bufdirs representant.")).to_be_visible()
    checked(page)

    # 14. The directorate representative reads it from the start page, by pseudonym.
    assert work(page, live_server, directorate) == ["1 ny rapport fra kommunene"]
    link(page, "1 ny rapport fra kommunene")
    row = page.locator("section[aria-labelledby=new-heading] tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text(re.compile(r"^Beboer B-\S+$"))
    assert NAME not in page.content()
    pseudonym = row.locator("td").nth(1).inner_text()
    follow(page, row.locator("a"))
    checked(page)
    expect(page.get_by_text("Visningen er logget.")).to_be_visible()
    expect(page.get_by_text(pseudonym).first).to_be_visible()
    expect(page.get_by_text("Venter på svar.")).to_be_visible()
    assert NAME not in page.content()
    submit(page, "Marker som lest")
    checked(page)
    assert work(page, live_server, directorate) == []
    assert "Ingen nye rapporter." in empty_text(page)

    # 15. Transfer checklist and move-out.
    visit(page, live_server, worker, f"{resident}overforing/")
    for index in range(6):
        page.locator(f"main input[type=radio][value=not_needed] >> nth={index}").check()
    submit_form(page)
    checked(page)
    visit(page, live_server, worker, f"{resident}utflytting/")
    page.locator("#id_moved_out_on").fill(today.isoformat())
    page.locator("#id_destination_0").check()
    submit_form(page)
    expect(page.get_by_text("Egen bolig – alene")).to_be_visible()
    checked(page)

    # 16. Closure is refused while the alarm is not returned and code 7 is pending.
    visit(page, live_server, lead, resident)
    expect(primary).to_have_text("Avslutt oppholdet")
    follow(page, primary)
    checked(page)
    for code in INDICATORS:
        page.locator(f"#id_{code}_0").check()
    page.locator("#id_destination_0").check()
    submit_form(page)
    summary = page.locator(".ds-error-summary")
    expect(summary).to_contain_text("Voldsalarm: ikke levert tilbake")
    expect(summary).to_contain_text("Fortrolig adresse (kode 7): venter på svar")
    checked(page)
    close_url = page.url

    # The worker records the alarm returned and code 7 ended; then it closes.
    visit(page, live_server, worker, f"oppfolging/{stay_pk}/tiltak/")
    for measure in ("Voldsalarm", "Fortrolig adresse (kode 7)"):
        link(page, f"Endre {measure}")
        page.get_by_label("Innvilget dato").fill(today.isoformat())  # code 7 came through
        page.get_by_label("Levert tilbake eller avsluttet").fill(today.isoformat())
        submit(page, "Lagre tiltaket")
        expect(page.get_by_text("Sikkerhetstiltaket er lagret.")).to_be_visible()
        checked(page)
    visit(page, live_server, lead, close_url.removeprefix(live_server.url + "/"))
    for code in INDICATORS:
        page.locator(f"#id_{code}_0").check()
    page.locator("#id_destination_0").check()
    submit_form(page)
    expect(page.get_by_text(re.compile("Oppholdet ble avsluttet"))).to_be_visible()
    checked(page)
    expect(page.get_by_text(re.compile(r"dager? igjen"))).to_have_count(0)

    # 17. The statistics count the stay, in words people can read.
    visit(page, live_server, lead, "rapportering/statistikk/")
    expect(
        page.get_by_text("Du ser de faktiske tallene for din kommune.", exact=False)
    ).to_be_visible()
    # The project lead sees her municipality's real numbers; by hand:
    for label, figure in [
        ("Tildelinger", "1"),
        ("Flyttet inn", "1"),
        ("Kvinner", "1"),
        ("Barn som flyttet med", "1"),
        ("Personer i alt (beboere, partnere og barn)", "2"),
        ("Flyttet ut i perioden", "1"),
        ("Andel med trusselvurdering før innflytting", "100 %"),
        ("Egen bolig – alene", "1"),
        ("Har hatt en trygg bolig", "1"),
    ]:
        assert figure_for(page, label) == figure, label
    assert_no_code_keys(page)
    screenshot(page, "statistics.png")


def test_it_closes_an_inquiry_without_a_place(
    page: Page, live_server: Any, story: dict[str, Any]
) -> None:
    coordinator = story["coordinator"]
    new_inquiry(page, live_server, coordinator, "Minoritetsrådgiver ringte, hun vil vente")
    assert work(page, live_server, coordinator) == ["1 åpen henvendelse"]
    link(page, "1 åpen henvendelse")
    link(page, re.compile(": Krisesenter$"))
    link(page, "Avslutt uten plass")
    submit(page, "Avslutt uten plass")  # no reason or guidance yet: refused, nothing saved
    expect(page.locator("#id_guidance")).to_have_attribute("aria-invalid", "true")
    checked(page)
    page.locator("#id_no_place_reason_0").check()  # Utsatte bruddet
    page.locator("#id_guidance").fill("Rådet om krisesenteret og politiets nødnummer")
    submit(page, "Avslutt uten plass")
    expect(page.get_by_text("Henvendelsen er avsluttet uten plass.")).to_be_visible()
    expect(page.get_by_text("Utsatte bruddet")).to_be_visible()
    checked(page)
    assert work(page, live_server, coordinator) == []
    assert "Ingen åpne henvendelser nå." in empty_text(page)

    # The statistics count the inquiry and its outcome in words, not codes.
    link(page, "Statistikk")
    page.get_by_label("Fra og med").fill(dates.today().replace(month=1, day=1).isoformat())
    page.get_by_label("Til og med").fill(dates.today().isoformat())
    submit(page, "Vis statistikk")
    checked(page)
    # One inquiry, nationally: shown as a small number, with its outcome named.
    assert figure_for(page, "Henvendelser i alt") == "<5"
    assert figure_for(page, "Ikke plass") == "<5"
    expect(page.get_by_text("<5: 1–4 personer, skjult for å verne personvern.")).to_be_visible()
    assert_no_code_keys(page)
