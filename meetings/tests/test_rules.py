"""The meeting services' rules: consent per organisation, one responsible, due dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from core import dates
from meetings import services
from meetings.models import MeetingConsent, MeetingParticipant, MeetingTask

TODAY = dates.today()
pytestmark = pytest.mark.django_db


def test_it_adds_a_participant_under_a_valid_consent(world):
    services.participant_add(meeting=world["meeting"], by=world["worker"], partner=world["nav"])
    assert MeetingParticipant.objects.filter(meeting=world["meeting"]).count() == 1


def test_it_refuses_an_organisation_without_consent(world):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.participant_add(
            meeting=world["meeting"], by=world["worker"], partner=world["school"]
        )
    assert "samtykke" in exc.value.message_dict["partner"][0]
    assert not MeetingParticipant.objects.exists()
    assert AuditEntry.objects.count() == before


def test_it_refuses_a_consent_withdrawn_before_the_meeting(world):
    services.consent_withdraw(
        consent=world["consent"], by=world["worker"], withdrawn_on=TODAY - dt.timedelta(days=5)
    )
    with pytest.raises(ValidationError):
        services.participant_add(meeting=world["meeting"], by=world["worker"], partner=world["nav"])


def test_it_refuses_a_consent_expired_before_the_meeting(world):
    MeetingConsent.objects.filter(pk=world["consent"].pk).update(
        expires_on=TODAY - dt.timedelta(days=3)
    )
    with pytest.raises(ValidationError):
        services.participant_add(meeting=world["meeting"], by=world["worker"], partner=world["nav"])


def test_it_refuses_a_consent_given_after_the_meeting(world):
    services.consent_create(
        stay=world["stay"], by=world["worker"], partner=world["school"], given_on=TODAY
    )
    with pytest.raises(ValidationError):
        services.participant_add(
            meeting=world["meeting"], by=world["worker"], partner=world["school"]
        )


def test_it_refuses_another_offers_service(world, orgs):
    from housing.models import PartnerService
    from tests.factories import OfferFactory

    elsewhere = PartnerService.objects.create(
        offer=OfferFactory.create(municipality=orgs["municipality_b"]), kind="nav", name="NAV B"
    )
    with pytest.raises(ValidationError):
        services.consent_create(
            stay=world["stay"], by=world["worker"], partner=elsewhere, given_on=TODAY
        )
    with pytest.raises(ValidationError):
        services.participant_add(meeting=world["meeting"], by=world["worker"], partner=elsewhere)


def test_it_refuses_a_consent_that_expires_before_it_was_given(world):
    with pytest.raises(ValidationError) as exc:
        services.consent_create(
            stay=world["stay"],
            by=world["worker"],
            partner=world["school"],
            given_on=TODAY,
            expires_on=TODAY - dt.timedelta(days=1),
        )
    assert "expires_on" in exc.value.message_dict


def _task(world, **kwargs):
    values = {
        "meeting": world["meeting"],
        "by": world["worker"],
        "description": "Søke skoleplass",
        "responsible_user": world["worker"],
        "responsible_partner": None,
        "due_on": TODAY + dt.timedelta(days=7),
    }
    return services.task_create(**(values | kwargs))


def test_it_refuses_a_task_without_a_responsible(world):
    with pytest.raises(ValidationError) as exc:
        _task(world, responsible_user=None)
    assert "responsible" in exc.value.message_dict
    assert not MeetingTask.objects.exists()


def test_it_refuses_a_task_with_two_responsibles(world):
    services.participant_add(meeting=world["meeting"], by=world["worker"], partner=world["nav"])
    with pytest.raises(ValidationError):
        _task(world, responsible_partner=world["nav"])


def test_it_refuses_a_due_date_before_the_meeting(world):
    with pytest.raises(ValidationError) as exc:
        _task(world, due_on=TODAY - dt.timedelta(days=2))
    assert exc.value.message_dict["due_on"] == ["Fristen kan ikke være før møtet."]
    assert not MeetingTask.objects.exists()


def test_it_refuses_a_responsible_outside_the_offer(world, cast):
    with pytest.raises(ValidationError):
        _task(world, responsible_user=cast["followup_worker_b"])


def test_it_refuses_a_responsible_service_not_at_the_meeting(world):
    with pytest.raises(ValidationError):
        _task(world, responsible_user=None, responsible_partner=world["nav"])


def test_it_gives_a_task_to_a_participating_service(world):
    services.participant_add(meeting=world["meeting"], by=world["worker"], partner=world["nav"])
    task = _task(world, responsible_user=None, responsible_partner=world["nav"])
    assert task.stay_id == world["stay"].pk


def test_the_database_refuses_a_task_without_a_responsible(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingTask.objects.create(
            stay=world["stay"], meeting=world["meeting"], description="x", due_on=TODAY
        )


def test_it_refuses_an_empty_agenda_and_a_closed_stay(world):
    with pytest.raises(ValidationError):
        services.meeting_create(
            stay=world["stay"],
            by=world["worker"],
            kind="other",
            held_at=dates.now(),
            agenda="  ",
            resident_takes_part=False,
        )
    world["stay"].status = "closed"
    with pytest.raises(ValidationError):
        services.meeting_create(
            stay=world["stay"],
            by=world["worker"],
            kind="other",
            held_at=dates.now(),
            agenda="Sak",
            resident_takes_part=False,
        )


def test_a_task_done_twice_is_refused(world):
    task = _task(world)
    services.task_done(task=task, by=world["worker"])
    with pytest.raises(ValidationError):
        services.task_done(task=task, by=world["worker"])
