"""Hours per week, hours per theme, deadlines and the overview helpers."""

from __future__ import annotations

import datetime as dt

from core import dates
from followup import selectors, services

TODAY = dates.today()


def _contact(stay, by, days_after_arrival, minutes, themes=("security",), **extra):
    return services.contact_create(
        stay=stay,
        by=by,
        contact_on=stay.moved_in_on + dt.timedelta(days=days_after_arrival),
        minutes=minutes,
        form="in_person",
        with_whom="resident",
        themes=list(themes),
        **extra,
    )


def test_it_sums_hours_per_week_from_the_day_of_arrival(make_stay, cast):
    stay = make_stay(moved_in_days_ago=20)  # weeks 1, 2, 3 (the third not over)
    worker = cast["followup_worker_a"]
    _contact(stay, worker, 0, 240)
    _contact(stay, worker, 6, 150)  # last day of week 1
    _contact(stay, worker, 7, 60, heavy_strain=True)  # first day of week 2
    _contact(stay, worker, 20, 120)
    weekly = selectors.weekly_hours(stay)
    assert [w.number for w in weekly.weeks] == [1, 2, 3]
    assert [w.minutes for w in weekly.weeks] == [390, 60, 120]
    assert [w.hours_text for w in weekly.weeks] == ["6,5", "1", "2"]
    assert [w.contacts for w in weekly.weeks] == [2, 1, 1]
    assert [w.heavy_strain for w in weekly.weeks] == [False, True, False]
    assert [w.partial for w in weekly.weeks] == [False, False, True]
    assert weekly.total_minutes == 570
    assert weekly.summary() == (
        "Oppfølgingen har gått ned fra 6,5 timer i uke 1 til 2 timer siste uke (uke 3)."
    )


def test_it_counts_empty_weeks_as_zero(make_stay, cast):
    stay = make_stay(moved_in_days_ago=21)
    _contact(stay, cast["followup_worker_a"], 0, 30)
    weekly = selectors.weekly_hours(stay)
    assert [w.minutes for w in weekly.weeks] == [30, 0, 0, 0]


def test_it_says_so_when_there_are_no_contacts(stay_a):
    assert selectors.weekly_hours(stay_a).summary() == "Ingen kontakter er registrert ennå."
    assert selectors.weekly_hours(stay_a).total_minutes == 0


def test_it_marks_aftercare_weeks(make_stay, cast):
    stay = make_stay(moved_in_days_ago=30, moved_out_days_ago=14)
    _contact(stay, cast["followup_worker_a"], 28, 45)  # after move-out
    weekly = selectors.weekly_hours(stay)
    assert weekly.weeks[-1].aftercare
    assert weekly.weeks[-1].minutes == 45
    assert not weekly.weeks[0].aftercare


def test_it_sums_hours_by_theme_in_a_period_over_several_stays(make_stay, cast):
    one, two = make_stay(moved_in_days_ago=30), make_stay(moved_in_days_ago=30)
    worker = cast["followup_worker_a"]
    _contact(one, worker, 1, 60, themes=("security", "mental_health"))
    _contact(two, worker, 2, 30, themes=("security",))
    _contact(two, worker, 25, 90, themes=("housing",))  # outside the period
    start, end = one.moved_in_on, one.moved_in_on + dt.timedelta(days=10)
    hours = selectors.hours_by_theme([one, two], start, end)
    assert hours["security"] == 1.5
    assert hours["mental_health"] == 1.0
    assert hours["housing"] == 0.0
    assert set(hours) >= {"economy", "family", "school_work"}
    from stays.models import Stay

    assert selectors.hours_by_theme(Stay.objects.filter(pk=two.pk), start, TODAY)["housing"] == 1.5


def test_it_lists_the_last_contacts_without_notes(stay_a, cast):
    for day in range(3):
        _contact(stay_a, cast["followup_worker_a"], day, 10 + day, note="HEMMELIG-NOTAT")
    rows = selectors.last_contacts(stay_a, 2, fetched_by=cast["followup_worker_a"])
    assert [r.minutes for r in rows] == [12, 11]
    assert "HEMMELIG" not in repr(rows)
    assert "12 min" in str(rows[0])


