"""The milestone form opens with what the stay's record says; the read is logged; GET sends nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEntry
from followup.models import FollowupArea
from reporting.models import MilestoneReport
from stays.models import GoalIndicatorAssessment

D = dt.date
pytestmark = pytest.mark.django_db

PLAN = "Søkt kommunal bolig i Drammen, svar i september."


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def stay(make_stay: Any) -> Any:
    return make_stay(
        "a", moved_in_on=D(2025, 8, 4), planned_move_out_on=D(2026, 6, 20), housing_plan=PLAN
    )


def url(stay: Any, kind: str) -> str:
    return reverse("reporting:milestone_submit", args=[stay.pk, kind])


def opened_fields() -> list[str]:
    entry = AuditEntry.objects.get(action="reporting.milestone_form.opened")
    return list(entry.fields)


def test_it_prefills_the_three_month_report_from_the_plan_and_status(
    client_for: Any, cast: Any, stay: Any
) -> None:
    FollowupArea.objects.create(
        stay=stay, area="new_housing", status="in_progress", updated_by=cast["followup_worker_a"]
    )
    FollowupArea.objects.create(
        stay=stay, area="day_activity", status="not_relevant", updated_by=cast["followup_worker_a"]
    )
    html = client_for(cast["followup_worker_a"]).get(url(stay, "three_months")).content.decode()
    # The plan as written on the stay, and the status in words (hand-written, not from the code).
    assert f"\n{PLAN}</textarea>" in html
    assert "Status: Bor i botilbudet." in html
    assert "Flyttet inn: 4. august 2025." in html
    assert "Planlagt utflytting: 20. juni 2026." in html
    assert "- Ny bolig: Pågår" in html
    # An area marked not relevant is left out; there are no indicators before closure.
    assert "Dagaktivitet" not in html and "Måloppnåelse:" not in html
    # Opening the form sends nothing.
    assert not MilestoneReport.objects.exists()
    fields = opened_fields()
    assert {"housing_plan", "status", "followup_areas.status"} <= set(fields)
    assert not any(f.startswith("goal_indicators.") for f in fields)


def test_it_adds_the_goal_indicators_where_they_exist_and_logs_reading_them(
    client_for: Any, cast: Any, stay: Any
) -> None:
    GoalIndicatorAssessment.objects.create(
        stay=stay,
        safe_dwelling="yes",
        needs_mapped="partly",
        adapted_followup="yes",
        safe_housing="no",
        services_contact="yes",
        day_activity="no",
        social_network="partly",
        safe_housing_note="NOTE-MARKER-7731",
        assessed_on=D(2026, 5, 30),
        assessed_by=cast["project_lead_a"],
    )
    html = client_for(cast["project_lead_a"]).get(url(stay, "three_months")).content.decode()
    assert "Måloppnåelse:" in html
    assert "- Har hatt en trygg bolig: Ja" in html
    assert "- Er reetablert i en trygg bosituasjon: Nei" in html
    # Notes stay on the stay: the directorate gets statuses, not the workers' notes.
    assert "NOTE-MARKER-7731" not in html
    assert "goal_indicators.safe_dwelling" in opened_fields()


def test_the_user_edits_the_prefilled_text_and_only_sending_sends_it(
    client_for: Any, cast: Any, stay: Any
) -> None:
    client = client_for(cast["followup_worker_a"])
    client.get(url(stay, "three_months"))
    assert not MilestoneReport.objects.exists()
    response = client.post(
        url(stay, "three_months"), {"housing_plan": "Endret plan.", "status_text": "Går bra."}
    )
    assert response.status_code == 302
    report = MilestoneReport.objects.get()
    assert (report.housing_plan, report.status_text) == ("Endret plan.", "Går bra.")
    # The POST carries the user's text: it reads nothing more from the record.
    assert AuditEntry.objects.filter(action="reporting.milestone_form.opened").count() == 1


def test_the_before_move_out_report_starts_from_the_status(
    client_for: Any, cast: Any, stay: Any
) -> None:
    html = client_for(cast["followup_worker_a"]).get(url(stay, "before_move_out")).content.decode()
    assert "Status: Bor i botilbudet." in html and PLAN not in html
    assert "housing_plan" not in opened_fields()


def test_the_other_municipality_gets_no_prefill(client_for: Any, cast: Any, stay: Any) -> None:
    response = client_for(cast["followup_worker_b"]).get(url(stay, "three_months"))
    assert response.status_code == 404
    assert PLAN not in response.content.decode()
    assert not AuditEntry.objects.filter(action="reporting.milestone_form.opened").exists()
