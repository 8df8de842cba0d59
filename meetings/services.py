"""Writes for the meetings (møter): consents, meetings, participants, minutes and tasks.

Every write is atomic, validated here (the rule, whatever form calls it) and
audited in the same transaction. A refusal raises ``ValidationError`` before
anything is saved, with a Norwegian message on the field it concerns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import Actor
from accounts.models import User
from audit.services import record
from core import dates
from housing.models import PartnerContact, PartnerService
from meetings.models import Meeting, MeetingConsent, MeetingParticipant, MeetingTask
from stays.models import Stay

# The offer's own staff: the people a task can be given to.
STAFF_ROLES = ("project_lead", "followup_worker")


def _synthetic(stay: Stay) -> bool:
    return bool(getattr(stay, "is_synthetic", False))


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's date in Oslo time."""
    return timezone.localtime(meeting.held_at, dates.OSLO).date()


def offer_staff(stay: Stay) -> Any:
    """The active project leads and follow-up workers of the stay's municipality."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=stay.offer.municipality_id,
            memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def valid_consent(stay: Stay, partner: PartnerService, day: dt.date) -> MeetingConsent | None:
    """A consent of the resident covering ``partner`` that is valid on ``day``, if any."""
    for consent in MeetingConsent.objects.filter(stay=stay, partner=partner):
        if consent.valid_on(day):
            return consent
    return None


def _partner_of_offer(stay: Stay, partner: PartnerService | None, field: str) -> dict[str, str]:
    if partner is None or partner.offer_id != stay.offer_id:
        return {field: _("Velg en tjeneste fra botilbudets liste over samarbeidspartnere.")}
    return {}


# --- consents ----------------------------------------------------------------------


@transaction.atomic
def consent_create(
    *,
    stay: Stay,
    by: Actor,
    partner: PartnerService | None,
    given_on: dt.date,
    expires_on: dt.date | None = None,
) -> MeetingConsent:
    """The resident's consent that ``partner`` takes part in the meetings."""
    errors: dict[str, Any] = _partner_of_offer(stay, partner, "partner")
    if given_on > dates.today():
        errors["given_on"] = _("Datoen samtykket ble gitt, kan ikke være i fremtiden.")
    if expires_on is not None and expires_on < given_on:
        errors["expires_on"] = _("Samtykket kan ikke utløpe før det ble gitt.")
    if errors:
        raise ValidationError(errors)
    consent = MeetingConsent(
        stay=stay,
        partner=partner,
        given_on=given_on,
        expires_on=expires_on,
        recorded_by=by,
        is_synthetic=_synthetic(stay),
    )
    consent.full_clean()
    consent.save()
    record(
        actor=by,
        action="meetings.consent.created",
        obj=consent,
        fields=["partner", "given_on", "expires_on"],
        purpose="samtykke til deltakelse i møter",
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: MeetingConsent, by: Actor, withdrawn_on: dt.date) -> None:
    """The resident withdraws the consent from ``withdrawn_on``; later meetings are closed to it."""
    consent = MeetingConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("Samtykket er allerede trukket tilbake."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("Samtykket kan ikke trekkes tilbake før det ble gitt.")}
        )
    if withdrawn_on > dates.today():
        raise ValidationError({"withdrawn_on": _("Datoen kan ikke være i fremtiden.")})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    record(
        actor=by,
        action="meetings.consent.withdrawn",
        obj=consent,
        fields=["withdrawn_on"],
        purpose="samtykke til deltakelse i møter",
    )


# --- meetings ------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    stay: Stay,
    by: Actor,
    kind: str,
    held_at: dt.datetime,
    agenda: str,
    resident_takes_part: bool,
) -> Meeting:
    """Plan (or register) a meeting for the resident."""
    errors: dict[str, Any] = {}
    if kind not in Meeting.Kind.values:
        errors["kind"] = _("Velg hva slags møte det er.")
    if not agenda.strip():
        errors["agenda"] = _("Skriv saksliste for møtet.")
    if stay.status in ("closed", "withdrawn"):
        errors["__all__"] = _("Oppholdet er avsluttet. Det kan ikke planlegges nye møter.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        stay=stay,
        kind=kind,
        held_at=held_at,
        agenda=agenda,
        resident_takes_part=resident_takes_part,
        recorded_by=by,
        is_synthetic=_synthetic(stay),
    )
    meeting.full_clean()
    meeting.save()
    record(
        actor=by,
        action="meetings.meeting.created",
        obj=meeting,
        fields=["kind", "held_at", "agenda", "resident_takes_part"],
        purpose="planlegge møte",
    )
    return meeting


