"""Every start page shows the work that waits, and says "nothing waits" only when nothing does.

Found when the story was played: the project lead read «Ingen forslag eller
frister venter på deg» with two proposals waiting and three deadlines passed;
the coordinator «Ingen åpne henvendelser nå» with one open; the police
representative nothing with five in the queue; the directorate «Ingen nye
rapporter» with 24 new. The world below is built by hand and the expected
lines are written out from it.
"""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from referrals import services as referral_services
from reporting.models import MilestoneReport
from tests import factories as f


def _page(client_for, user) -> str:
    return client_for(user).get(reverse("home")).content.decode()


def test_nothing_waits_and_the_page_says_so(cast, client_for):
    page = _page(client_for, cast["project_lead_a"])
    assert "Ingen forslag eller frister venter på deg." in page


def test_each_role_sees_its_waiting_work(cast, orgs, client_for):
    coordinator, police = cast["coordinator"], cast["police_representative"]
    # One open inquiry; one assessment waiting for the police (consent given).
    f.InquiryFactory.create(registered_by=coordinator)
    waiting = f.AssessmentFactory.create(assessed_by_user=coordinator)
    f.ConsentFactory.create(person=waiting.person, recorded_by=coordinator)
    # One proposal to municipality A, waiting for the project lead's answer.
    place = f.cleared_place(municipality=orgs["municipality_a"], by=coordinator)
    ready, _threat = f.ready_for_a_place(
        municipality=orgs["municipality_a"], coordinator=coordinator, police=police
    )
    referral_services.allocation_propose(
        assessment=ready, place=place, expected_arrival_on=dates.today(), by=coordinator
    )
    # A resident in A who moved in 120 days ago: the 3-month report is past due.
    stay = f.stay_through_services(
        municipality=orgs["municipality_a"],
        coordinator=coordinator,
        police=police,
        lead=cast["project_lead_a"],
        allocated_days_ago=130,
        moved_in_days_ago=120,
        worker=cast["followup_worker_a"],
    )
    # One report sent to the directorate and not opened yet.
    MilestoneReport.objects.create(
        stay=stay,
        kind="three_months",
        due_on=dates.today(),
        place_vacant=False,
        submitted_by=cast["project_lead_a"],
        submitted_on=dates.today(),
    )
    reads_before = AuditEntry.objects.filter(action__endswith=".listed").count()

    expected = {
        "coordinator": [
            "1 åpen henvendelse",
            "1 kartlegging venter på trusselvurdering",
            "1 forslag venter på svar fra botilbudet",
        ],
        "police_representative": ["1 kartlegging venter på trusselvurdering"],
        "project_lead_a": ["1 forslag om tildeling venter på svar"],
        "directorate_representative": ["1 ny rapport fra kommunene"],
    }
    for role, lines in expected.items():
        page = _page(client_for, cast[role])
        for line in lines:
            assert line in page, (role, line)
    lead = _page(client_for, cast["project_lead_a"])
    assert "Ingen forslag eller frister venter på deg." not in lead
    # The 3-month report was sent, so nothing is late for the directorate;
    # before it was sent the resident's worker saw it as a passed deadline.
    assert "ikke sendt innen fristen" not in _page(client_for, cast["directorate_representative"])
    # Counting reads nobody: the start pages wrote no list-read rows.
    assert AuditEntry.objects.filter(action__endswith=".listed").count() == reads_before


def test_a_passed_deadline_is_urgent_on_the_workers_start_page(cast, orgs, client_for):
    f.stay_through_services(
        municipality=orgs["municipality_a"],
        coordinator=cast["coordinator"],
        police=cast["police_representative"],
        lead=cast["project_lead_a"],
        allocated_days_ago=130,
        moved_in_days_ago=120,
        worker=cast["followup_worker_a"],
    )
    page = _page(client_for, cast["followup_worker_a"])
    assert "1 frist er passert" in page
    assert "Haster" in page
    assert "Du har ingen beboere å følge opp nå." not in page
    directorate = _page(client_for, cast["directorate_representative"])
    assert "1 rapport er ikke sendt innen fristen" in directorate
    # The worker in B has no resident and nothing waiting.
    assert "Du har ingen beboere å følge opp nå." in _page(client_for, cast["followup_worker_b"])


def test_the_counts_match_the_queues_they_link_to(cast, orgs, client_for):
    coordinator = cast["coordinator"]
    for _ in range(3):
        f.InquiryFactory.create(registered_by=coordinator)
    page = _page(client_for, coordinator)
    assert "3 åpne henvendelser" in page
    from referrals.selectors import workbench

    assert len(workbench(fetched_by=coordinator).open_inquiries) == 3


def test_the_local_police_see_a_security_conversation_that_is_due(cast, orgs, member, client_for):
    """Found in the story: «Ingen oppgaver venter på deg» while a conversation was due."""
    from accounts.models import Role
    from followup import services as followup_services
    from followup.models import ChecklistItem

    police = cast["local_police_a"]
    police_b = member(Role.LOCAL_POLICE, orgs["police_b"])
    assert "Ingen oppgaver venter på deg." in _page(client_for, police)
    stay = f.stay_through_services(
        municipality=orgs["municipality_a"],
        coordinator=cast["coordinator"],
        police=cast["police_representative"],
        lead=cast["project_lead_a"],
        allocated_days_ago=12,
        moved_in_days_ago=10,
        worker=cast["followup_worker_a"],
    )
    reads_before = AuditEntry.objects.filter(action__endswith=".listed").count()
    page = _page(client_for, police)
    assert "1 beboer venter på sikkerhetssamtale" in page
    assert "Ingen oppgaver venter på deg." not in page
    # The police of district B have no resident there: nothing waits on them.
    assert "Ingen oppgaver venter på deg." in _page(client_for, police_b)
    # Counting reads nobody: no list-read rows.
    assert AuditEntry.objects.filter(action__endswith=".listed").count() == reads_before

    followup_services.conversation_save(
        stay=stay,
        by=police,
        held_on=dates.today(),
        police_participants="Politikontakt",
        staff_participants="Miljøterapeut",
        items={item: (True, "") for item in ChecklistItem.values},
    )
    page = _page(client_for, police)
    assert "venter på sikkerhetssamtale" not in page
    assert "Ingen oppgaver venter på deg." in page
