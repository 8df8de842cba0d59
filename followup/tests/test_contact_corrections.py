"""Correcting a contact in the contact log (retting av kontakt), with its history.

Found when the team tried it: a contact logged with the wrong minutes could
not be corrected, so the weekly hours stayed wrong. Expected answers are
written out by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from followup import selectors, services
from followup.models import Contact, ContactCorrection
from stays.models import Stay

TODAY = dates.today()
NOTE = "Snakket om skolen"


@pytest.fixture
def contact(stay_a, cast):
    """A 90-minute phone call on the day of arrival, written by the follow-up worker."""
    return services.contact_create(
        stay=stay_a,
        by=cast["followup_worker_a"],
        contact_on=stay_a.moved_in_on,
        minutes=90,
        form="phone",
        with_whom="resident",
        themes=["security"],
        note=NOTE,
    )


def _change(contact, **changes):
    values = {
        "minutes": contact.minutes,
        "form": contact.form,
        "themes": ["security"],
        "note": contact.note,
        "why": "feil antall minutter",
    }
    return {**values, **changes}


def _url(name, contact):
    return reverse(
        f"followup:{name}", kwargs={"stay_id": contact.stay_id, "contact_id": contact.pk}
    )


def test_the_writer_corrects_and_the_weekly_hours_follow(contact, cast, stay_a):
    assert selectors.weekly_hours(stay_a).weeks[0].minutes == 90
    correction = services.contact_correct(
        contact=contact, by=cast["followup_worker_a"], **_change(contact, minutes=30)
    )
    contact.refresh_from_db()
    assert contact.minutes == 30
    assert correction.fields == ["minutes"]
    assert correction.content == {"previous": {"minutes": 90}, "reason": "feil antall minutter"}
    assert correction.previous_note == ""
    # Week 1: 30 minutes now, not 90 (hand-computed).
    assert selectors.weekly_hours(stay_a).weeks[0].minutes == 30
    assert selectors.weekly_hours(stay_a).total_minutes == 30


def test_the_project_lead_corrects_themes_form_and_note(contact, cast):
    correction = services.contact_correct(
        contact=contact,
        by=cast["project_lead_a"],
        **_change(
            contact, form="in_person", themes=["economy", "security"], note="Snakket om økonomi"
        ),
    )
    contact.refresh_from_db()
    assert contact.form == "in_person"
    assert sorted(contact.themes.values_list("theme", flat=True)) == ["economy", "security"]
    assert contact.note == "Snakket om økonomi"
    assert correction.fields == ["form", "note", "themes"]
    assert correction.content["previous"] == {"form": "phone", "themes": ["security"]}
    assert correction.previous_note == NOTE
    entry = AuditEntry.objects.get(action="followup.contact.corrected")
    assert entry.fields == ["form", "note", "themes"]
    assert entry.object_id == str(contact.pk)
    # Field names only: neither note is in the audit row.
    assert NOTE not in str(entry.__dict__) and "økonomi" not in str(entry.__dict__)


def test_the_earlier_note_is_stored_encrypted(contact, cast):
    services.contact_correct(
        contact=contact, by=cast["followup_worker_a"], **_change(contact, note="Nytt notat")
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT previous_note, content FROM followup_contactcorrection")
        note, content = cursor.fetchone()
    assert NOTE not in note and "feil antall" not in content


def test_another_worker_and_another_municipality_cannot_correct(
    contact, cast, orgs, member, client_for
):
    from accounts.models import Role

    colleague = member(Role.FOLLOWUP_WORKER, orgs["municipality_a"], "tone")
    for outsider in (colleague, cast["followup_worker_b"], cast["coordinator"]):
        with pytest.raises(PermissionDenied):
            services.contact_correct(contact=contact, by=outsider, **_change(contact, minutes=30))
        client = client_for(outsider)
        assert client.get(_url("contact_correct", contact)).status_code == 404
        assert client.post(_url("contact_correct", contact), {"minutes": 30}).status_code == 404
    missing = client_for(colleague).get(
        reverse("followup:contact_correct", kwargs={"stay_id": contact.stay_id, "contact_id": 9999})
    )
    assert missing.status_code == 404
    contact.refresh_from_db()
    assert contact.minutes == 90
    assert not ContactCorrection.objects.exists()


def test_a_closed_stays_contact_cannot_be_corrected(contact, cast, client_for):
    Stay.objects.filter(pk=contact.stay_id).update(
        status=Stay.Status.CLOSED,
        moved_out_on=TODAY - dt.timedelta(days=2),
        closed_on=TODAY - dt.timedelta(days=1),
    )
    worker = cast["followup_worker_a"]
    with pytest.raises(ValidationError) as refused:
        services.contact_correct(contact=contact, by=worker, **_change(contact, minutes=30))
    assert refused.value.messages == [
        "Oppholdet er avsluttet. Kontaktene i et avsluttet opphold kan ikke rettes."
    ]
    client = client_for(worker)
    page = client.get(_url("contact_correct", contact)).content.decode()
    assert "Kontaktene i et avsluttet opphold kan ikke rettes." in page
    assert 'name="minutes"' not in page
    posted = client.post(
        _url("contact_correct", contact),
        {"minutes": "30", "mode": "phone", "themes": ["security"], "note": NOTE, "why": "feil"},
    )
    assert posted.status_code == 200
    log = client.get(reverse("followup:contacts", args=[contact.stay_id])).content.decode()
    assert _url("contact_correct", contact) not in log
    contact.refresh_from_db()
    assert contact.minutes == 90
    assert not ContactCorrection.objects.exists()


def test_invalid_input_changes_nothing_and_shows_a_norwegian_error(contact, cast, client_for):
    worker = cast["followup_worker_a"]
    with pytest.raises(ValidationError) as refused:
        services.contact_correct(contact=contact, by=worker, **_change(contact, minutes=2000))
    assert refused.value.message_dict["minutes"] == [
        "Skriv antall minutter mellom 1 og 1440 (ett døgn)."
    ]
    with pytest.raises(ValidationError, match="Ingenting er endret"):
        services.contact_correct(contact=contact, by=worker, **_change(contact))
    client = client_for(worker)
    form = {"minutes": "2000", "mode": "phone", "themes": ["security"], "note": NOTE}
    page = client.post(_url("contact_correct", contact), {**form, "why": "feil"})
    assert page.status_code == 200
    assert "Skriv antall minutter mellom 1 og 1440 (ett døgn)." in page.content.decode()
    blank = client.post(_url("contact_correct", contact), {**form, "minutes": "30", "why": ""})
    assert "Dette feltet er påkrevd" in blank.content.decode()
    contact.refresh_from_db()
    assert contact.minutes == 90
    assert not ContactCorrection.objects.exists()
    assert not AuditEntry.objects.filter(action="followup.contact.corrected").exists()


def test_it_corrects_over_http_and_the_log_shows_rettet_with_the_history(contact, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    form_page = client.get(_url("contact_correct", contact))
    assert NOTE in form_page.content.decode()
    opened = AuditEntry.objects.get(action="followup.contact.opened")
    assert "note" in opened.fields
    done = client.post(
        _url("contact_correct", contact),
        {
            "minutes": "45",
            "mode": "phone",
            "themes": ["security"],
            "note": "Snakket om skolen og bussen",
            "why": "feil antall minutter",
        },
    )
    assert done.status_code == 302
    log = client.get(reverse("followup:contacts", args=[contact.stay_id])).content.decode()
    assert "Rettet" in log
    assert _url("contact_history", contact) in log

    # The history: the earlier minutes and the reason; the earlier note only on «vis».
    history = client.get(_url("contact_history", contact)).content.decode()
    assert "Minutter før rettingen" in history
    assert "90" in history
    assert "feil antall minutter" in history
    assert NOTE not in history
    row = AuditEntry.objects.filter(action="followup.contact_history.viewed").latest("seq")
    assert "corrections.content" in row.fields
    assert "corrections.previous_note" not in row.fields and "note" not in row.fields

    shown = client.get(_url("contact_history", contact) + "?vis=1").content.decode()
    assert NOTE in shown
    assert "Snakket om skolen og bussen" in shown
    row = AuditEntry.objects.filter(action="followup.contact_history.viewed").latest("seq")
    assert {"corrections.previous_note", "note"} <= set(row.fields)
    assert row.object_type == "followup.Contact" and row.object_id == str(contact.pk)


def test_the_history_is_hidden_from_another_municipality(contact, cast, client_for):
    services.contact_correct(
        contact=contact, by=cast["followup_worker_a"], **_change(contact, minutes=30)
    )
    for role in ("followup_worker_b", "coordinator", "analyst"):
        answer = client_for(cast[role]).get(_url("contact_history", contact) + "?vis=1")
        assert answer.status_code == 404
    assert not AuditEntry.objects.filter(action="followup.contact_history.viewed").exists()


def test_a_contact_of_another_stay_is_not_found_under_this_one(contact, stay_b, cast, client_for):
    wrong = reverse(
        "followup:contact_history", kwargs={"stay_id": stay_b.pk, "contact_id": contact.pk}
    )
    assert client_for(cast["followup_worker_b"]).get(wrong).status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()
