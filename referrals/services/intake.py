"""Inquiries, assessments and threat assessments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import policy
from accounts.actors import Actor
from accounts.models import Organisation, Role
from audit.services import record
from core import dates
from core.fields import blind_index_for
from referrals.identity import clean_identity_number
from referrals.models import (
    IDENTITY_INDEX_CONTEXT,
    Allocation,
    Assessment,
    AssessmentChild,
    Criterion,
    Inquiry,
    Person,
    ThreatAssessment,
    YesNoUnclear,
)


@transaction.atomic
def inquiry_create(
    *,
    contact_kind: str,
    channel: str,
    received_on: dt.date,
    reason: str,
    by: Actor,
) -> Inquiry:
    """Register a first contact. It stays open until it gets an outcome."""
    if received_on > dates.today():
        raise ValidationError({"received_on": _("Datoen kan ikke være fram i tid.")})
    inquiry = Inquiry(
        contact_kind=contact_kind,
        channel=channel,
        received_on=received_on,
        reason=reason,
        registered_by=by,
    )
    inquiry.full_clean()
    inquiry.save()
    record(
        actor=by,
        action="referrals.inquiry.created",
        obj=inquiry,
        fields=["contact_kind", "channel", "received_on", "reason"],
        purpose="henvendelse",
    )
    return inquiry


PLACED = gettext_lazy(
    "Henvendelsen førte til plass i et botilbud. Den kan ikke avsluttes uten plass."
)


def inquiry_led_to_place(inquiry: Inquiry) -> bool:
    """Did one of the inquiry's assessments lead to a place (an accepted allocation, a stay)?"""
    return inquiry.assessments.filter(
        Q(status=Assessment.Status.ALLOCATED) | Q(allocations__status=Allocation.Status.ACCEPTED)
    ).exists()


