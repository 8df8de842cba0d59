"""Assessments (kartlegginger), consent to the police, and threat assessments (trusselvurderinger).

Reads of intake and allocation (``referrals.selectors``): each takes the
acting user, shows only what the policy allows and logs what it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from access import policy
from accounts.actors import Viewer
from core import dates
from referrals import reads
from referrals.models import (
    Allocation,
    Assessment,
    AssessmentCorrection,
    Consent,
    ThreatAssessment,
)
from referrals.services.corrections import may_correct
from referrals.services.intake import allocation_blockers


def assessment_list(
    *,
    fetched_by: Viewer,
    perm: policy.Perm = policy.Perm.VIEW_ASSESSMENTS,
    request: HttpRequest | None = None,
) -> list[Assessment]:
    """Assessments the user may see for ``perm``, with person and threat assessments loaded; logged."""
    queryset = (
        policy.visible(fetched_by, Assessment, perm)
        .select_related("person")
        .prefetch_related("threat_assessments", "allocations", "disclosures")
    )
    assessments = list(queryset)
    reads.PERSON_LIST.record(
        actor=fetched_by, objects=[a.person for a in assessments], request=request
    )
    return assessments


def latest_threat_assessment(assessment: Assessment) -> ThreatAssessment | None:
    return (
        ThreatAssessment.objects.filter(assessment=assessment)
        .prefetch_related("avoid_municipalities")
        .order_by("-assessed_on", "-pk")
        .first()
    )


def police_consent(assessment: Assessment, on: dt.date | None = None) -> Consent | None:
    """Any valid consent (a) on the day, whichever police recipient it names."""
    day = on or dates.today()
    for consent in Consent.objects.filter(
        person=assessment.person, purpose=Consent.Purpose.POLICE_THREAT_ASSESSMENT
    ):
        if consent.is_valid_on(day):
            return consent
    return None


def read_assessment(
    *, assessment: Assessment, fetched_by: Viewer, request: HttpRequest | None = None
) -> None:
    """Log the full read of an assessment page (the team's view)."""
    reads.ASSESSMENT.record(actor=fetched_by, objects=[assessment], request=request, shown=True)


def read_threat_details(
    *, threat: ThreatAssessment, fetched_by: Viewer, request: HttpRequest | None = None
) -> None:
    reads.THREAT.record(actor=fetched_by, objects=[threat], request=request)


def police_queue(*, fetched_by: Viewer, request: HttpRequest | None = None) -> list[Assessment]:
    """Open assessments without a threat assessment that the police user may assess; logged."""
    assessments = list(_police_queue(fetched_by))
    reads.PERSON_LIST.record(
        actor=fetched_by,
        objects=[a.person for a in assessments],
        request=request,
        purpose="venter på trusselvurdering",
    )
    return assessments


def police_queue_count(*, fetched_by: Viewer) -> int:
    """How many wait in the police queue: a count, so nobody is read."""
    return _police_queue(fetched_by).count()


def _police_queue(fetched_by: Viewer) -> QuerySet[Assessment]:
    queryset: QuerySet[Assessment] = (
        policy.visible(fetched_by, Assessment, policy.Perm.WRITE_THREAT_ASSESSMENTS)
        .filter(threat_assessments__isnull=True)
        .exclude(status__in=[Assessment.Status.CLOSED, Assessment.Status.WITHDRAWN])
        .select_related("person")
        .prefetch_related("disclosures")
        .distinct()
    )
    return queryset


def read_for_threat_assessment(
    *, assessment: Assessment, fetched_by: Viewer, request: HttpRequest | None = None
) -> None:
    """Police open an assessment to write the threat assessment: log what they see."""
    reads.ASSESSMENT.record(
        actor=fetched_by, objects=[assessment], request=request, purpose="trusselvurdering"
    )


def threat_list(
    *, fetched_by: Viewer, request: HttpRequest | None = None
) -> list[ThreatAssessment]:
    """Threat assessments the user may see in summary (police pages); each one shown is logged."""
    threats = list(
        policy.visible(fetched_by, ThreatAssessment, policy.Perm.VIEW_THREAT_SUMMARY)
        .select_related("assessment__person", "police_district")
        .order_by("-assessed_on", "-pk")
    )
    reads.THREAT_LIST.record(actor=fetched_by, objects=threats, request=request)
    return threats


@dataclass
class Step:
    text: str
    url_name: str = ""
    pk: int | None = None


@dataclass
class AssessmentPage:
    assessment: Assessment
    children_birth_years: list[int]
    consents: list[Consent]
    disclosures: list[Any]
    threat: ThreatAssessment | None
    allocations: list[Allocation]
    blockers: list[str]
    status_tags: list[tuple[str, str]]
    next_step: Step
    can_see_threat_details: bool
    corrections: list[AssessmentCorrection]
    can_correct: bool
    can_withdraw: bool


def assessment_page(
    *, assessment: Assessment, fetched_by: Viewer, request: HttpRequest | None = None
) -> AssessmentPage:
    """Everything the team's assessment page shows, with the next step; the read is logged."""
    today = dates.today()
    consents = list(
        Consent.objects.filter(person=assessment.person).select_related("recipient_organisation")
    )
    threat = latest_threat_assessment(assessment)
    allocations = list(
        assessment.allocations.select_related("place__dwelling__offer__municipality").order_by(
            "-pk"
        )
    )
    blockers = allocation_blockers(assessment, on=today)
    has_police_consent = any(
        c.purpose == Consent.Purpose.POLICE_THREAT_ASSESSMENT and c.is_valid_on(today)
        for c in consents
    )
    disclosures = list(assessment.disclosures.select_related("recipient_organisation"))
    shared_with_police = any(
        d.purpose == Consent.Purpose.POLICE_THREAT_ASSESSMENT for d in disclosures
    )
    live = [a for a in allocations if a.status in Allocation.ACTIVE]
    tags: list[tuple[str, str]] = []
    if blockers:
        tags.append((_("Kan ikke få plass"), "danger"))
    if live and live[0].urgent:
        tags.append((_("Hasteplassering uten trusselvurdering"), "danger"))
    if live:
        tags.append(
            (
                str(live[0].get_status_display()),
                "info" if live[0].status == "proposed" else "success",
            )
        )
    elif threat is not None:
        tags.append((_("Trusselvurdering foreligger"), "success"))
    elif has_police_consent:
        tags.append((_("Venter på trusselvurdering"), "warning"))
    else:
        tags.append((_("Venter på samtykke"), "warning"))

    if assessment.status == Assessment.Status.WITHDRAWN:
        step = Step(
            _(
                "Kartleggingen er trukket tilbake. Den er ikke på arbeidsbenken eller i statistikken."
            )
        )
    elif assessment.status == Assessment.Status.ALLOCATED:
        step = Step(_("Personen har fått plass. Oppholdet følges opp av botilbudet."))
    elif live:
        step = Step(
            _("Vent på svar fra botilbudet. Plassen holdes til og med %(day)s.")
            % {"day": date_format(live[0].hold_expires_on, "j. F Y")}
        )
    elif blockers:
        step = Step(_("Personen kan ikke få plass. Avslutt henvendelsen med veiledning."))
    elif not has_police_consent:
        step = Step(
            _("Registrer samtykke til å dele med politiet"),
            "referrals:consent_create",
            assessment.pk,
        )
    elif threat is None and not shared_with_police:
        step = Step(
            _("Del saken med politiet for trusselvurdering"),
            "referrals:share_with_police",
            assessment.pk,
        )
    elif threat is None:
        step = Step(
            _("Vent på trusselvurderingen, eller finn plass som hasteplassering"),
            "referrals:match",
            assessment.pk,
        )
    else:
        step = Step(_("Finn plass og foreslå den for botilbudet"), "referrals:match", assessment.pk)

    correctable = may_correct(fetched_by, assessment) and (
        assessment.status != Assessment.Status.WITHDRAWN
    )
    read_assessment(assessment=assessment, fetched_by=fetched_by, request=request)
    return AssessmentPage(
        assessment=assessment,
        children_birth_years=[c.birth_year for c in assessment.children.all()],
        consents=consents,
        disclosures=disclosures,
        threat=threat,
        allocations=allocations,
        blockers=blockers,
        status_tags=tags,
        next_step=step,
        can_see_threat_details=policy.has_perm(fetched_by, policy.Perm.VIEW_THREAT_DETAILS),
        corrections=list(assessment.corrections.select_related("corrected_by")),
        can_correct=correctable,
        can_withdraw=correctable and assessment.status == Assessment.Status.OPEN and not live,
    )


def assessment_for_correction(
    *, assessment: Assessment, fetched_by: Viewer, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The assessment as its correction form shows it (every field, filled in); the read is logged."""
    if not may_correct(fetched_by, assessment):
        # The same answer as for an assessment that does not exist.
        raise Http404
    years = [c.birth_year for c in assessment.children.all()]
    read_assessment(assessment=assessment, fetched_by=fetched_by, request=request)
    return {"assessment": assessment, "children_birth_years": years}
