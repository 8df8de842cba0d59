"""Every follow-up page audits what it shows (SECURITY.md 21), as the privacy auditor asked.

Found over HTTP on the demo data: the action plan, the measures, the contact
log, the areas and the security page wrote no audit row. The table below is
written from the templates (what each page shows), not from followup.reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from followup import services
from followup.models import ChecklistItem, SecurityMeasure

TODAY = dates.today()
WORKER, POLICE = "followup_worker_a", "local_police_a"

# (page, who, action, fields the page shows that the row must name)
PAGES = [
    (
        "followup:plan",
        WORKER,
        "followup.plan.viewed",
        {"action_plan.goals.text", "action_plan.goals.actions.text", "action_plan.made_on"},
    ),
    (
        "followup:measures",
        WORKER,
        "followup.measures.viewed",
        {"security_measures.kind", "security_measures.granted_on", "threat_changes.risk_level"},
    ),
    (
        "followup:contacts",
        WORKER,
        "followup.contacts.viewed",
        {"contacts.contact_on", "contacts.minutes", "contacts.themes.theme"},
    ),
    ("followup:areas", WORKER, "followup.areas.viewed", {"followup_areas.status"}),
    (
        "followup:security",
        WORKER,
        "followup.security.viewed",
        {"security_conversation.items.covered"},
    ),
    ("followup:security", POLICE, "followup.security.viewed", {"security_conversation.held_on"}),
    ("followup:measures", POLICE, "followup.measures.viewed", {"threat_changes.risk_level"}),
    (
        "followup:security_edit",
        POLICE,
        "followup.security.opened",
        {"security_conversation.items.note", "crisis_scenarios.response"},
    ),
    ("followup:plan_edit", WORKER, "followup.plan.opened", {"action_plan.own_words"}),
    ("followup:evaluation_create", WORKER, "followup.plan.opened", {"action_plan.made_on"}),
    ("followup:goal_create", WORKER, "followup.plan_goals.opened", {"action_plan.goals.text"}),
    ("followup:action_create", WORKER, "followup.plan_goals.opened", {"action_plan.goals.text"}),
    ("followup:areas_edit", WORKER, "followup.areas.opened", {"followup_areas.notes"}),
    ("followup:measure_create", WORKER, "followup.stay.opened", {"moved_in_on"}),
    ("followup:threat_change_create", POLICE, "followup.stay.opened", {"moved_in_on"}),
]
# Shown only after the deliberate «vis»: never named without it.
NOTES = {
    "action_plan.own_words",
    "action_plan.evaluations.summary",
    "security_measures.reason",
    "threat_changes.detail",
    "contacts.note",
    "followup_areas.notes",
    "security_conversation.items.note",
    "crisis_scenarios.scenario",
    "crisis_scenarios.response",
}


@pytest.fixture
def followed(stay_a: Any, cast: Any) -> Any:
    """Stay A with a plan (goal, action, evaluation), a measure, a contact, an area and a conversation."""
    worker, police = cast[WORKER], cast[POLICE]
    plan = services.plan_save(stay=stay_a, by=worker, made_on=TODAY, own_words="Egne ord")
    goal = services.goal_create(plan=plan, by=worker, text="Skole")
    services.action_create(goal=goal, by=worker, text="Søke plass", responsible="Berit")
    services.evaluation_create(plan=plan, by=worker, evaluated_on=TODAY, summary="Bra")
    services.measure_save(
        stay=stay_a, by=worker, kind="code_6", chosen=True, reason="Høy risiko", applied_on=TODAY
    )
    services.contact_create(
        stay=stay_a,
        by=worker,
        contact_on=TODAY,
        minutes=30,
        form="phone",
        with_whom="resident",
        themes=["mental_health"],
        note="",
    )
    services.areas_save(stay=stay_a, by=worker, values={("mapping", 0): ("done", "Notat")})
    services.conversation_save(
        stay=stay_a,
        by=police,
        held_on=TODAY,
        police_participants="Politiet",
        staff_participants="",
        items={item: (True, "Merknad") for item in ChecklistItem.values},
        scenarios=[("Hvis noen følger etter meg", "Ringer 112")],
    )
    services.threat_change_create(
        stay=stay_a, by=police, recorded_on=TODAY, risk_level="high", detail="Ny bil"
    )
    return stay_a


def _database() -> dict[str, tuple[Any, ...]]:
    from access.tests.test_marker_scan import database_state

    return database_state()


@pytest.mark.parametrize(("page", "who", "action", "shown"), PAGES)
def test_each_page_writes_one_row_naming_what_it_shows_and_nothing_else(
    page: str, who: str, action: str, shown: set[str], followed: Any, cast: Any, client_for: Any
) -> None:
    user = cast[who]
    client = client_for(user)
    before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    state = _database()
    response = client.get(reverse(page, args=[followed.pk]))
    assert response.status_code == 200
    (entry,) = AuditEntry.objects.filter(seq__gt=before)
    assert (entry.action, entry.actor_id) == (action, user.pk)
    assert (entry.object_type, entry.object_id) == ("followup.FollowedStay", str(followed.pk))
    assert shown <= set(entry.fields), shown - set(entry.fields)
    assert entry.purpose and entry.ip == "127.0.0.1"
    if page in {"followup:plan", "followup:measures", "followup:contacts", "followup:areas"}:
        assert not NOTES & set(entry.fields)  # no «vis» asked for
    assert _database() == state  # GET changes nothing but the audit log


def test_the_measure_form_names_the_one_measure_it_shows(followed, cast, client_for):
    measure = SecurityMeasure.objects.get(stay=followed)
    client_for(cast[WORKER]).get(reverse("followup:measure_edit", args=[followed.pk, measure.pk]))
    (entry,) = AuditEntry.objects.filter(action="followup.measure.opened")
    assert (entry.object_type, entry.object_id) == ("followup.SecurityMeasure", str(measure.pk))
    assert {"kind", "reason", "granted_on"} <= set(entry.fields)


def test_a_post_with_errors_shows_what_was_typed_and_records_no_read(followed, cast, client_for):
    client_for(cast[WORKER]).post(reverse("followup:plan_edit", args=[followed.pk]), {})
    assert not AuditEntry.objects.filter(action="followup.plan.opened").exists()


def test_the_htmx_partial_after_a_new_contact_audits_the_log_it_shows(followed, cast, client_for):
    client = client_for(cast[WORKER], HTTP_HX_REQUEST="true")
    response = client.post(
        reverse("followup:contact_create", args=[followed.pk]),
        {
            "contact_on": TODAY.isoformat(),
            "minutes": "20",
            "mode": "phone",
            "with_whom": "resident",
            "themes": ["security"],
        },
    )
    assert response.status_code == 200 and b'id="contact-region"' in response.content
    actions = list(
        AuditEntry.objects.filter(actor_id=cast[WORKER].pk).values_list("action", flat=True)
    )
    assert actions[-2:] == ["followup.contact.created", "followup.contacts.viewed"]


@pytest.mark.parametrize(
    ("page", "query", "revealed"),
    [
        ("followup:plan", "?vis=1", {"action_plan.own_words", "action_plan.evaluations.summary"}),
        ("followup:measures", "?vis=1", {"security_measures.reason"}),
        ("followup:contacts", "?vis=1", {"contacts.note"}),
        ("followup:areas", "?vis=1", {"followup_areas.notes"}),
        ("followup:security", "?vis=1", {"security_conversation.items.note"}),
    ],
)
def test_a_deliberate_show_adds_the_notes_to_the_same_row(
    page, query, revealed, followed, cast, client_for
):
    client_for(cast[WORKER]).get(reverse(page, args=[followed.pk]) + query)
    (entry,) = AuditEntry.objects.filter(actor_id=cast[WORKER].pk, action__endswith=".viewed")
    assert revealed <= set(entry.fields)


@pytest.mark.parametrize("page", ["followup:plan", "followup:contacts", "followup:areas"])
def test_the_number_of_queries_does_not_grow_with_what_the_page_shows(
    page, followed, cast, client_for
):
    """The read is one batch, however many goals, contacts or areas there are."""
    client = client_for(cast[WORKER])
    url = reverse(page, args=[followed.pk])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    worker = cast[WORKER]
    plan = services.plan_save(stay=followed, by=worker, made_on=TODAY, own_words="")
    for number in range(5):
        goal = services.goal_create(plan=plan, by=worker, text=f"Mål {number}")
        services.action_create(goal=goal, by=worker, text="Tiltak", responsible="Berit")
        services.contact_create(
            stay=followed,
            by=worker,
            contact_on=TODAY - dt.timedelta(days=number),
            minutes=15,
            form="phone",
            with_whom="resident",
            themes=["security", "family"],
            note="",
        )
    services.areas_save(
        stay=followed,
        by=worker,
        values={(area, 0): ("in_progress", "") for area in ("participation", "security")},
    )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