def test_it_answers_hooks_only_within_the_users_reach(stay_a, cast):
    _contact(stay_a, cast["followup_worker_a"], 1, 10)
    assert selectors.last_contacts(stay=stay_a, fetched_by=cast["followup_worker_a"])
    assert selectors.last_contacts(stay=stay_a, fetched_by=cast["followup_worker_b"]) == []
    assert selectors.last_contacts(stay=stay_a, fetched_by=cast["coordinator"]) == []
    # No acting user is nobody, not everybody.
    assert selectors.last_contacts(stay=stay_a, fetched_by=None) == []
    assert selectors.open_measures(stay=stay_a, fetched_by=None) == []
    services.plan_save(stay=stay_a, by=cast["followup_worker_a"], made_on=TODAY, own_words="")
    assert selectors.plan_status(stay_a, fetched_by=cast["followup_worker_a"]) is not None
    assert selectors.plan_status(stay_a, fetched_by=cast["followup_worker_b"]) is None
    assert selectors.plan_status(stay_a, fetched_by=None) is None


def test_it_lists_open_measures_with_waiting_days(stay_a, cast):
    worker = cast["followup_worker_a"]
    services.measure_save(
        stay=stay_a,
        by=worker,
        kind="code_6",
        chosen=True,
        reason="x",
        applied_on=TODAY - dt.timedelta(days=56),
    )
    services.measure_save(
        stay=stay_a, by=worker, kind="code_7", chosen=False, reason="kode 6 i stedet"
    )
    services.measure_save(
        stay=stay_a,
        by=worker,
        kind="violence_alarm",
        chosen=True,
        reason="x",
        applied_on=TODAY - dt.timedelta(days=20),
        granted_on=TODAY - dt.timedelta(days=18),
        ended_on=TODAY - dt.timedelta(days=1),
    )
    rows = selectors.open_measures(stay_a, fetched_by=worker)
    assert [(r.kind, r.state, r.waiting_days) for r in rows] == [("code_6", "waiting", 56)]
    assert "56 dager" in str(rows[0])
    assert selectors.open_measures(stay=stay_a, fetched_by=cast["local_police_a"])
    assert selectors.open_measures(stay=stay_a, fetched_by=cast["followup_worker_b"]) == []


def test_it_puts_the_next_evaluation_three_months_after_the_latest(stay_a, cast):
    worker = cast["followup_worker_a"]
    assert selectors.next_plan_evaluation_due(stay_a) is None
    plan = services.plan_save(stay=stay_a, by=worker, made_on=dt.date(2026, 5, 4), own_words="")
    assert selectors.next_plan_evaluation_due(stay_a) == dates.deadline(dt.date(2026, 8, 4))
    services.evaluation_create(plan=plan, by=worker, evaluated_on=dt.date(2026, 8, 1), summary="ok")
    # 1 November 2026 is a Sunday: the deadline moves to Monday.
    assert selectors.next_plan_evaluation_due(stay_a) == dt.date(2026, 11, 2)
    status = selectors.plan_status(stay_a, fetched_by=worker, today=dt.date(2026, 11, 3))
    assert status is not None and status.due_state == "overdue"
    assert "Neste evaluering 02.11.2026 (forfalt)" in str(status)
    stay_a.moved_out_on = TODAY
    assert selectors.next_plan_evaluation_due(stay_a) is None  # nothing is due after move-out


def test_it_names_children_without_a_plan(stay_a, cast, add_child):
    assert selectors.missing_child_plans(stay_a) == []
    first, second = add_child(stay_a, 2018), add_child(stay_a, 2020)
    assert [c.pk for c in selectors.missing_child_plans(stay_a)] == [first.pk, second.pk]
    services.areas_save(
        stay=stay_a,
        by=cast["followup_worker_a"],
        values={("child_plan", first.pk): ("not_started", "")},
    )
    assert len(selectors.missing_child_plans(stay_a)) == 2  # not started is no plan yet
    services.areas_save(
        stay=stay_a,
        by=cast["followup_worker_a"],
        values={("child_plan", first.pk): ("in_progress", "")},
    )
    assert [c.pk for c in selectors.missing_child_plans(stay_a)] == [second.pk]
    assert "født 2020" in str(selectors.missing_child_plans(stay_a)[0])
