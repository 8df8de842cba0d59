"""The resident overview's primary button follows the stay's stage, and counters stop at move-out.

Expected buttons are written by hand from the order the brief gives: move-in,
timetable, security conversation, action plan, milestone reports, transfer,
move-out, closure.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from core import dates
from followup import services as followup_services
from followup.models import ChecklistItem
from reporting import services as reporting_services
from stays import services as stay_services
from stays.models import TransferItem
from tests import factories as f

pytestmark = pytest.mark.django_db

PRIMARY = re.compile(r'<a class="ds-button" data-variant="primary" href="([^"]+)"[^>]*>([^<]+)</a>')


def _stay(cast: dict[str, Any], orgs: dict[str, Any], **kwargs: Any) -> Any:
    return f.stay_through_services(
        municipality=orgs["municipality_a"],
        coordinator=cast["coordinator"],
        police=cast["police_representative"],
        lead=cast["project_lead_a"],
        worker=cast["followup_worker_a"],
        **kwargs,
    )


def _primary(client: Any, stay: Any) -> list[tuple[str, str]]:
    html = client.get(reverse("stays:overview", args=[stay.pk])).content.decode()
    return PRIMARY.findall(html)


def _conversation(stay: Any, by: Any) -> None:
    followup_services.conversation_save(
        stay=stay,
        by=by,
        held_on=stay.moved_in_on,
        police_participants="Politiet",
        staff_participants="",
        items={code: (True, "") for code in ChecklistItem.values},
    )


def _plan(stay: Any, by: Any) -> None:
    followup_services.plan_save(stay=stay, by=by, made_on=dates.today(), own_words="Trygg bolig")


def test_it_shows_the_timetable_not_move_out_on_the_day_of_arrival(cast, orgs, client_for):
    stay = _stay(cast, orgs, allocated_days_ago=1, moved_in_days_ago=0)
    client = client_for(cast["followup_worker_a"])
    assert _primary(client, stay) == [
        (reverse("stays:timetable", args=[stay.pk]), "Gå gjennom timeplanen med beboeren")
    ]
    html = client.get(reverse("stays:overview", args=[stay.pk])).content.decode()
    # Move-out is still reachable, as a secondary link.
    move_out = reverse("stays:move_out", args=[stay.pk])
    assert f'<a class="ds-link" href="{move_out}">Registrer utflytting</a>' in html


def test_the_day_of_arrival_moves_on_once_the_timetable_talk_is_logged(cast, orgs, client_for):
    stay = _stay(cast, orgs, allocated_days_ago=1, moved_in_days_ago=0)
    worker = cast["followup_worker_a"]
    client = client_for(worker)
    assert _primary(client, stay)[0][1] == "Gå gjennom timeplanen med beboeren"
    followup_services.contact_create(
        stay=stay,
        by=worker,
        contact_on=dates.today(),
        minutes=45,
        form="in_person",
        with_whom="resident",
        note="Gikk gjennom timeplanen",
    )
    # The same day: the talk is done, so the next step in the order is the conversation.
    assert _primary(client, stay) == [
        (reverse("followup:security", args=[stay.pk]), "Hold sikkerhetssamtalen")
    ]


def test_it_shows_move_in_before_arrival(cast, orgs, client_for):
    stay = _stay(cast, orgs)
    assert _primary(client_for(cast["followup_worker_a"]), stay) == [
        (reverse("stays:move_in", args=[stay.pk]), "Registrer innflytting")
    ]


def test_it_walks_conversation_then_plan_then_the_report(cast, orgs, client_for):
    # Moved in 100 days ago: the 3-month report (about day 92) is overdue.
    stay = _stay(cast, orgs, allocated_days_ago=120, moved_in_days_ago=100)
    worker = cast["followup_worker_a"]
    client = client_for(worker)
    assert _primary(client, stay) == [
        (reverse("followup:security", args=[stay.pk]), "Hold sikkerhetssamtalen")
    ]
    _conversation(stay, cast["police_representative"])
    assert _primary(client, stay) == [
        (reverse("followup:plan", args=[stay.pk]), "Lag handlingsplan")
    ]
    _plan(stay, worker)
    assert _primary(client, stay) == [
        (
            reverse("reporting:milestone_submit", args=[stay.pk, "three_months"]),
            "Send 3-månedersrapporten",
        )
    ]


def test_it_shows_transfer_then_move_out_near_the_planned_move_out(cast, orgs, client_for):
    stay = _stay(cast, orgs, allocated_days_ago=60, moved_in_days_ago=50)
    worker = cast["followup_worker_a"]
    _conversation(stay, cast["police_representative"])
    _plan(stay, worker)
    stay_services.planned_move_out_change(
        stay=stay, new_date=dates.today() + dt.timedelta(days=10), reason="Bolig klar", by=worker
    )
    client = client_for(worker)
    # The report due a month before move-out comes first; once sent, the checklist.
    assert _primary(client, stay) == [
        (
            reverse("reporting:milestone_submit", args=[stay.pk, "before_move_out"]),
            "Send rapporten før utflytting",
        )
    ]
    reporting_services.milestone_report_submit(
        stay=stay, kind="before_move_out", by=worker, status_text="Flytter snart"
    )
    assert _primary(client, stay) == [
        (reverse("stays:transfer", args=[stay.pk]), "Oppdater overføringslisten")
    ]
    stay_services.transfer_checklist_save(
        stay=stay,
        values={
            code: {"state": TransferItem.State.NOT_NEEDED, "done_on": None, "note": ""}
            for code in TransferItem.Item.values
        },
        by=worker,
    )
    assert _primary(client, stay) == [
        (reverse("stays:move_out", args=[stay.pk]), "Registrer utflytting")
    ]


def test_it_stops_the_counters_at_move_out(cast, orgs, client_for):
    stay = _stay(cast, orgs, allocated_days_ago=40, moved_in_days_ago=30, moved_out_days_ago=2)
    html = (
        client_for(cast["project_lead_a"])
        .get(reverse("stays:overview", args=[stay.pk]))
        .content.decode()
    )
    moved_out = dates.today() - dt.timedelta(days=2)
    assert "dager igjen" not in html and "dag igjen" not in html
    assert "innflyttingen er registrert" not in html
    assert f"Flyttet ut {moved_out.day}. " in html
    assert _primary(client_for(cast["project_lead_a"]), stay) == [
        (reverse("stays:close", args=[stay.pk]), "Avslutt oppholdet")
    ]


def test_it_says_closed_with_the_date_and_offers_no_button(cast, orgs, client_for):
    stay = _stay(
        cast, orgs, allocated_days_ago=40, moved_in_days_ago=30, moved_out_days_ago=2, closed=True
    )
    client = client_for(cast["project_lead_a"])
    html = client.get(reverse("stays:overview", args=[stay.pk])).content.decode()
    assert "dager igjen" not in html and "innflyttingen er registrert" not in html
    assert f"Avsluttet {dates.today().day}. " in html
    assert _primary(client, stay) == []
