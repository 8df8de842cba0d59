"""Every domain rule of the follow-up services: refused with a Norwegian message, nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from core import dates
from followup import services
from followup.models import (
    ChecklistItem,
    Contact,
    ContactTheme,
    FollowupArea,
    PlanEvaluation,
    SecurityConversation,
    SecurityMeasure,
    ThreatChange,
)

TODAY = dates.today()


def _contact(stay, by, **overrides):
    values: dict[str, Any] = dict(
        contact_on=TODAY, minutes=60, form="in_person", with_whom="resident", themes=["security"]
    )
    values.update(overrides)
    return services.contact_create(stay=stay, by=by, **values)


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_it_records_a_contact_with_themes_and_an_audit_row(stay_a, cast):
    worker = cast["followup_worker_a"]
    contact = _contact(stay_a, worker, themes=["security", "mental_health"], note="Hemmelig notat")
    assert contact.minutes == 60
    assert set(contact.themes.values_list("theme", flat=True)) == {"security", "mental_health"}
    entry = AuditEntry.objects.get(action="followup.contact.created")
    assert entry.object_id == str(contact.pk)
    assert "Hemmelig" not in str(entry.fields)


@pytest.mark.parametrize("days", [31, 400])
def test_it_refuses_a_contact_before_arrival(stay_a, cast, days):
    with pytest.raises(ValidationError) as exc:
        _contact(stay_a, cast["followup_worker_a"], contact_on=TODAY - dt.timedelta(days=days))
    assert _messages(exc)["contact_on"] == ["Kontakten kan ikke være før innflytting."]
    assert not Contact.objects.exists()
    assert not AuditEntry.objects.filter(action="followup.contact.created").exists()


def test_it_refuses_a_contact_before_the_resident_has_moved_in(make_stay, cast):
    stay = make_stay(moved_in_days_ago=None)
    with pytest.raises(ValidationError) as exc:
        _contact(stay, cast["followup_worker_a"])
    assert _messages(exc)["contact_on"] == ["Kontakten kan ikke være før innflytting."]


def test_it_refuses_a_contact_in_the_future(stay_a, cast):
    with pytest.raises(ValidationError) as exc:
        _contact(stay_a, cast["followup_worker_a"], contact_on=TODAY + dt.timedelta(days=1))
    assert _messages(exc)["contact_on"] == ["Kontakten kan ikke være i fremtiden."]
    assert not Contact.objects.exists()


@pytest.mark.parametrize("minutes", [0, -5, 1441, 5000])
def test_it_refuses_minutes_outside_1_to_1440(stay_a, cast, minutes):
    with pytest.raises(ValidationError) as exc:
        _contact(stay_a, cast["followup_worker_a"], minutes=minutes)
    assert "1 og 1440" in _messages(exc)["minutes"][0]
    assert not Contact.objects.exists()


@pytest.mark.parametrize("minutes", [1, 1440])
def test_it_accepts_the_edges_of_the_minutes(stay_a, cast, minutes):
    assert _contact(stay_a, cast["followup_worker_a"], minutes=minutes).minutes == minutes


def test_it_flags_contacts_after_move_out_as_aftercare(make_stay, cast):
    stay = make_stay(moved_in_days_ago=100, moved_out_days_ago=10)
    before = _contact(stay, cast["followup_worker_a"], contact_on=TODAY - dt.timedelta(days=11))
    after = _contact(stay, cast["followup_worker_a"], contact_on=TODAY - dt.timedelta(days=2))
    assert not before.is_aftercare
    assert after.is_aftercare


def test_it_requires_which_partner_service(stay_a, cast):
    with pytest.raises(ValidationError) as exc:
        _contact(stay_a, cast["followup_worker_a"], with_whom="partner_service")
    assert "samarbeidspartner" in _messages(exc)["partner"][0]


def test_it_refuses_a_partner_of_another_offer(stay_a, stay_b, cast):
    from housing.models import PartnerService

    other = PartnerService.objects.create(offer=stay_b.offer, kind="nav", name="NAV B")
    with pytest.raises(ValidationError) as exc:
        _contact(stay_a, cast["followup_worker_a"], with_whom="partner_service", partner=other)
    assert "partner" in _messages(exc)


def test_it_refuses_a_goal_of_another_stay(stay_a, stay_b, cast):
    plan_b = services.plan_save(
        stay=stay_b, by=cast["followup_worker_b"], made_on=TODAY, own_words=""
    )
    goal_b = services.goal_create(plan=plan_b, by=cast["followup_worker_b"], text="Skole")
    with pytest.raises(ValidationError) as exc:
        _contact(stay_a, cast["followup_worker_a"], goal=goal_b)
    assert "goal" in _messages(exc)


def test_it_refuses_an_unknown_theme(stay_a, cast):
    with pytest.raises(ValidationError):
        _contact(stay_a, cast["followup_worker_a"], themes=["astrology"])
    assert not ContactTheme.objects.exists()


# --- action plan ---------------------------------------------------------------------------


def test_it_refuses_an_evaluation_before_the_plan(stay_a, cast):
    plan = services.plan_save(
        stay=stay_a,
        by=cast["followup_worker_a"],
        made_on=TODAY - dt.timedelta(days=10),
        own_words="Jeg vil",
    )
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(
            plan=plan,
            by=cast["followup_worker_a"],
            evaluated_on=TODAY - dt.timedelta(days=11),
            summary="Bra",
        )
    assert _messages(exc)["evaluated_on"] == ["Evalueringen kan ikke være før planen ble laget."]
    assert not PlanEvaluation.objects.exists()


def test_it_records_an_evaluation_on_the_plan_day(stay_a, cast):
    plan = services.plan_save(
        stay=stay_a,
        by=cast["followup_worker_a"],
        made_on=TODAY - dt.timedelta(days=10),
        own_words="",
    )
    evaluation = services.evaluation_create(
        plan=plan, by=cast["followup_worker_a"], evaluated_on=plan.made_on, summary="Bra"
    )
    assert evaluation.pk
    assert AuditEntry.objects.filter(action="followup.evaluation.created").count() == 1


def test_it_refuses_moving_the_plan_after_its_first_evaluation(stay_a, cast):
    worker = cast["followup_worker_a"]
    plan = services.plan_save(
        stay=stay_a, by=worker, made_on=TODAY - dt.timedelta(days=10), own_words=""
    )
    services.evaluation_create(
        plan=plan, by=worker, evaluated_on=TODAY - dt.timedelta(days=5), summary="x"
    )
    with pytest.raises(ValidationError):
        services.plan_save(
            stay=stay_a, by=worker, made_on=TODAY - dt.timedelta(days=2), own_words=""
        )
    plan.refresh_from_db()
    assert plan.made_on == TODAY - dt.timedelta(days=10)


def test_it_builds_goals_subgoals_and_measures_with_status(stay_a, cast):
    worker = cast["followup_worker_a"]
    plan = services.plan_save(stay=stay_a, by=worker, made_on=TODAY, own_words="Jeg vil jobbe")
    goal = services.goal_create(plan=plan, by=worker, text="Arbeid")
    sub = services.goal_create(plan=plan, by=worker, text="CV", parent=goal)
    action = services.action_create(goal=sub, by=worker, text="Skrive CV", responsible="Beboer")
    services.progress_set(item=action, by=worker, status="done")
    action.refresh_from_db()
    assert action.status == "done"
    with pytest.raises(ValidationError):
        services.goal_create(plan=plan, by=worker, text="For dypt", parent=sub)
    assert {e.action for e in AuditEntry.objects.all()} >= {
        "followup.plan.created",
        "followup.goal.created",
        "followup.plan_action.created",
        "followup.plan_action.status_changed",
    }


# --- security --------------------------------------------------------------------------------


def _items(covered=True):
    return {item: (covered, "") for item in ChecklistItem.values}


def test_it_records_the_conversation_with_every_checklist_item(stay_a, cast):
    police = cast["local_police_a"]
    conversation = services.conversation_save(
        stay=stay_a,
        by=police,
        held_on=TODAY - dt.timedelta(days=27),
        police_participants="Pål",
        staff_participants="Mona",
        items=_items(),
        scenarios=[("noen banker på", "ringer 112")],
    )
    assert conversation.items.count() == len(ChecklistItem.values)
    assert stay_a.crisis_scenarios.get().response == "ringer 112"
    assert AuditEntry.objects.filter(action="followup.conversation.created").count() == 1


def test_it_refuses_a_conversation_missing_a_checklist_item(stay_a, cast):
    items = _items()
    items.pop("address")
    with pytest.raises(ValidationError):
        services.conversation_save(
            stay=stay_a,
            by=cast["local_police_a"],
            held_on=TODAY,
            police_participants="P",
            staff_participants="",
            items=items,
        )
    assert not SecurityConversation.objects.exists()


def test_it_refuses_a_conversation_before_arrival_or_in_the_future(stay_a, cast):
    for day in (TODAY - dt.timedelta(days=40), TODAY + dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.conversation_save(
                stay=stay_a,
                by=cast["local_police_a"],
                held_on=day,
                police_participants="P",
                staff_participants="",
                items=_items(),
            )
    assert not SecurityConversation.objects.exists()


def test_it_requires_a_reason_for_a_measure_chosen_or_not(stay_a, cast):
    with pytest.raises(ValidationError) as exc:
        services.measure_save(
            stay=stay_a, by=cast["followup_worker_a"], kind="code_6", chosen=False, reason=" "
        )
    assert "reason" in _messages(exc)
    assert not SecurityMeasure.objects.exists()


def test_it_refuses_a_grant_before_the_application(stay_a, cast):
    with pytest.raises(ValidationError) as exc:
        services.measure_save(
            stay=stay_a,
            by=cast["followup_worker_a"],
            kind="code_6",
            chosen=True,
            reason="Høy risiko",
            applied_on=TODAY - dt.timedelta(days=5),
            granted_on=TODAY - dt.timedelta(days=6),
        )
    assert "granted_on" in _messages(exc)


def test_it_ends_an_application_that_was_never_granted(stay_a, cast):
    # Code 7 applied for, still pending when she moves out: the application ends.
    measure = services.measure_save(
        stay=stay_a,
        by=cast["followup_worker_a"],
        kind="code_7",
        chosen=True,
        reason="Trusselbildet",
        applied_on=TODAY - dt.timedelta(days=20),
        ended_on=TODAY - dt.timedelta(days=2),
    )
    assert (measure.granted_on, measure.ended_on) == (None, TODAY - dt.timedelta(days=2))


def test_it_refuses_an_end_without_an_application_or_before_it(stay_a, cast):
    worker = cast["followup_worker_a"]
    with pytest.raises(ValidationError) as exc:
        services.measure_save(
            stay=stay_a, by=worker, kind="code_7", chosen=True, reason="x", ended_on=TODAY
        )
    assert "applied_on" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.measure_save(
            stay=stay_a,
            by=worker,
            kind="code_7",
            chosen=True,
            reason="x",
            applied_on=TODAY - dt.timedelta(days=3),
            ended_on=TODAY - dt.timedelta(days=4),
        )
    assert "ended_on" in _messages(exc)
    assert not SecurityMeasure.objects.exists()


def test_it_refuses_the_same_measure_twice_but_allows_several_others(stay_a, cast):
    worker = cast["followup_worker_a"]
    services.measure_save(
        stay=stay_a, by=worker, kind="violence_alarm", chosen=True, reason="Trengs"
    )
    with pytest.raises(ValidationError) as exc:
        services.measure_save(
            stay=stay_a, by=worker, kind="violence_alarm", chosen=False, reason="Nei"
        )
    assert "kind" in _messages(exc)
    services.measure_save(stay=stay_a, by=worker, kind="other", chosen=True, reason="Skjerming 1")
    services.measure_save(stay=stay_a, by=worker, kind="other", chosen=True, reason="Skjerming 2")
    assert SecurityMeasure.objects.filter(kind="other").count() == 2


def test_it_shows_waiting_time_in_days(stay_a, cast):
    measure = services.measure_save(
        stay=stay_a,
        by=cast["followup_worker_a"],
        kind="code_6",
        chosen=True,
        reason="Risiko",
        applied_on=TODAY - dt.timedelta(days=56),
    )
    assert measure.waiting_days(TODAY) == 56
    measure = services.measure_save(
        stay=stay_a,
        by=cast["followup_worker_a"],
        measure=measure,
        kind="code_6",
        chosen=True,
        reason="Risiko",
        applied_on=TODAY - dt.timedelta(days=56),
        granted_on=TODAY - dt.timedelta(days=6),
    )
    assert measure.waiting_days(TODAY) == 50
    assert AuditEntry.objects.filter(action="followup.measure.changed").count() == 1


def test_it_records_a_threat_change(stay_a, cast):
    change = services.threat_change_create(
        stay=stay_a,
        by=cast["local_police_a"],
        recorded_on=TODAY,
        risk_level="high",
        detail="Familien har spurt etter henne",
    )
    assert ThreatChange.objects.get().detail.startswith("Familien")
    assert AuditEntry.objects.get(action="followup.threat_change.created").object_id == str(
        change.pk
    )


# --- areas -------------------------------------------------------------------------------------


def test_it_refuses_not_relevant_for_a_child_plan(stay_a, cast, add_child):
    child = add_child(stay_a)
    with pytest.raises(ValidationError) as exc:
        services.areas_save(
            stay=stay_a,
            by=cast["followup_worker_a"],
            values={("child_plan", child.pk): ("not_relevant", "")},
        )
    assert "egen oppfølgingsplan" in str(exc.value)
    assert not FollowupArea.objects.exists()


def test_it_saves_a_plan_for_each_child(stay_a, cast, add_child):
    first, second = add_child(stay_a, 2018), add_child(stay_a, 2021)
    services.areas_save(
        stay=stay_a,
        by=cast["followup_worker_a"],
        values={
            ("child_plan", first.pk): ("in_progress", "Barnehage"),
            ("child_plan", second.pk): ("done", ""),
        },
    )
    assert set(FollowupArea.objects.values_list("child_id", flat=True)) == {first.pk, second.pk}


def test_it_saves_areas_and_audits_only_changes(stay_a, cast):
    worker = cast["followup_worker_a"]
    services.areas_save(
        stay=stay_a,
        by=worker,
        values={("mapping", 0): ("done", "Kartlagt"), ("security", 0): ("in_progress", "")},
    )
    services.areas_save(
        stay=stay_a,
        by=worker,
        values={("mapping", 0): ("done", "Kartlagt"), ("security", 0): ("done", "")},
    )
    entries = list(AuditEntry.objects.filter(action="followup.areas.changed").order_by("seq"))
    assert [e.fields for e in entries] == [["mapping", "security"], ["security"]]


def test_it_refuses_a_plan_for_a_child_of_another_stay(stay_a, stay_b, cast, add_child):
    other = add_child(stay_b)
    with pytest.raises(ValidationError):
        services.areas_save(
            stay=stay_a,
            by=cast["followup_worker_a"],
            values={("child_plan", other.pk): ("done", "")},
        )
    assert not FollowupArea.objects.exists()
