"""The decision and plan services: the rules, the defaults, and that bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from core import dates
from decisions import services
from decisions.models import Decision, IndividualPlan

TODAY = dates.today()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def save(stay, by, **changes):
    values = {
        "service": "nav",
        "decided_on": days_ago(10),
        "outcome": "refused",
        "what": "Avslag på sosialhjelp",
    }
    return services.decision_save(stay=stay, by=by, **{**values, **changes})


def refused(stay, by, **changes):
    """Save and expect a refusal: the errors by field, and nothing written."""
    before = (Decision.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as caught:
        save(stay, by, **changes)
    assert (Decision.objects.count(), AuditEntry.objects.count()) == before
    return caught.value.message_dict


def test_it_computes_the_appeal_deadline_from_the_day_received(stay_a, cast):
    decision = save(stay_a, cast["followup_worker_a"], received_on=days_ago(8))
    expected = dates.next_working_day(days_ago(8) + dt.timedelta(days=21))
    assert decision.received_on == days_ago(8)
    assert decision.appeal_deadline == expected
    assert decision.awaits_appeal


def test_it_takes_the_decision_date_as_received_when_none_is_given(stay_a, cast):
    decision = save(stay_a, cast["followup_worker_a"])
    assert decision.received_on == days_ago(10)
    assert decision.appeal_deadline == dates.next_working_day(days_ago(10) + dt.timedelta(21))


def test_it_keeps_an_appeal_deadline_typed_by_hand_and_audits_the_write(stay_a, cast):
    worker = cast["followup_worker_a"]
    decision = save(stay_a, worker, appeal_deadline=days_ago(-40))
    assert decision.appeal_deadline == days_ago(-40)
    entry = AuditEntry.objects.get(action="decisions.decision.created")
    assert entry.actor_id == worker.pk
    assert "what" in entry.fields and "Avslag" not in str(entry.fields)


def test_it_stops_waiting_for_an_appeal_once_appealed(stay_a, cast):
    decision = save(stay_a, cast["followup_worker_a"], appealed_on=days_ago(2))
    assert not decision.awaits_appeal


def test_it_refuses_a_period_that_ends_before_it_starts(stay_a, cast):
    errors = refused(
        stay_a, cast["followup_worker_a"], period_from=days_ago(5), period_to=days_ago(6)
    )
    assert errors["period_to"] == [
        "Perioden kan ikke slutte før den starter. Rett til-datoen eller fra-datoen."
    ]


def test_it_refuses_an_end_without_a_start(stay_a, cast):
    errors = refused(stay_a, cast["followup_worker_a"], period_to=days_ago(1))
    assert "period_from" in errors


def test_it_refuses_an_appeal_deadline_before_the_decision(stay_a, cast):
    errors = refused(stay_a, cast["followup_worker_a"], appeal_deadline=days_ago(11))
    assert errors["appeal_deadline"][0].startswith("Klagefristen kan ikke være før vedtaksdatoen.")


def test_it_refuses_a_decision_received_before_it_was_made(stay_a, cast):
    errors = refused(stay_a, cast["followup_worker_a"], received_on=days_ago(11))
    assert errors["received_on"] == ["Vedtaket kan ikke være mottatt før vedtaksdatoen."]


def test_it_refuses_dates_in_the_future_and_an_appeal_before_the_decision(stay_a, cast):
    worker = cast["followup_worker_a"]
    assert refused(stay_a, worker, decided_on=days_ago(-1))["decided_on"] == [
        "Datoen kan ikke være i fremtiden."
    ]
    assert "appealed_on" in refused(stay_a, worker, appealed_on=days_ago(-1))
    assert "appealed_on" in refused(stay_a, worker, appealed_on=days_ago(20))


def test_it_refuses_an_empty_text(stay_a, cast):
    assert "what" in refused(stay_a, cast["followup_worker_a"], what="   ")


def test_it_refuses_a_closed_stay(make_stay, cast):
    stay = make_stay(status="closed", closed_on=days_ago(1))
    with pytest.raises(ValidationError):
        save(stay, cast["followup_worker_a"])
    assert not Decision.objects.exists()


def test_the_database_refuses_a_period_ending_before_it_starts(stay_a, cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            stay=stay_a,
            service="nav",
            decided_on=days_ago(10),
            received_on=days_ago(10),
            outcome="granted",
            what="x",
            period_from=days_ago(5),
            period_to=days_ago(6),
            appeal_deadline=days_ago(-10),
            recorded_by=cast["followup_worker_a"],
        )


# --- the individual plan -------------------------------------------------------------


def plan(stay, by, **changes):
    values = {"has_right": "yes", "has_plan": True, "plan_since": days_ago(3), "coordinator": ""}
    return services.plan_save(stay=stay, by=by, **{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"plan_since": None}, "Skriv når beboeren fikk individuell plan."),
        ({"plan_since": days_ago(-1)}, "Datoen kan ikke være i fremtiden."),
        (
            {"has_plan": False},
            "Beboeren har ikke individuell plan. La datoen stå tom, eller svar ja over.",
        ),
    ],
)
def test_it_refuses_a_plan_without_a_start_or_starting_in_the_future(
    changes, message, stay_a, cast
):
    with pytest.raises(ValidationError) as caught:
        plan(stay_a, cast["followup_worker_a"], **changes)
    assert caught.value.message_dict["plan_since"] == [message]
    assert not IndividualPlan.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="decisions.plan").exists()


def test_it_records_the_plan_and_audits_only_what_changed(stay_a, cast):
    worker = cast["followup_worker_a"]
    plan(stay_a, worker, coordinator="Kari Hansen, NAV")
    plan(stay_a, worker, coordinator="Kari Hansen, NAV")  # the same again: no write
    plan(stay_a, worker, coordinator="Ola Nordmann, helsestasjon")
    saved = IndividualPlan.objects.get(stay=stay_a)
    assert saved.coordinator == "Ola Nordmann, helsestasjon"
    entries = list(AuditEntry.objects.filter(action__startswith="decisions.plan").order_by("seq"))
    assert [e.action for e in entries] == ["decisions.plan.created", "decisions.plan.changed"]
    assert entries[1].fields == ["individual_plan.coordinator"]
