"""Deadlines: dates (working days), states, and who sees which."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from reporting import deadlines as dl
from reporting.models import MilestoneKind, MilestoneReport
from reporting.selectors import overdue_markers

D = dt.date


def test_it_moves_a_milestone_on_a_weekend_or_holiday_to_the_next_working_day() -> None:
    # 2026-01-17 is a Saturday; 3 months later is Friday 17 April 2026.
    owed = dl.milestone_due_dates(moved_in_on=D(2026, 1, 17), planned_move_out_on=None)
    assert owed[MilestoneKind.THREE_MONTHS] == D(2026, 4, 17)
    # 9 months after 2025-08-17 is Sunday 17 May 2026 (also Constitution Day) -> Monday 18 May.
    owed = dl.milestone_due_dates(moved_in_on=D(2025, 8, 17), planned_move_out_on=D(2026, 5, 1))
    assert owed[MilestoneKind.NINE_MONTHS] == D(2026, 5, 18)
    # One month before 2026-05-01 is 2026-04-01, a Wednesday before Easter: unchanged.
    assert owed[MilestoneKind.BEFORE_MOVE_OUT] == D(2026, 4, 1)
    # Maundy Thursday 2026-04-02 -> Tuesday 7 April (Good Friday, Easter Monday).
    owed = dl.milestone_due_dates(moved_in_on=D(2025, 7, 2), planned_move_out_on=None)
    assert owed[MilestoneKind.NINE_MONTHS] == D(2026, 4, 7)


def test_a_stay_that_moved_out_early_owes_only_what_fell_due_before() -> None:
    owed = dl.milestone_due_dates(
        moved_in_on=D(2026, 1, 5), planned_move_out_on=D(2026, 10, 5), moved_out_on=D(2026, 5, 1)
    )
    assert list(owed) == [MilestoneKind.THREE_MONTHS]


def test_the_states_follow_the_date() -> None:
    today = D(2026, 3, 10)
    assert dl.state_for(D(2026, 3, 9), today=today) == dl.State.OVERDUE
    assert dl.state_for(D(2026, 3, 10), today=today) == dl.State.DUE
    assert dl.state_for(D(2026, 3, 24), today=today) == dl.State.SOON
    assert dl.state_for(D(2026, 3, 25), today=today) == dl.State.LATER
    assert dl.state_for(D(2026, 3, 1), today=today, done=True) == dl.State.DONE


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False)
def test_municipal_staff_see_their_own_milestones_and_nobody_elses(
    cast: dict[str, Any], make_stay: Any
) -> None:
    stay_a = make_stay("a", moved_in_on=D(2026, 2, 2), planned_move_out_on=D(2026, 11, 2))
    make_stay("b", moved_in_on=D(2026, 2, 2))
    lead = dl.deadlines_for(cast["project_lead_a"])
    milestones = [d for d in lead if d.kind == dl.Kind.MILESTONE]
    assert {d.obj.pk for d in milestones} == {stay_a.pk}
    # 2 May 2026 is a Saturday -> Monday 4 May: overdue on 1 June.
    three = next(d for d in milestones if d.subkind == MilestoneKind.THREE_MONTHS)
    assert (three.due_on, three.state) == (D(2026, 5, 4), dl.State.OVERDUE)
    assert [
        d.obj.pk for d in dl.deadlines_for(cast["followup_worker_b"]) if d.kind == dl.Kind.MILESTONE
    ] != [stay_a.pk]
    for role in ("directorate_representative", "analyst", "sysadmin", "local_police_a"):
        assert not [d for d in dl.deadlines_for(cast[role]) if d.kind == dl.Kind.MILESTONE]


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False)
def test_a_submitted_report_is_done_and_leaves_my_list(
    cast: dict[str, Any], make_stay: Any
) -> None:
    stay = make_stay("a", moved_in_on=D(2026, 2, 2))
    MilestoneReport.objects.create(
        stay=stay,
        kind=MilestoneKind.THREE_MONTHS,
        due_on=D(2026, 5, 4),
        housing_plan="Plan",
        submitted_by=cast["project_lead_a"],
        submitted_on=D(2026, 5, 4),
    )
    kinds = {
        d.subkind for d in dl.deadlines_for(cast["project_lead_a"]) if d.kind == dl.Kind.MILESTONE
    }
    assert MilestoneKind.THREE_MONTHS not in kinds


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False)
def test_imported_stays_owe_no_reports(cast: dict[str, Any], make_stay: Any) -> None:
    make_stay("a", moved_in_on=D(2026, 2, 2), is_imported=True, import_reference="R1")
    assert not dl.deadlines_for(cast["project_lead_a"])


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False)
def test_clearance_renewals_go_to_the_police(cast: dict[str, Any], offers: dict[str, Any]) -> None:
    from tests.factories import ClearanceFactory, DwellingFactory

    dwelling: Any = DwellingFactory(offer=offers["a"], in_use_from=D(2025, 1, 1))
    ClearanceFactory(
        dwelling=dwelling,
        cleared_on=D(2025, 6, 1),
        valid_until=D(2026, 6, 10),
        recorded_by=cast["local_police_a"],
    )
    for role in ("local_police_a", "police_representative"):
        found = [d for d in dl.deadlines_for(cast[role]) if d.kind == dl.Kind.CLEARANCE_RENEWAL]
        assert [(d.obj.pk, d.state) for d in found] == [(dwelling.pk, dl.State.SOON)]
    assert not [
        d for d in dl.deadlines_for(cast["coordinator"]) if d.kind == dl.Kind.CLEARANCE_RENEWAL
    ]


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False)
def test_the_overdue_marker_selector_marks_only_overdue_objects(
    cast: dict[str, Any], make_stay: Any
) -> None:
    late = make_stay("a", moved_in_on=D(2026, 2, 2))
    fresh = make_stay("a", moved_in_on=D(2026, 5, 20))
    markers = overdue_markers(fetched_by=cast["followup_worker_a"], objects=[late, fresh])
    assert set(markers) == {late.pk}
    assert overdue_markers(fetched_by=cast["followup_worker_b"], objects=[late]) == {}
