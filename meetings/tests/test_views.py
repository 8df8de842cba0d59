"""The meeting pages: who gets in, what a POST changes, the deadline and the minutes PDF."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEntry
from core import dates
from meetings import services
from meetings.models import MeetingParticipant, MeetingTask

TODAY = dates.today()
pytestmark = pytest.mark.django_db

STAFF = ["project_lead_a", "followup_worker_a"]
# The district police do not see meetings (docs/access-model.md), nor other offers' staff.
OUTSIDERS = [
    "followup_worker_b",
    "local_police_a",
    "police_representative",
    "coordinator",
    "directorate_representative",
    "analyst",
    "sysadmin",
]


def _urls(world: dict[str, Any]) -> list[str]:
    stay, meeting = world["stay"].pk, world["meeting"].pk
    return [
        reverse("meetings:meetings", args=[stay]),
        reverse("meetings:meeting_detail", args=[stay, meeting]),
        reverse("meetings:minutes_edit", args=[stay, meeting]),
        reverse("meetings:minutes_pdf", args=[stay, meeting]),
        reverse("meetings:participant_add", args=[stay, meeting]),
        reverse("meetings:task_create", args=[stay, meeting]),
        reverse("meetings:meeting_create", args=[stay]),
        reverse("meetings:consent_create", args=[stay]),
    ]


@pytest.mark.parametrize("role", STAFF)
def test_it_opens_every_page_to_the_offers_staff(world, cast, client_for, role):
    client = client_for(cast[role])
    for path in _urls(world):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_answers_404_to_everyone_else(world, cast, client_for, role):
    client = client_for(cast[role])
    for path in _urls(world):
        assert client.get(path).status_code == 404, path


def test_it_rejects_get_on_task_done(world, cast, client_for):
    services.participant_add(meeting=world["meeting"], by=world["worker"], partner=world["nav"])
    task = services.task_create(
        meeting=world["meeting"],
        by=world["worker"],
        description="x",
        responsible_user=world["worker"],
        responsible_partner=None,
        due_on=TODAY,
    )
    path = reverse("meetings:task_done", args=[world["stay"].pk, world["meeting"].pk, task.pk])
    client = client_for(cast["followup_worker_a"])
    assert client.get(path).status_code == 405
    assert client.post(path).status_code == 302
    task.refresh_from_db()
    assert task.done_on == TODAY


def test_the_meeting_page_audits_the_minutes_read(world, cast, client_for):
    user = cast["project_lead_a"]
    client_for(user).get(
        reverse("meetings:meeting_detail", args=[world["stay"].pk, world["meeting"].pk])
    )
    row = AuditEntry.objects.get(action="meetings.meeting.viewed", actor=user)
    assert row.object_type == "meetings.Meeting"
    assert "minutes" in row.fields and "decisions" in row.fields


def test_it_refuses_a_participant_without_consent_in_norwegian(world, cast, client_for):
    path = reverse("meetings:participant_add", args=[world["stay"].pk, world["meeting"].pk])
    response = client_for(cast["followup_worker_a"]).post(path, {"partner": world["school"].pk})
    assert response.status_code == 200
    assert "Beboeren har ikke gitt samtykke som gjelder Skolen Testby" in response.content.decode()
    assert not MeetingParticipant.objects.exists()


def test_it_refuses_a_task_without_responsible_and_keeps_the_text(world, cast, client_for):
    path = reverse("meetings:task_create", args=[world["stay"].pk, world["meeting"].pk])
    response = client_for(cast["followup_worker_a"]).post(
        path, {"description": "Ringe skolen", "responsible": "", "due_on": TODAY.isoformat()}
    )
    html = response.content.decode()
    assert "Velg én ansvarlig" in html
    assert "Ringe skolen" in html
    assert not MeetingTask.objects.exists()


def test_a_task_becomes_a_deadline_for_the_responsible(world, cast, client_for):
    worker = cast["followup_worker_a"]
    path = reverse("meetings:task_create", args=[world["stay"].pk, world["meeting"].pk])
    due = TODAY - dt.timedelta(days=0)
    response = client_for(worker).post(
        path,
        {"description": "Ringe skolen", "responsible": f"user:{worker.pk}", "due_on": due},
    )
    assert response.status_code == 302
    from reporting import deadlines

    mine = [d for d in deadlines.deadlines_for(worker) if d.kind == deadlines.Kind.MEETING_TASK]
    assert [(d.due_on, d.obj.pk, d.state) for d in mine] == [
        (due, world["stay"].pk, deadlines.State.DUE)
    ]
    # Given to one person: the project lead does not get it on their list.
    lead = cast["project_lead_a"]
    assert not [d for d in deadlines.deadlines_for(lead) if d.kind == deadlines.Kind.MEETING_TASK]
    page = client_for(worker).get(reverse("reporting:my_deadlines")).content.decode()
    assert "Oppgave etter møte" in page
    assert "Ringe skolen" not in page  # the task's text stays on the meeting page


def test_a_services_task_is_a_deadline_for_the_offers_staff(world, cast):
    from reporting import deadlines

    services.participant_add(meeting=world["meeting"], by=world["worker"], partner=world["nav"])
    services.task_create(
        meeting=world["meeting"],
        by=world["worker"],
        description="Behandle søknad",
        responsible_user=None,
        responsible_partner=world["nav"],
        due_on=TODAY + dt.timedelta(days=3),
    )
    for role, expected in (
        ("project_lead_a", 1),
        ("followup_worker_a", 1),
        ("followup_worker_b", 0),
        ("local_police_a", 0),
    ):
        found = [
            d for d in deadlines.deadlines_for(cast[role]) if d.kind == deadlines.Kind.MEETING_TASK
        ]
        assert len(found) == expected, role


def test_the_minutes_pdf_is_tagged_and_holds_no_address_dwelling_or_name(world, cast, client_for):
    from tests.factories import DwellingFactory

    dwelling = DwellingFactory.create(
        offer=world["stay"].offer, label="DWELLING-MARK", address="ADDRESS-MARK 12"
    )
    services.participant_add(
        meeting=world["meeting"], by=world["worker"], partner=world["nav"], contact=world["contact"]
    )
    services.minutes_save(
        meeting=world["meeting"], by=world["worker"], minutes="MINUTES-MARK", decisions="DEC-MARK"
    )
    response = client_for(cast["followup_worker_a"]).get(
        reverse("meetings:minutes_pdf", args=[world["stay"].pk, world["meeting"].pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "MINUTES-MARK" in text and "DEC-MARK" in text and "NAV Testby" in text
    for secret in (dwelling.address, dwelling.label, world["stay"].offer.name):
        assert secret not in text
    if world["stay"].person_id:
        assert world["stay"].person.name not in text
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert AuditEntry.objects.filter(action="meetings.minutes.printed").count() == 1


def test_break_the_glass_does_not_open_meetings(world):
    from access.table import BREAK_GLASS_PERMISSIONS, Perm

    assert Perm.VIEW_MEETINGS not in BREAK_GLASS_PERMISSIONS
    assert Perm.RECORD_MEETINGS not in BREAK_GLASS_PERMISSIONS
