"""The follow-up pages: who gets in, what they see, what a POST changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from core import dates
from followup import services
from followup.models import ChecklistItem, Contact, SecurityConversation

TODAY = dates.today()
MARKER = "MARKØR-7f3a"  # stands for any encrypted text
THREAT_MARKER = "TRUSSEL-91bc"

STAFF = ["project_lead_a", "followup_worker_a"]
POLICE = ["local_police_a", "police_representative"]
OUTSIDERS = [
    "followup_worker_b",
    "coordinator",
    "directorate_representative",
    "analyst",
    "sysadmin",
]
SECURITY_PAGES = ["followup:security", "followup:measures"]
FOLLOWUP_PAGES = ["followup:plan", "followup:areas", "followup:contacts"]


def url(name, stay, **extra):
    return reverse(name, kwargs={"stay_id": stay.pk, **extra})


@pytest.fixture
def full_stay(stay_a, cast):
    """Stay A with encrypted text in every kind of record."""
    worker, police = cast["followup_worker_a"], cast["local_police_a"]
    services.contact_create(
        stay=stay_a,
        by=worker,
        contact_on=TODAY,
        minutes=90,
        form="phone",
        with_whom="resident",
        themes=["security"],
        note=MARKER,
    )
    services.measure_save(
        stay=stay_a, by=worker, kind="code_6", chosen=True, reason=MARKER, applied_on=TODAY
    )
    plan = services.plan_save(stay=stay_a, by=worker, made_on=TODAY, own_words=MARKER)
    services.evaluation_create(plan=plan, by=worker, evaluated_on=TODAY, summary=MARKER)
    services.areas_save(stay=stay_a, by=worker, values={("mapping", 0): ("done", MARKER)})
    services.conversation_save(
        stay=stay_a,
        by=police,
        held_on=TODAY,
        police_participants="Pål",
        staff_participants="Mona",
        items={item: (True, MARKER) for item in ChecklistItem.values},
        scenarios=[(MARKER, MARKER)],
    )
    services.threat_change_create(
        stay=stay_a, by=police, recorded_on=TODAY, risk_level="high", detail=THREAT_MARKER
    )
    return stay_a


# --- who gets in -------------------------------------------------------------------


@pytest.mark.parametrize("page", SECURITY_PAGES)
@pytest.mark.parametrize("role", STAFF + POLICE + OUTSIDERS)
def test_it_lets_only_staff_and_police_see_security_pages(page, role, stay_a, cast, client_for):
    response = client_for(cast[role]).get(url(page, stay_a))
    assert response.status_code == (200 if role in STAFF + POLICE else 404)


@pytest.mark.parametrize("page", FOLLOWUP_PAGES)
@pytest.mark.parametrize("role", STAFF + POLICE + OUTSIDERS)
def test_it_lets_only_the_offers_staff_see_follow_up_pages(page, role, stay_a, cast, client_for):
    response = client_for(cast[role]).get(url(page, stay_a))
    assert response.status_code == (200 if role in STAFF else 404)


@pytest.mark.parametrize("page", SECURITY_PAGES + FOLLOWUP_PAGES)
def test_it_answers_404_for_a_stay_that_does_not_exist(page, cast, client_for):
    response = client_for(cast["followup_worker_a"]).get(reverse(page, kwargs={"stay_id": 999999}))
    assert response.status_code == 404


@pytest.mark.parametrize("page", SECURITY_PAGES)
def test_it_hides_stays_from_the_police_of_another_district(page, stay_a, orgs, member, client_for):
    police_b = member(Role.LOCAL_POLICE, orgs["police_b"])
    assert client_for(police_b).get(url(page, stay_a)).status_code == 404


def test_it_shows_b_its_own_stays_but_not_as(stay_a, stay_b, cast, client_for):
    client = client_for(cast["followup_worker_b"])
    assert client.get(url("followup:contacts", stay_b)).status_code == 200
    assert client.get(url("followup:contacts", stay_a)).status_code == 404
    response = client.post(
        url("followup:contact_create", stay_a), {"contact_on": TODAY, "minutes": 10}
    )
    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_it_lets_only_police_record_the_security_conversation(stay_a, cast, client_for):
    assert (
        client_for(cast["followup_worker_a"]).get(url("followup:security_edit", stay_a)).status_code
        == 404
    )
    assert (
        client_for(cast["local_police_a"]).get(url("followup:security_edit", stay_a)).status_code
        == 200
    )
    assert (
        client_for(cast["police_representative"])
        .get(url("followup:threat_change_create", stay_a))
        .status_code
        == 200
    )
    assert (
        client_for(cast["project_lead_a"])
        .get(url("followup:threat_change_create", stay_a))
        .status_code
        == 404
    )


# --- the encrypted text ---------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF + POLICE + OUTSIDERS)
def test_it_never_shows_encrypted_text_without_the_grant_or_the_show(
    role, full_stay, cast, client_for
):
    client = client_for(cast[role])
    for page in SECURITY_PAGES + FOLLOWUP_PAGES:
        plain = client.get(url(page, full_stay)).content.decode()
        assert MARKER not in plain, page  # hidden until the deliberate «show»
        assert THREAT_MARKER not in plain, page
        shown = client.get(url(page, full_stay) + "?vis=1&trussel=1").content.decode()
        may_read = role in STAFF or (role in POLICE and page in SECURITY_PAGES)
        assert (MARKER in shown) == may_read, page
        # Threat details: police only, never the offer's staff.
        assert (THREAT_MARKER in shown) == (role in POLICE and page == "followup:measures"), page


def _reads(action):
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def test_it_audits_every_note_shown(full_stay, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    client.get(url("followup:contacts", full_stay))
    client.get(url("followup:contacts", full_stay) + "?vis=1")
    plain, shown = _reads("followup.contacts.viewed")
    assert (plain.object_type, plain.object_id) == ("followup.FollowedStay", str(full_stay.pk))
    assert "contacts.note" not in plain.fields and "contacts.note" in shown.fields
    assert shown.actor_id == cast["followup_worker_a"].pk
    client.get(url("followup:plan", full_stay) + "?vis=1")
    (entry,) = _reads("followup.plan.viewed")
    assert {"action_plan.own_words", "action_plan.evaluations.summary"} <= set(entry.fields)


def test_it_audits_threat_details_shown_to_police(full_stay, cast, client_for):
    client_for(cast["local_police_a"]).get(url("followup:measures", full_stay) + "?trussel=1")
    (entry,) = _reads("followup.measures.viewed")
    assert "threat_changes.detail" in entry.fields
    assert "security_measures.reason" not in entry.fields  # that is another «vis»


def test_it_audits_the_notes_an_edit_form_shows(full_stay, cast, client_for):
    client_for(cast["followup_worker_a"]).get(url("followup:areas_edit", full_stay))
    (entry,) = _reads("followup.areas.opened")
    assert "followup_areas.notes" in entry.fields


# --- contact log -------------------------------------------------------------------------


def _contact_post(**overrides):
    data = {
        "contact_on": TODAY.isoformat(),
        "minutes": "75",
        "mode": "in_person",
        "with_whom": "resident",
        "themes": ["security", "housing"],
        "note": "Snakket om skole",
    }
    data.update(overrides)
    return data


def test_it_records_a_contact_without_javascript(stay_a, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    response = client.post(url("followup:contact_create", stay_a), _contact_post())
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.minutes == 75
    assert contact.recorded_by == cast["followup_worker_a"]
    page = client.get(response["Location"]).content.decode()
    assert "data:image/svg+xml;base64," in page
    assert "Oppfølgingen har vært" in page or "Oppfølgingen har gått" in page
    assert AuditEntry.objects.filter(action="followup.contact.created").count() == 1


def test_it_records_a_contact_with_htmx_and_answers_the_region(stay_a, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    response = client.post(
        url("followup:contact_create", stay_a), _contact_post(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="contact-region">')
    assert "Kontakten er registrert." in body
    assert "<html" not in body
    assert Contact.objects.count() == 1


def test_it_keeps_the_input_and_saves_nothing_on_error(stay_a, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    response = client.post(
        url("followup:contact_create", stay_a),
        _contact_post(
            minutes="1441", contact_on=(TODAY + dt.timedelta(days=2)).isoformat(), note="Behold meg"
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rett opp dette" in body
    assert "Kontakten kan ikke være i fremtiden." in body
    assert "1 og 1440" in body
    assert "Behold meg" in body
    assert not Contact.objects.exists()
    assert not AuditEntry.objects.filter(action="followup.contact.created").exists()


def test_it_refuses_a_contact_before_arrival_in_the_form(stay_a, cast, client_for):
    response = client_for(cast["followup_worker_a"]).post(
        url("followup:contact_create", stay_a),
        _contact_post(contact_on=(stay_a.moved_in_on - dt.timedelta(days=1)).isoformat()),
    )
    assert "Kontakten kan ikke være før innflytting." in response.content.decode()
    assert not Contact.objects.exists()


def test_it_shows_hours_per_week_in_the_table(make_stay, cast, client_for):
    stay = make_stay(moved_in_days_ago=10)
    worker = cast["followup_worker_a"]
    for days, minutes in ((0, 200), (3, 190), (8, 120)):
        services.contact_create(
            stay=stay,
            by=worker,
            contact_on=stay.moved_in_on + dt.timedelta(days=days),
            minutes=minutes,
            form="phone",
            with_whom="resident",
        )
    body = client_for(worker).get(url("followup:contacts", stay)).content.decode()
    assert "<td>6,5</td>" in body
    assert "<td>2</td>" in body
    assert "Oppfølgingen har gått ned fra 6,5 timer i uke 1 til 2 timer siste uke (uke 2)." in body


def test_it_rejects_get_on_contact_create(stay_a, cast, client_for):
    assert (
        client_for(cast["followup_worker_a"])
        .get(url("followup:contact_create", stay_a))
        .status_code
        == 405
    )


def test_it_requires_csrf_on_post(stay_a, cast, client_for):
    client = client_for(cast["followup_worker_a"], enforce_csrf_checks=True)
    response = client.post(url("followup:contact_create", stay_a), _contact_post())
    assert response.status_code == 403
    assert not Contact.objects.exists()


# --- the other forms ------------------------------------------------------------------------


def test_it_records_the_security_conversation_as_local_police(stay_a, cast, client_for):
    data = {
        "held_on": TODAY.isoformat(),
        "police_participants": "Pål Politikontakt",
        "staff_participants": "Mona",
        "scenario_0": "noen fra familien står utenfor",
        "response_0": "ringer 112 og går ikke ut",
    }
    for item in ChecklistItem.values:
        data[f"item_{item}"] = "yes"
    data["item_places_to_avoid"] = "no"
    response = client_for(cast["local_police_a"]).post(url("followup:security_edit", stay_a), data)
    assert response.status_code == 302
    conversation = SecurityConversation.objects.get()
    assert conversation.items.filter(covered=False).get().item == "places_to_avoid"
    assert stay_a.crisis_scenarios.count() == 1


def test_it_asks_for_every_checklist_answer(stay_a, cast, client_for):
    data = {"held_on": TODAY.isoformat(), "police_participants": "Pål", "scenario_0": "uten svar"}
    response = client_for(cast["local_police_a"]).post(url("followup:security_edit", stay_a), data)
    body = response.content.decode()
    assert "Rett opp dette" in body
    assert "Skriv hva beboeren vil gjøre." in body
    assert "uten svar" in body
    assert not SecurityConversation.objects.exists()


def test_it_refuses_an_evaluation_before_the_plan_in_the_form(stay_a, cast, client_for):
    worker = cast["followup_worker_a"]
    services.plan_save(stay=stay_a, by=worker, made_on=TODAY, own_words="")
    response = client_for(worker).post(
        url("followup:evaluation_create", stay_a),
        {"evaluated_on": (TODAY - dt.timedelta(days=1)).isoformat(), "summary": "Bra"},
    )
    assert "Evalueringen kan ikke være før planen ble laget." in response.content.decode()


def test_it_changes_a_goal_status_without_javascript(stay_a, cast, client_for):
    worker = cast["followup_worker_a"]
    plan = services.plan_save(stay=stay_a, by=worker, made_on=TODAY, own_words="")
    goal = services.goal_create(plan=plan, by=worker, text="Jobb")
    response = client_for(worker).post(
        reverse(
            "followup:progress_set",
            kwargs={"stay_id": stay_a.pk, "kind": "mal", "item_id": goal.pk},
        ),
        {"status": "in_progress"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "in_progress"


def test_it_warns_about_a_child_without_a_plan(stay_a, cast, client_for, add_child):
    add_child(stay_a)
    body = client_for(cast["followup_worker_a"]).get(url("followup:areas", stay_a)).content.decode()
    assert "Mangler plan for barn" in body
    assert "født 2019" in body


def test_it_flags_a_note_read_from_outside_the_municipality_in_the_audit_review(full_stay, cast):
    from audit import review
    from followup import selectors

    for name in ("followup_worker_b", "followup_worker_a"):
        selectors.contact_log(
            fetched_by=cast[name],
            stay=selectors.stay_get(fetched_by=cast["followup_worker_a"], pk=full_stay.pk),
            show=True,
            with_goals=False,
        )
    findings = review.review(TODAY - dt.timedelta(days=1), TODAY).of_kind("outside_organisation")
    assert [(f.actor_username, f.object_type) for f in findings] == [
        ("charlie", "followup.FollowedStay")
    ]


def test_it_shows_the_follow_up_facts_on_the_resident_overview(full_stay, cast, client_for):
    # The overview asks followup's summaries as the acting user: the offer's
    # worker sees the open code 6 and the 90-minute contact, never their notes.
    page = client_for(cast["followup_worker_a"]).get(reverse("stays:overview", args=[full_stay.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Strengt fortrolig adresse (kode 6)" in text
    assert "90 min" in text
    assert MARKER not in text