@transaction.atomic
def participant_add(
    *,
    meeting: Meeting,
    by: Actor,
    partner: PartnerService | None,
    contact: PartnerContact | None = None,
) -> MeetingParticipant:
    """Add a partner service; only under the resident's consent valid on the meeting day."""
    stay = meeting.stay
    errors: dict[str, Any] = _partner_of_offer(stay, partner, "partner")
    if partner is not None and not errors:
        if valid_consent(stay, partner, meeting_day(meeting)) is None:
            errors["partner"] = _(
                "Beboeren har ikke gitt samtykke som gjelder %(name)s på møtedagen. "
                "Registrer samtykket først, eller velg en annen tjeneste."
            ) % {"name": partner.name}
        elif MeetingParticipant.objects.filter(meeting=meeting, partner=partner).exists():
            errors["partner"] = _("Tjenesten er allerede med på møtet.")
        if contact is not None and contact.partner_id != partner.pk:
            errors["contact"] = _("Kontaktpersonen hører ikke til den valgte tjenesten.")
    if errors:
        raise ValidationError(errors)
    participant = MeetingParticipant(
        meeting=meeting,
        partner=partner,
        contact=contact,
        is_synthetic=_synthetic(stay),
    )
    participant.full_clean()
    participant.save()
    record(
        actor=by,
        action="meetings.participant.added",
        obj=participant,
        fields=["partner", "contact"],
        purpose="deltaker i møte",
    )
    return participant


@transaction.atomic
def minutes_save(*, meeting: Meeting, by: Actor, minutes: str, decisions: str) -> Meeting:
    """Write or correct the minutes and the decisions."""
    if not minutes.strip():
        raise ValidationError({"minutes": _("Skriv referatet fra møtet.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes = minutes
    meeting.decisions = decisions
    meeting.full_clean()
    meeting.save(update_fields=["minutes", "decisions", "updated_at"])
    record(
        actor=by,
        action="meetings.minutes.changed",
        obj=meeting,
        fields=["minutes", "decisions"],
        purpose="møtereferat",
    )
    return meeting


# --- tasks -------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    meeting: Meeting,
    by: Actor,
    description: str,
    responsible_user: User | None,
    responsible_partner: PartnerService | None,
    due_on: dt.date | None,
) -> MeetingTask:
    """A follow-up task with one responsible (a staff member or a participating service)."""
    stay = meeting.stay
    errors: dict[str, Any] = {}
    if not description.strip():
        errors["description"] = _("Skriv hva som skal gjøres.")
    if (responsible_user is None) == (responsible_partner is None):
        errors["responsible"] = _(
            "Velg én ansvarlig: en ansatt i botilbudet eller en tjeneste som deltok på møtet."
        )
    elif responsible_user is not None and not offer_staff(stay).filter(pk=responsible_user.pk):
        errors["responsible"] = _("Den ansvarlige må være ansatt i botilbudet.")
    elif (
        responsible_partner is not None
        and not MeetingParticipant.objects.filter(
            meeting=meeting, partner=responsible_partner
        ).exists()
    ):
        errors["responsible"] = _("Den ansvarlige tjenesten må være med på møtet.")
    if due_on is None:
        errors["due_on"] = _("Skriv inn en frist.")
    elif due_on < meeting_day(meeting):
        errors["due_on"] = _("Fristen kan ikke være før møtet.")
    if errors:
        raise ValidationError(errors)
    assert due_on is not None  # checked above; says so to the type checker
    task = MeetingTask(
        stay=stay,
        meeting=meeting,
        description=description,
        responsible_user=responsible_user,
        responsible_partner=responsible_partner,
        due_on=due_on,
        is_synthetic=_synthetic(stay),
    )
    task.full_clean()
    task.save()
    record(
        actor=by,
        action="meetings.task.created",
        obj=task,
        fields=["description", "responsible_user", "responsible_partner", "due_on"],
        purpose="oppgave etter møte",
    )
    return task


@transaction.atomic
def task_done(*, task: MeetingTask, by: Actor, done_on: dt.date | None = None) -> MeetingTask:
    """Mark a task as done (today unless told)."""
    task = MeetingTask.objects.select_for_update().get(pk=task.pk)
    if task.done_on is not None:
        raise ValidationError(_("Oppgaven er allerede utført."))
    task.done_on = done_on or dates.today()
    task.save(update_fields=["done_on", "updated_at"])
    record(
        actor=by,
        action="meetings.task.done",
        obj=task,
        fields=["done_on"],
        purpose="oppgave etter møte",
    )
    return task
