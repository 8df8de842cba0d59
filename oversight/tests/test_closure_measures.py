"""Closing a stay settles its security measures first, and the indicators are labelled as required."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from followup import services as followup_services
from followup.models import SecurityMeasure
from stays.models import GOAL_INDICATORS, GoalIndicatorAssessment, Stay
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved_out(cast: dict[str, Any], orgs: dict[str, Any]) -> Stay:
    return f.stay_through_services(
        municipality=orgs["municipality_a"],
        coordinator=cast["coordinator"],
        police=cast["police_representative"],
        lead=cast["project_lead_a"],
        worker=cast["followup_worker_a"],
        allocated_days_ago=60,
        moved_in_days_ago=50,
        moved_out_days_ago=1,
    )


def _measure(stay: Stay, by: Any, kind: str, *, granted: bool) -> SecurityMeasure:
    applied = stay.moved_in_on
    return followup_services.measure_save(
        stay=stay,
        by=by,
        kind=kind,
        chosen=True,
        reason="Trusselvurdering",
        applied_on=applied,
        granted_on=applied + dt.timedelta(days=3) if granted and applied else None,
    )


def _data(**extra: str) -> dict[str, str]:
    data = {"closed_on": dates.today().isoformat(), "destination": "own_home_alone"}
    data.update({code: "yes" for code, _label in GOAL_INDICATORS})
    data.update(extra)
    return data


def test_it_refuses_to_close_with_an_unreturned_alarm_then_closes_once_ended(
    moved_out, cast, client_for
):
    worker = cast["followup_worker_a"]
    alarm = _measure(moved_out, worker, SecurityMeasure.Kind.VIOLENCE_ALARM, granted=True)
    code7 = _measure(moved_out, worker, SecurityMeasure.Kind.CODE_7, granted=False)
    client = client_for(cast["project_lead_a"])
    url = reverse("stays:close", args=[moved_out.pk])

    page = client.get(url).content.decode()
    assert "Voldsalarm: ikke levert tilbake" in page
    assert "Fortrolig adresse (kode 7): venter på svar" in page

    # The newest row's id, not the count: PostgreSQL does not reuse ids
    # a rolled-back test used, so a count is no boundary there.
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(url, _data())
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Oppholdet kan ikke avsluttes før sikkerhetstiltakene er avsluttet: "
        "Fortrolig adresse (kode 7): venter på svar, Voldsalarm: ikke levert tilbake."
    ) in html
    moved_out.refresh_from_db()
    assert moved_out.status == Stay.Status.MOVED_OUT and moved_out.closed_on is None
    assert not GoalIndicatorAssessment.objects.filter(stay=moved_out).exists()
    # The refusal wrote nothing but the page's own read.
    assert not AuditEntry.objects.filter(pk__gt=last).exclude(action__endswith="viewed").exists()

    # The alarm is returned (ended on the security page); code 7 still pending: refused.
    followup_services.measure_save(
        stay=moved_out,
        by=worker,
        measure=alarm,
        kind=alarm.kind,
        chosen=True,
        reason="Trusselvurdering",
        applied_on=alarm.applied_on,
        granted_on=alarm.granted_on,
        ended_on=dates.today(),
    )
    html = client.post(url, _data()).content.decode()
    assert "sikkerhetstiltakene er avsluttet: Fortrolig adresse (kode 7): venter på svar." in html
    moved_out.refresh_from_db()
    assert moved_out.status == Stay.Status.MOVED_OUT

    # Code 7 explicitly acknowledged: closed, and the acknowledgement is audited.
    response = client.post(url, _data(**{f"measure_{code7.pk}": "on"}))
    assert response.status_code == 302
    moved_out.refresh_from_db()
    assert moved_out.status == Stay.Status.CLOSED
    acknowledged = AuditEntry.objects.filter(action="followup.measure.acknowledged_at_closure")
    assert [(e.object_id, e.fields) for e in acknowledged] == [(str(code7.pk), ["kind"])]


def test_it_closes_without_questions_when_no_measure_is_open(moved_out, cast, client_for):
    client = client_for(cast["project_lead_a"])
    response = client.post(reverse("stays:close", args=[moved_out.pk]), _data())
    assert response.status_code == 302
    moved_out.refresh_from_db()
    assert moved_out.status == Stay.Status.CLOSED


def test_it_labels_every_indicator_as_required(moved_out, cast, client_for):
    html = (
        client_for(cast["project_lead_a"])
        .get(reverse("stays:close", args=[moved_out.pk]))
        .content.decode()
    )
    indicators = html.split("Måloppnåelse: de sju indikatorene")[1]
    # Seven indicators, each with a note: only the seven notes are optional
    # (date, destination and the indicators are all required by the service).
    assert indicators.count("(valgfritt)") == 7
    assert html.count("(valgfritt)") == 7
    assert indicators.count('<span class="bt-meta">(valgfritt)</span></label>') == 7


def test_it_refuses_a_follow_up_worker_who_may_not_close(moved_out, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    response = client.post(reverse("stays:close", args=[moved_out.pk]), _data())
    assert response.status_code in (403, 404)
    moved_out.refresh_from_db()
    assert moved_out.status == Stay.Status.MOVED_OUT