@transaction.atomic
def inquiry_close_without_place(
    *, inquiry: Inquiry, no_place_reason: str, guidance: str, by: Actor
) -> Inquiry:
    """Close an inquiry that did not lead to a place, with the reason and the guidance given."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry_led_to_place(inquiry):
        raise ValidationError(PLACED)
    if inquiry.outcome != Inquiry.Outcome.OPEN:
        raise ValidationError(_("Henvendelsen er allerede avsluttet."))
    if not guidance.strip():
        raise ValidationError({"guidance": _("Skriv hvilken veiledning personen fikk.")})
    inquiry.outcome = Inquiry.Outcome.NO_PLACE
    inquiry.no_place_reason = no_place_reason
    inquiry.guidance = guidance
    inquiry.closed_on = dates.today()
    inquiry.full_clean()
    inquiry.save(
        update_fields=["outcome", "no_place_reason", "guidance", "closed_on", "updated_at"]
    )
    record(
        actor=by,
        action="referrals.inquiry.closed",
        obj=inquiry,
        fields=["outcome", "no_place_reason", "guidance", "closed_on"],
        purpose="henvendelse uten plass",
    )
    return inquiry


@dataclass(frozen=True)
class PersonData:
    name: str
    gender: str
    identity_number: str = ""
    birth_date: dt.date | None = None
    phone: str = ""


# What a caller may set on an assessment (no mass assignment: anything else is refused).
ASSESSMENT_FIELDS = frozenset(
    {
        "assessed_on",
        "assessed_by",
        "assisting_service",
        "age_note",
        "need_status",
        "ground_forced_marriage",
        "ground_fear_forced_marriage",
        "ground_left_abroad",
        "ground_other_violence",
        "need_note",
        "benefit_status",
        "fit_to_live_alone",
        "needs_followup",
        "wants_it",
        "accepts_rules",
        "accepts_limited_stay",
        "benefit_note",
        "threat_status",
        "threat_note",
        "lawful_residence",
        "residence_note",
        "has_partner",
        "need_mental_health",
        "need_practical",
        "need_language",
        "need_society_knowledge",
        "need_children",
        "interpreter_language",
        "needs_note",
        "followup_intensity",
        "wishes",
    }
)


def _birth_date(data: PersonData) -> tuple[str | None, dt.date]:
    if data.identity_number.strip():
        try:
            number, born = clean_identity_number(data.identity_number)
        except ValidationError as exc:
            raise ValidationError({"identity_number": exc.messages}) from None
        if data.birth_date is not None and data.birth_date != born:
            raise ValidationError(
                {"birth_date": _("Fødselsdatoen stemmer ikke med fødselsnummeret.")}
            )
        return number, born
    if data.birth_date is None:
        raise ValidationError(
            {"identity_number": _("Skriv fødselsnummer eller D-nummer, eller fødselsdato.")}
        )
    if data.birth_date > dates.today():
        raise ValidationError({"birth_date": _("Fødselsdatoen kan ikke være fram i tid.")})
    return None, data.birth_date


def _check_children(years: Iterable[int]) -> None:
    this_year = dates.today().year
    for year in years:
        if not this_year - 18 <= year <= this_year:
            raise ValidationError(
                {
                    "children": _("Fødselsår for barn må være mellom %(low)s og %(high)s.")
                    % {"low": this_year - 18, "high": this_year}
                }
            )


def find_person_by_identity_number(number: str) -> Person | None:
    """Exact lookup through the blind index (duplicate detection)."""
    index = blind_index_for(number, context=IDENTITY_INDEX_CONTEXT, normalise="identity_number")
    if index is None:
        return None
    return Person.objects.filter(identity_number_index=index).first()


@transaction.atomic
def assessment_create(
    *,
    person: PersonData,
    answers: Mapping[str, Any],
    children_birth_years: Iterable[int] = (),
    inquiry: Inquiry | None = None,
    by: Actor,
) -> Assessment:
    """Record an assessment and the person it is about.

    The age criterion is computed from the birth date (or the identity
    number), never typed. A person already registered with the same identity
    number gets the new assessment instead of a duplicate record.
    """
    unknown = set(answers) - ASSESSMENT_FIELDS
    if unknown:
        raise ValueError(f"assessment_create got unknown fields: {sorted(unknown)}")
    number, born = _birth_date(person)
    existing = find_person_by_identity_number(number) if number else None
    if existing is not None:
        subject = existing
    else:
        subject = Person(
            name=person.name,
            identity_number=number,
            birth_date=born,
            phone=person.phone,
            gender=person.gender,
        )
        subject.full_clean()
        subject.save()
        record(
            actor=by,
            action="referrals.person.created",
            obj=subject,
            fields=["name", "identity_number", "birth_date", "phone", "gender"],
            purpose="kartlegging",
        )

    assessed_on = answers.get("assessed_on") or dates.today()
    if assessed_on > dates.today():
        raise ValidationError({"assessed_on": _("Datoen kan ikke være fram i tid.")})
    assessment = Assessment(
        person=subject,
        inquiry=inquiry,
        assessed_by_user=by,
        age_status=Criterion.MET if subject.age_on(assessed_on) >= 18 else Criterion.NOT_MET,
        **{**answers, "assessed_on": assessed_on},
    )
    if assessment.assessed_by == Assessment.AssessedBy.TEAM:
        assessment.assisting_service = ""
    elif not assessment.assisting_service:
        raise ValidationError(
            {"assisting_service": _("Velg hvilken tjeneste som kartla sammen med teamet.")}
        )
    assessment.full_clean()
    assessment.save()
    years = list(children_birth_years)
    _check_children(years)
    AssessmentChild.objects.bulk_create(
        [AssessmentChild(assessment=assessment, birth_year=year) for year in years]
    )
    if inquiry is not None:
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        if locked.outcome == Inquiry.Outcome.NO_PLACE:
            raise ValidationError(_("Henvendelsen er avsluttet uten plass."))
        if locked.outcome == Inquiry.Outcome.OPEN:
            locked.outcome = Inquiry.Outcome.ASSESSED
            locked.closed_on = dates.today()
            locked.save(update_fields=["outcome", "closed_on", "updated_at"])
            record(
                actor=by,
                action="referrals.inquiry.assessed",
                obj=locked,
                fields=["outcome", "closed_on"],
                purpose="kartlegging",
            )
    record(
        actor=by,
        action="referrals.assessment.created",
        obj=assessment,
        fields=sorted({*answers, "person", "age_status", "children"}),
        purpose="kartlegging",
    )
    return assessment


def allocation_blockers(assessment: Assessment, *, on: dt.date | None = None) -> list[str]:
    """Reasons this person can never be allocated a place (empty list: none)."""
    day = on or dates.today()
    reasons = []
    if assessment.person.age_on(day) < 18:
        reasons.append(_("Personen er under 18 år og kan ikke få plass i botilbudet."))
    if assessment.lawful_residence != YesNoUnclear.YES:
        reasons.append(
            _("Lovlig opphold i Norge er ikke registrert som «ja». Personen kan ikke få plass.")
        )
    if assessment.status != Assessment.Status.OPEN:
        reasons.append(_("Kartleggingen er ikke åpen for tildeling."))
    return reasons


MEASURE_FIELDS = ("measure_violence_alarm", "measure_code_6", "measure_code_7", "measure_other")


@transaction.atomic
def threat_assessment_record(
    *,
    assessment: Assessment,
    assessed_by: str,
    police_district: Organisation | None,
    assessed_on: dt.date,
    risk_level: str,
    avoid_municipalities: Iterable[Organisation],
    details: str,
    measures: Iterable[str],
    measures_note: str,
    by: Actor,
) -> ThreatAssessment:
    """Record the police's threat assessment. Only police roles may write it."""
    if not policy.has_perm(by, policy.Perm.WRITE_THREAT_ASSESSMENTS):
        raise PermissionDenied
    chosen = set(measures)
    if chosen - set(MEASURE_FIELDS):
        raise ValueError("unknown security measure")
    if assessed_by == ThreatAssessment.AssessedBy.TEAM_POLICE:
        if Role.POLICE_REPRESENTATIVE not in policy.roles(by):
            raise PermissionDenied
        police_district = None
    elif police_district is None:
        raise ValidationError({"police_district": _("Velg politidistriktet som vurderte.")})
    elif Role.POLICE_REPRESENTATIVE not in policy.roles(
        by
    ) and police_district.pk not in policy.organisation_ids(by, role=Role.LOCAL_POLICE):
        raise ValidationError(
            {"police_district": _("Du kan bare skrive vurderinger for ditt eget politidistrikt.")}
        )
    if police_district is not None and police_district.kind != Organisation.Kind.POLICE_DISTRICT:
        raise ValidationError({"police_district": _("Velg et politidistrikt.")})
    if assessed_on > dates.today():
        raise ValidationError({"assessed_on": _("Datoen kan ikke være fram i tid.")})
    municipalities = list(avoid_municipalities)
    if any(m.kind != Organisation.Kind.MUNICIPALITY for m in municipalities):
        raise ValidationError({"avoid_municipalities": _("Velg bare kommuner.")})
    if "measure_other" in chosen and not measures_note.strip():
        raise ValidationError({"measures_note": _("Beskriv de andre tiltakene.")})
    threat = ThreatAssessment(
        assessment=assessment,
        assessed_by=assessed_by,
        police_district=police_district,
        assessed_on=assessed_on,
        risk_level=risk_level,
        details=details,
        measures_note=measures_note,
        written_by=by,
        **{name: name in chosen for name in MEASURE_FIELDS},
    )
    threat.full_clean()
    threat.save()
    threat.avoid_municipalities.set(municipalities)
    record(
        actor=by,
        action="referrals.threat_assessment.created",
        obj=threat,
        fields=[
            "assessed_by",
            "police_district",
            "assessed_on",
            "risk_level",
            "avoid_municipalities",
            "details",
            *MEASURE_FIELDS,
            "measures_note",
        ],
        purpose="trusselvurdering",
    )
    _carry_threat_criterion(threat.assessment, by=by)
    return threat


def _carry_threat_criterion(assessment: Assessment, *, by: Actor) -> None:
    """Criterion 4 (the threat picture) is assessed once the police have written theirs.

    Left "unclear" until then; the team's own «met» or «not met» is never
    overwritten. Nobody has to come back and type what the police already said.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.threat_status != Criterion.UNCLEAR:
        return
    locked.threat_status = Criterion.MET
    locked.save(update_fields=["threat_status", "updated_at"])
    record(
        actor=by,
        action="referrals.assessment.threat_criterion_met",
        obj=locked,
        fields=["threat_status"],
        purpose="trusselvurdering",
    )
