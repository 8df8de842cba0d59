"""Retting av kartlegging og henvendelse: correcting an assessment or an inquiry, or withdrawing an assessment.

A typo in a birth date must not force a second assessment: the team corrects
the one it has, and an inquiry registered with the wrong channel or date is
corrected the same way. The earlier values are kept (``AssessmentCorrection``), the
audit log says which fields changed and who changed them, and only the person
who wrote the assessment or the team's lead may do either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import policy
from accounts.actors import Actor, Viewer, signed_in
from audit.services import record
from core import dates
from referrals.models import (
    Allocation,
    Assessment,
    AssessmentChild,
    AssessmentCorrection,
    Criterion,
    Inquiry,
    InquiryCorrection,
    Person,
)
from referrals.services.intake import (
    ASSESSMENT_FIELDS,
    PersonData,
    _birth_date,
    _check_children,
    find_person_by_identity_number,
)

PERSON_FIELDS = ("name", "identity_number", "birth_date", "phone", "gender")
PURPOSE = "kartlegging"


class WithdrawReason(models.TextChoices):
    """Why an assessment is withdrawn (kept in the correction row)."""

    DUPLICATE = "duplicate", gettext_lazy("Registrert to ganger")
    MISTAKE = "mistake", gettext_lazy("Registrert ved en feil")


def may_correct(user: Viewer, assessment: Assessment) -> bool:
    """The person who wrote the assessment, or the team's lead (and only with the edit right)."""
    actor = signed_in(user)
    if actor is None or not policy.can(actor, policy.Perm.EDIT_ASSESSMENTS, assessment):
        return False
    return assessment.assessed_by_user_id == actor.pk or policy.is_team_lead(actor)


def _locked(assessment: Assessment, by: Actor) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("person").get(pk=assessment.pk)
    if not may_correct(by, locked):
        raise PermissionDenied(
            _("Bare den som skrev kartleggingen, eller teamleder, kan rette den.")
        )
    return locked


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def assessment_correct(
    *,
    assessment: Assessment,
    person: PersonData,
    answers: Mapping[str, Any],
    children_birth_years: Iterable[int],
    reason: str,
    by: Actor,
) -> AssessmentCorrection:
    """Correct an assessment and the person it is about; keep what stood before.

    The age criterion follows the corrected birth date. A corrected identity
    number that belongs to someone else already registered is refused: that
    assessment is a duplicate to withdraw, not a person to overwrite.
    """
    unknown = set(answers) - ASSESSMENT_FIELDS
    if unknown:
        raise ValueError(f"assessment_correct got unknown fields: {sorted(unknown)}")
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv kort hva som var feil.")})
    locked = _locked(assessment, by)
    if locked.status == Assessment.Status.WITHDRAWN:
        raise ValidationError(_("Kartleggingen er trukket tilbake og kan ikke rettes."))
    subject: Person = locked.person
    number, born = _birth_date(person)
    if number and number != subject.identity_number:
        other = find_person_by_identity_number(number)
        if other is not None and other.pk != subject.pk:
            raise ValidationError(
                {
                    "identity_number": _(
                        "Fødselsnummeret tilhører en annen registrert person. Er dette en "
                        "kartlegging registrert to ganger, trekk den tilbake i stedet."
                    )
                }
            )
    new_person = {
        "name": person.name,
        "identity_number": number,
        "birth_date": born,
        "phone": person.phone,
        "gender": person.gender,
    }
    previous: dict[str, Any] = {}
    for name, value in new_person.items():
        if getattr(subject, name) != value:
            previous[f"person.{name}"] = _plain(getattr(subject, name))
            setattr(subject, name, value)

    assessed_on = answers.get("assessed_on") or locked.assessed_on
    if assessed_on > dates.today():
        raise ValidationError({"assessed_on": _("Datoen kan ikke være fram i tid.")})
    wanted = {**answers, "assessed_on": assessed_on}
    if wanted.get("assessed_by") == Assessment.AssessedBy.TEAM:
        wanted["assisting_service"] = ""
    elif not wanted.get("assisting_service", locked.assisting_service):
        raise ValidationError(
            {"assisting_service": _("Velg hvilken tjeneste som kartla sammen med teamet.")}
        )
    wanted["age_status"] = Criterion.MET if subject.age_on(assessed_on) >= 18 else Criterion.NOT_MET
    for name, value in wanted.items():
        if getattr(locked, name) != value:
            previous[name] = _plain(getattr(locked, name))
            setattr(locked, name, value)

    years = sorted(children_birth_years)
    _check_children(years)
    before = sorted(locked.children.values_list("birth_year", flat=True))
    if years != before:
        previous["children"] = before
        locked.children.all().delete()
        AssessmentChild.objects.bulk_create(
            [AssessmentChild(assessment=locked, birth_year=year) for year in years]
        )

    if not previous:
        raise ValidationError(_("Ingenting er endret."))
    person_fields = sorted(k.removeprefix("person.") for k in previous if k.startswith("person."))
    if person_fields:
        subject.full_clean()
        subject.save()
        record(
            actor=by,
            action="referrals.person.corrected",
            obj=subject,
            fields=person_fields,
            purpose=PURPOSE,
        )
    locked.full_clean()
    locked.save()
    correction = AssessmentCorrection.objects.create(
        assessment=locked,
        corrected_by=by,
        fields=sorted(previous),
        content={"previous": previous, "reason": reason.strip()},
        is_synthetic=locked.is_synthetic,
    )
    record(
        actor=by,
        action="referrals.assessment.corrected",
        obj=locked,
        fields=sorted(k for k in previous if not k.startswith("person.")) or ["person"],
        purpose=PURPOSE,
    )
    return correction


