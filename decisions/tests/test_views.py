"""The decision pages: who gets in, what they see and record, and where the deadline shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from decisions import services
from decisions.models import Decision, IndividualPlan

TODAY = dates.today()
MARKER = "VEDTAK-MARKØR-5c1d"  # stands for any encrypted text
STAFF = ["project_lead_a", "followup_worker_a"]
OUTSIDERS = [
    "followup_worker_b",
    "coordinator",
    "police_representative",
    "directorate_representative",
    "local_police_a",
    "analyst",
    "sysadmin",
]
PAGES = ["decisions:decisions", "decisions:decision_create", "decisions:plan_edit"]


def url(name, stay, **extra):
    return reverse(name, kwargs={"stay_id": stay.pk, **extra})


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


def refused(stay, by, **extra):
    return services.decision_save(
        stay=stay,
        by=by,
        service="housing",
        decided_on=days_ago(3),
        outcome="refused",
        what=MARKER,
        **extra,
    )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", STAFF + OUTSIDERS)
def test_it_lets_only_the_offers_staff_in(page, role, stay_a, cast, client_for):
    response = client_for(cast[role]).get(url(page, stay_a))
    assert response.status_code == (200 if role in STAFF else 404)


def test_it_answers_404_for_another_municipality_and_writes_nothing(stay_a, cast, client_for):
    client = client_for(cast["followup_worker_b"])
    response = client.post(
        url("decisions:decision_create", stay_a),
        {"service": "nav", "decided_on": days_ago(1), "outcome": "granted", "what": "x"},
    )
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_it_answers_404_for_a_decision_of_another_stay(stay_a, make_stay, cast, client_for):
    worker = cast["followup_worker_a"]
    other = refused(make_stay("municipality_a"), worker)
    response = client_for(worker).get(url("decisions:decision_edit", stay_a, decision_id=other.pk))
    assert response.status_code == 404


def test_it_refuses_a_post_to_the_page(stay_a, cast, client_for):
    response = client_for(cast["followup_worker_a"]).post(url("decisions:decisions", stay_a))
    assert response.status_code == 405


def test_it_records_a_refused_decision_and_shows_its_appeal_deadline(stay_a, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    response = client.post(
        url("decisions:decision_create", stay_a),
        {
            "service": "housing",
            "decided_on": days_ago(3).isoformat(),
            "outcome": "refused",
            "what": MARKER,
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(stay=stay_a)
    deadline = dates.next_working_day(days_ago(3) + dt.timedelta(days=21))
    assert decision.appeal_deadline == deadline
    page = client.get(url("decisions:decisions", stay_a)).content.decode()
    assert f"Klagefrist {deadline:%d.%m.%Y}" in page
    assert MARKER not in page  # the text only after «vis»
    entry = AuditEntry.objects.filter(action="decisions.decisions.viewed").latest("seq")
    assert "decisions.what" not in entry.fields
    shown = client.get(url("decisions:decisions", stay_a) + "?vis=1").content.decode()
    assert MARKER in shown
    entry = AuditEntry.objects.filter(action="decisions.decisions.viewed").latest("seq")
    assert "decisions.what" in entry.fields


def test_it_shows_the_error_and_saves_nothing_for_a_period_ending_before_it_starts(
    stay_a, cast, client_for
):
    response = client_for(cast["followup_worker_a"]).post(
        url("decisions:decision_create", stay_a),
        {
            "service": "nav",
            "decided_on": days_ago(3).isoformat(),
            "outcome": "granted",
            "what": "Sosialhjelp",
            "period_from": days_ago(1).isoformat(),
            "period_to": days_ago(2).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Perioden kan ikke slutte før den starter." in response.content.decode()
    assert not Decision.objects.exists()


def test_it_changes_a_decision_to_appealed(stay_a, cast, client_for):
    worker = cast["followup_worker_a"]
    decision = refused(stay_a, worker)
    client = client_for(worker)
    form = client.get(url("decisions:decision_edit", stay_a, decision_id=decision.pk))
    assert MARKER in form.content.decode()
    assert AuditEntry.objects.filter(action="decisions.decision.opened").exists()
    response = client.post(
        url("decisions:decision_edit", stay_a, decision_id=decision.pk),
        {
            "service": "housing",
            "decided_on": days_ago(3).isoformat(),
            "outcome": "refused",
            "what": MARKER,
            "appeal_deadline": decision.appeal_deadline.isoformat(),
            "appealed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.appealed_on == TODAY
    page = client.get(url("decisions:decisions", stay_a)).content.decode()
    assert f"Klaget {TODAY:%d.%m.%Y}" in page
    assert "Klagefrist " not in page


def test_it_refuses_an_individual_plan_without_a_start_date(stay_a, cast, client_for):
    response = client_for(cast["followup_worker_a"]).post(
        url("decisions:plan_edit", stay_a), {"has_right": "yes", "has_plan": "yes"}
    )
    assert response.status_code == 200
    assert "Skriv når beboeren fikk individuell plan." in response.content.decode()
    assert not IndividualPlan.objects.exists()


def test_it_records_an_individual_plan(stay_a, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    response = client.post(
        url("decisions:plan_edit", stay_a),
        {
            "has_right": "yes",
            "has_plan": "yes",
            "plan_since": days_ago(5).isoformat(),
            "coordinator": "Kari Koordinator, NAV",
        },
    )
    assert response.status_code == 302
    page = client.get(url("decisions:decisions", stay_a)).content.decode()
    assert f"Ja, siden {days_ago(5):%d.%m.%Y}" in page
    assert "Kari Koordinator, NAV" in page


def test_the_overview_shows_the_open_appeal_deadline_and_the_plan(stay_a, cast, client_for):
    worker = cast["followup_worker_a"]
    decision = refused(stay_a, worker)
    services.plan_save(stay=stay_a, by=worker, has_right="yes", has_plan=False)
    page = client_for(worker).get(reverse("stays:overview", args=[stay_a.pk])).content.decode()
    assert f"Klagefrist {decision.appeal_deadline:%d.%m.%Y}" in page
    assert "Har rett til individuell plan, men ingen plan ennå." in page
    assert MARKER not in page
    (entry,) = AuditEntry.objects.filter(action="stays.resident.viewed")
    assert {"decisions.appeal_deadline", "individual_plan.has_plan"} <= set(entry.fields)
    assert "decisions.what" not in entry.fields


def test_my_deadlines_list_the_appeal_deadline_until_appealed(stay_a, cast, client_for):
    worker = cast["followup_worker_a"]
    decision = refused(stay_a, worker)
    client = client_for(worker)
    page = client.get(reverse("reporting:my_deadlines")).content.decode()
    assert "Klagefrist for vedtak" in page
    assert (
        client_for(cast["followup_worker_b"])
        .get(reverse("reporting:my_deadlines"))
        .content.decode()
        .count("Klagefrist for vedtak")
        == 0
    )
    decision.appealed_on = TODAY
    decision.save()
    assert (
        "Klagefrist for vedtak"
        not in client.get(reverse("reporting:my_deadlines")).content.decode()
    )
