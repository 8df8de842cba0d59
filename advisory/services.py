"""Writes of the advisory work: a contact, a course, and a contact turned into an inquiry.

Keyword-only, validated here (the form only parses), audited in the same
transaction. A refused write raises ``ValidationError`` with a Norwegian
message on the field it concerns, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from advisory.models import ACTIONS, TOPICS, AdvisoryContact, AskedBy, Course
from audit.services import record
from core import dates
from referrals import services as referrals
from referrals.models import Inquiry

# Nothing the team registers happened before the service existed.
EARLIEST = dt.date(2000, 1, 1)
MAX_PARTICIPANTS = 10_000
CONTACT_FIELDS = [
    "contact_on",
    "asked_by",
    "service_kind",
    "channel",
    *(flag for _code, flag, _label in TOPICS),
    *(flag for _code, flag, _label in ACTIONS),
    "age_group",
    "gender",
    "name_consent",
    "name",
    "note",
]


def _check_date(day: dt.date, field: str) -> None:
    if day > dates.today():
        raise ValidationError({field: _("Datoen kan ikke være fram i tid.")})
    if day < EARLIEST:
        raise ValidationError({field: _("Datoen kan ikke være før 1. januar 2000.")})


def _flags(
    chosen: Collection[str], known: tuple[tuple[str, str, object], ...], field: str
) -> dict[str, bool]:
    codes = {code for code, _flag, _label in known}
    if not set(chosen) <= codes:
        raise ValidationError({field: _("Velg bare blant valgene på skjemaet.")})
    return {flag: code in chosen for code, flag, _label in known}


@transaction.atomic
def contact_create(
    *,
    contact_on: dt.date,
    asked_by: str,
    service_kind: str = "",
    channel: str,
    topics: Collection[str],
    actions: Collection[str] = (),
    age_group: str = "",
    gender: str = "",
    name_consent: bool = False,
    name: str = "",
    note: str = "",
    by: Actor,
) -> AdvisoryContact:
    """Register an advisory contact: anonymous unless the person consents to their name."""
    _check_date(contact_on, "contact_on")
    if not topics:
        raise ValidationError({"topics": _("Velg minst ett tema.")})
    if asked_by == AskedBy.SERVICE and not service_kind:
        raise ValidationError({"service_kind": _("Velg hvilken tjeneste som spurte.")})
    name = name.strip()
    if name and not name_consent:
        raise ValidationError(
            {
                "name": _(
                    "Navnet kan bare registreres når personen samtykker. "
                    "Kryss av for samtykke, eller la navnet stå tomt."
                )
            }
        )
    contact = AdvisoryContact(
        contact_on=contact_on,
        asked_by=asked_by,
        # A service kind only for a service: a choice left from before is dropped.
        service_kind=service_kind if asked_by == AskedBy.SERVICE else "",
        channel=channel,
        **_flags(topics, TOPICS, "topics"),
        **_flags(actions, ACTIONS, "actions"),
        age_group=age_group,
        gender=gender,
        name_consent=name_consent,
        name=name or None,
        note=note.strip(),
        recorded_by=by,
    )
    contact.full_clean()
    contact.save()
    record(
        actor=by,
        action="advisory.contact.created",
        obj=contact,
        fields=CONTACT_FIELDS,
        purpose="råd og veiledning",
    )
    return contact


@transaction.atomic
def contact_to_inquiry(
    *,
    contact: AdvisoryContact,
    contact_kind: str,
    channel: str,
    received_on: dt.date,
    reason: str,
    by: Actor,
) -> Inquiry:
    """Make the inquiry for a place the contact became (``referrals.services.inquiry_create``).

    The contact is locked, so two clicks make one inquiry; it then links to
    the inquiry and counts «henvendelse om plass» among what the team did.
    """
    contact = AdvisoryContact.objects.select_for_update().get(pk=contact.pk)
    if contact.inquiry_id is not None:
        raise ValidationError(_("Denne rådgivningen er allerede gjort om til en henvendelse."))
    if received_on < contact.contact_on:
        raise ValidationError(
            {"received_on": _("Henvendelsen kan ikke være mottatt før rådgivningen.")}
        )
    inquiry = referrals.inquiry_create(
        contact_kind=contact_kind,
        channel=channel,
        received_on=received_on,
        reason=reason,
        by=by,
    )
    contact.inquiry = inquiry
    contact.action_place_inquiry = True
    contact.save(update_fields=["inquiry", "action_place_inquiry", "updated_at"])
    record(
        actor=by,
        action="advisory.contact.to_inquiry",
        obj=contact,
        fields=["inquiry", "action_place_inquiry"],
        purpose="rådgivning ble henvendelse",
    )
    return inquiry


@transaction.atomic
def course_create(
    *, held_on: dt.date, audience: str, participants: int, place: str = "", by: Actor
) -> Course:
    """Register a course or lecture the team gave."""
    _check_date(held_on, "held_on")
    if participants < 1:
        raise ValidationError({"participants": _("Antall deltakere må være minst 1.")})
    if participants > MAX_PARTICIPANTS:
        raise ValidationError(
            {"participants": _("Antall deltakere kan ikke være over 10 000. Sjekk tallet.")}
        )
    course = Course(
        held_on=held_on,
        audience=audience,
        participants=participants,
        place=place.strip(),
        recorded_by=by,
    )
    course.full_clean()
    course.save()
    record(
        actor=by,
        action="advisory.course.created",
        obj=course,
        fields=["held_on", "audience", "participants", "place"],
        purpose="kurs og foredrag",
    )
    return course