@transaction.atomic
def assessment_withdraw(*, assessment: Assessment, reason: str, note: str = "", by: Actor) -> None:
    """Take an assessment recorded twice or by mistake out of the workbench and the statistics.

    Only an assessment without a place proposed or given. When it was the
    inquiry's only assessment, the inquiry is open again, so it is assessed or
    closed properly.
    """
    if reason not in WithdrawReason.values:
        raise ValidationError({"reason": _("Velg hvorfor kartleggingen trekkes tilbake.")})
    locked = _locked(assessment, by)
    if locked.status != Assessment.Status.OPEN:
        raise ValidationError(_("Bare en kartlegging som er under arbeid, kan trekkes tilbake."))
    if locked.allocations.filter(status__in=Allocation.ACTIVE).exists():
        raise ValidationError(
            _("Kartleggingen har et forslag om plass. Trekk forslaget tilbake først.")
        )
    locked.status = Assessment.Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    AssessmentCorrection.objects.create(
        assessment=locked,
        corrected_by=by,
        fields=["status"],
        content={"previous": {"status": Assessment.Status.OPEN}, "reason": reason, "note": note},
        is_synthetic=locked.is_synthetic,
    )
    record(
        actor=by,
        action="referrals.assessment.withdrawn",
        obj=locked,
        fields=["status"],
        purpose=PURPOSE,
    )
    if locked.inquiry_id is None:
        return
    inquiry = Inquiry.objects.select_for_update().get(pk=locked.inquiry_id)
    others = inquiry.assessments.exclude(pk=locked.pk).exclude(status=Assessment.Status.WITHDRAWN)
    if inquiry.outcome == Inquiry.Outcome.ASSESSED and not others.exists():
        inquiry.outcome = Inquiry.Outcome.OPEN
        inquiry.closed_on = None
        inquiry.save(update_fields=["outcome", "closed_on", "updated_at"])
        record(
            actor=by,
            action="referrals.inquiry.reopened",
            obj=inquiry,
            fields=["outcome", "closed_on"],
            purpose=PURPOSE,
        )


# --- inquiries (henvendelser) ---------------------------------------------------

INQUIRY_FIELDS = ("contact_kind", "channel", "received_on", "reason")
# Only an inquiry closed without a place has these to correct.
NO_PLACE_FIELDS = ("no_place_reason", "guidance")


def may_correct_inquiry(user: Viewer, inquiry: Inquiry) -> bool:
    """The person who registered the inquiry, or the team's lead (and only with the edit right)."""
    actor = signed_in(user)
    if actor is None or not policy.can(actor, policy.Perm.EDIT_INQUIRIES, inquiry):
        return False
    return inquiry.registered_by_id == actor.pk or policy.is_team_lead(actor)


@transaction.atomic
def inquiry_correct(
    *,
    inquiry: Inquiry,
    contact_kind: str,
    channel: str,
    received_on: dt.date,
    reason: str,
    why: str,
    no_place_reason: str | None = None,
    guidance: str | None = None,
    by: Actor,
) -> InquiryCorrection:
    """Correct an inquiry's fields; keep what stood before, who changed it and why.

    The outcome is not corrected here: it follows from the assessment or the
    closing. The reason and guidance of a closing without a place are
    corrected only on an inquiry that was closed so.
    """
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if not may_correct_inquiry(by, locked):
        raise PermissionDenied(
            _("Bare den som registrerte henvendelsen, eller teamleder, kan rette den.")
        )
    errors: dict[str, str] = {}
    if not why.strip():
        errors["why"] = _("Skriv kort hva som var feil.")
    if received_on is None:
        errors["received_on"] = _("Skriv datoen henvendelsen kom.")
    elif received_on > dates.today():
        errors["received_on"] = _("Datoen kan ikke være fram i tid.")
    if not reason.strip():
        errors["reason"] = _("Skriv kort om henvendelsen.")
    wanted: dict[str, Any] = {
        "contact_kind": contact_kind,
        "channel": channel,
        "received_on": received_on,
        "reason": reason,
    }
    if locked.outcome == Inquiry.Outcome.NO_PLACE:
        if no_place_reason is not None:
            wanted["no_place_reason"] = no_place_reason
        if guidance is not None:
            if not guidance.strip():
                errors["guidance"] = _("Skriv hvilken veiledning personen fikk.")
            wanted["guidance"] = guidance
    elif no_place_reason or guidance:
        raise ValueError("only an inquiry closed without a place has a no-place reason")
    if errors:
        raise ValidationError(errors)
    previous: dict[str, Any] = {}
    for name, value in wanted.items():
        if getattr(locked, name) != value:
            previous[name] = _plain(getattr(locked, name))
            setattr(locked, name, value)
    if not previous:
        raise ValidationError(_("Ingenting er endret."))
    locked.full_clean()
    locked.save(update_fields=[*sorted(previous), "updated_at"])
    correction = InquiryCorrection.objects.create(
        inquiry=locked,
        corrected_by=by,
        fields=sorted(previous),
        content={"previous": previous, "reason": why.strip()},
        is_synthetic=locked.is_synthetic,
    )
    record(
        actor=by,
        action="referrals.inquiry.corrected",
        obj=locked,
        fields=sorted(previous),
        purpose="henvendelse",
    )
    return correction
