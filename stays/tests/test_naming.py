"""Residents are named by one rule (UX.md «People are people»; docs/access-model.md).

The expected answers are written by hand from the access table: the name
goes with ``view_residents`` (the offer's own project lead and follow-up
workers) and ``view_stay_security`` (the district's local police while the
stay is live); every other role gets the pseudonym «Beboer B-<id>».
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from stays import reads, selectors
from stays.models import Stay

NAME, PSEUDONYM = "name", "pseudonym"

# role -> what it sees of a resident living in municipality A (police district A)
LIVING = [
    ("coordinator", PSEUDONYM),
    ("police_representative", PSEUDONYM),
    ("directorate_representative", PSEUDONYM),
    ("project_lead_a", NAME),
    ("followup_worker_a", NAME),
    ("followup_worker_b", PSEUDONYM),
    ("local_police_a", NAME),
    ("analyst", PSEUDONYM),
    ("sysadmin", PSEUDONYM),
]
# ... and once the stay is closed: the local police's security view ends with it.
CLOSED = [
    ("project_lead_a", NAME),
    ("followup_worker_a", NAME),
    ("local_police_a", PSEUDONYM),
    ("coordinator", PSEUDONYM),
]


def _expected(answer: str, stay: Stay) -> str:
    assert stay.person is not None
    return stay.person.name if answer == NAME else f"Beboer B-{stay.pk:03d}"


@pytest.mark.parametrize(("who", "answer"), LIVING)
def test_it_names_a_living_resident_per_the_access_table(who, answer, living, cast):
    label = selectors.resident_label(living, fetched_by=cast[who])
    assert label == _expected(answer, living)


@pytest.mark.parametrize(("who", "answer"), CLOSED)
def test_it_names_a_closed_residents_stay_per_the_access_table(who, answer, living, cast):
    Stay.objects.filter(pk=living.pk).update(status=Stay.Status.CLOSED)
    living.refresh_from_db()
    assert selectors.resident_label(living, fetched_by=cast[who]) == _expected(answer, living)


def test_it_makes_the_pseudonym_from_the_stay_id_only():
    assert selectors.pseudonym(17) == "Beboer B-017"
    assert selectors.pseudonym(1234) == "Beboer B-1234"


def test_it_gives_a_stay_without_a_person_only_the_pseudonym(living, cast):
    Stay.objects.filter(pk=living.pk).update(person=None)
    living.refresh_from_db()
    label = selectors.resident_label(living, fetched_by=cast["project_lead_a"])
    assert label == f"Beboer B-{living.pk:03d}"


def test_it_audits_a_shown_name_once(living, cast):
    worker = cast["followup_worker_a"]
    selectors.resident_label(living, fetched_by=worker)
    (row,) = AuditEntry.objects.filter(action="stays.resident.named")
    assert (row.actor_id, row.object_type, row.object_id) == (
        worker.pk,
        "stays.Stay",
        str(living.pk),
    )
    assert "person.name" in row.fields


def test_it_writes_no_second_row_when_the_pages_read_names_the_person(living, cast):
    selectors.resident_label(
        living, fetched_by=cast["followup_worker_a"], covered_by=reads.RESIDENT_LIST
    )
    assert not AuditEntry.objects.filter(action="stays.resident.named").exists()


def test_it_writes_no_row_for_a_pseudonym(living, cast):
    selectors.resident_label(living, fetched_by=cast["coordinator"])
    assert not AuditEntry.objects.filter(action="stays.resident.named").exists()


def test_it_counts_the_day_of_the_stay_and_stops_at_move_out(living):
    # Moved in 100 days ago: the move-in day is day 1, so today is day 101.
    assert selectors.resident_day(living) == 101
    living.status = Stay.Status.MOVED_OUT
    living.moved_out_on = dates.today()
    assert selectors.resident_day(living) is None


def test_it_counts_no_day_before_move_in(stay):
    assert selectors.resident_day(stay) is None
    assert selectors.resident_day(stay, stay.allocated_on + dt.timedelta(days=3)) is None


# --- the header on every resident page ------------------------------------------------

ALL_TABS = [
    "Oversikt",
    "Plan",
    "Kontaktlogg",
    "Sikkerhet",
    "Husstand",
    "Rapporter",
    "Dokumenter",
    "Utflytting",
]
WORKER_PAGES = [
    "stays:overview",
    "stays:timetable",
    "stays:notes",
    "stays:household_add",
    "stays:partner_add",
    "stays:planned_move_out",
    "stays:housing_plan",
    "stays:transfer",
    "stays:move_out",
    "stays:aftercare",
    "followup:security",
    "followup:measures",
    "followup:plan",
    "followup:areas",
    "followup:contacts",
    "reporting:stay_reports",
]


def _tabs(html: str) -> list[str]:
    start = html.index('<nav aria-label="Sider om beboeren">')
    nav = html[start : html.index("</nav>", start)]
    return [part.split("<")[0] for part in nav.split('">')[1:] if part.split("<")[0].strip()]


@pytest.mark.parametrize("page", WORKER_PAGES)
def test_it_shows_the_header_on_each_resident_page(page, living, cast, client_for):
    response = client_for(cast["followup_worker_a"]).get(reverse(page, args=[living.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="bt-resident-header"') == 1
    assert living.person.name in html
    assert "dag 101 av 9 måneder" in html
    assert _tabs(html) == ALL_TABS
    assert 'aria-current="page"' in html or 'aria-current="true"' in html
    assert f"Opphold {living.pk}" not in html
    assert html.count("<h1") == 1


def test_it_shows_the_team_police_the_pseudonym_and_only_the_security_tab(living, cast, client_for):
    response = client_for(cast["police_representative"]).get(
        reverse("followup:security", args=[living.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert living.person.name not in html
    assert f"Beboer B-{living.pk:03d}" in html
    assert _tabs(html) == ["Sikkerhet"]


def test_it_marks_the_tab_of_the_page_shown(living, cast, client_for):
    html = (
        client_for(cast["followup_worker_a"])
        .get(reverse("followup:plan", args=[living.pk]))
        .content.decode()
    )
    plan = reverse("followup:plan", args=[living.pk])
    assert f'href="{plan}" aria-current="page">Plan</a>' in html
