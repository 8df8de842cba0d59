"""The resident pages and forms audit what they show (SECURITY.md 21).

Found by the privacy auditor: the GET forms of move-in, household, planned
move-out, housing plan, transfer, move-out and aftercare show the resident's
name and wrote no audit row; nor did the arrival timetable. The table is
written from the templates (stays/form.html shows ``stay.person.name``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from stays import services
from stays.models import HouseholdMember

WORKER, LEAD = "followup_worker_a", "project_lead_a"

# (page, who, action, fields the row must name)
PAGES = [
    ("stays:move_in", WORKER, "stays.resident.opened", {"person.name"}),
    ("stays:household_add", WORKER, "stays.resident.opened", {"person.name"}),
    ("stays:move_out", WORKER, "stays.resident.opened", {"person.name"}),
    ("stays:partner_add", WORKER, "stays.resident.opened", {"person.name"}),
    ("stays:timetable_item_create", WORKER, "stays.resident.opened", {"person.name"}),
    (
        "stays:planned_move_out",
        WORKER,
        "stays.planned_move_out.opened",
        {"person.name", "planned_move_out_on"},
    ),
    ("stays:housing_plan", WORKER, "stays.housing_plan.opened", {"person.name", "housing_plan"}),
    ("stays:transfer", WORKER, "stays.transfer.opened", {"person.name", "transfer_items.note"}),
    ("stays:aftercare", WORKER, "stays.aftercare.opened", {"person.name", "aftercare_reason"}),
    ("stays:close", LEAD, "stays.close.opened", {"person.name", "destination"}),
    ("stays:timetable", WORKER, "stays.timetable.viewed", {"timetable.title"}),
    ("stays:overview", WORKER, "stays.resident.viewed", {"person.name", "household.birth_year"}),
]


@pytest.mark.parametrize(("page", "who", "action", "shown"), PAGES)
def test_each_page_writes_one_row_naming_what_it_shows(
    page: str, who: str, action: str, shown: set[str], living: Any, cast: Any, client_for: Any
) -> None:
    from access.tests.test_marker_scan import database_state

    user = cast[who]
    client = client_for(user)
    before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    state = database_state()
    response = client.get(reverse(page, args=[living.pk]))
    assert response.status_code == 200
    assert living.person.name in response.content.decode() or page == "stays:timetable"
    (entry,) = AuditEntry.objects.filter(seq__gt=before)
    assert (entry.action, entry.actor_id) == (action, user.pk)
    assert (entry.object_type, entry.object_id) == ("stays.Stay", str(living.pk))
    assert shown <= set(entry.fields), shown - set(entry.fields)
    assert database_state() == state  # GET changes nothing but the audit log


def test_a_form_about_one_row_names_that_row(living, cast, client_for):
    member = HouseholdMember.objects.create(stay=living, kind="child", birth_year=2020)
    client_for(cast[WORKER]).get(reverse("stays:household_remove", args=[living.pk, member.pk]))
    (entry,) = AuditEntry.objects.filter(action="stays.household_member.opened")
    assert (entry.object_type, entry.object_id) == ("stays.HouseholdMember", str(member.pk))
    assert {"kind", "birth_year", "stay.person.name"} <= set(entry.fields)


def test_the_printed_timetable_names_the_descriptions_it_prints(living, cast, client_for):
    response = client_for(cast[WORKER]).get(reverse("stays:timetable_pdf", args=[living.pk]))
    assert response.status_code == 200
    (entry,) = AuditEntry.objects.filter(action="stays.timetable.printed")
    assert "timetable.description" in entry.fields


def test_the_competence_teams_summary_logs_every_stay_it_lists(living, cast, client_for):
    client_for(cast["coordinator"]).get(reverse("stays:summary_list"))
    listed = AuditEntry.objects.filter(action="stays.summary.listed")
    assert [e.object_id for e in listed] == [str(living.pk)]
    assert "person.name" not in listed[0].fields  # the summary shows no name


def test_the_notes_page_names_each_note_field(living, cast, client_for):
    services.housing_plan_save(stay=living, text="Søker kommunal bolig", by=cast[WORKER])
    client_for(cast[WORKER]).post(reverse("stays:notes", args=[living.pk]))
    (entry,) = AuditEntry.objects.filter(action="stays.note.viewed")
    assert {
        "housing_plan",
        "household.first_name",
        "goal_indicators.social_network_note",
    } <= set(entry.fields)
    assert "goal_indicators.notes" not in entry.fields  # a name that leads nowhere


def test_the_summary_pages_ended_stays_and_audits_only_the_page_shown(
    living, cast, client_for, orgs
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from housing.models import Offer
    from stays.selectors import ENDED_STAYS_PER_PAGE
    from tests import factories as f

    offer = Offer.objects.get(pk=living.offer_id)
    today = living.allocated_on
    coordinator = client_for(cast["coordinator"])
    url = reverse("stays:summary_list")

    def ended(n: int) -> None:
        for i in range(n):
            f.StayFactory.create(
                offer=offer,
                moved_in_on=today.replace(year=today.year - 5) + dt.timedelta(days=i),
                moved_out_on=today.replace(year=today.year - 4) + dt.timedelta(days=i),
                closed_on=today.replace(year=today.year - 4) + dt.timedelta(days=i),
            )

    ended(3)
    with CaptureQueriesContext(connection) as few:
        small = coordinator.get(url).content.decode()
    assert "Pågående: 1 opphold" in small and "Avsluttet: 3 opphold" in small
    ended(ENDED_STAYS_PER_PAGE + 7)  # 60 ended: two pages of 50 and 10
    with CaptureQueriesContext(connection) as many:
        large = coordinator.get(url).content.decode()
    assert len(many) == len(few)
    assert "Avsluttet: 60 opphold" in large and "Side 1 av 2" in large
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    second = coordinator.get(url, {"side": 2}).content.decode()
    assert "Side 2 av 2" in second
    listed = AuditEntry.objects.filter(pk__gt=before, action="stays.summary.listed").count()
    assert listed == 1 + 10  # the living stay and the ten on the last page
