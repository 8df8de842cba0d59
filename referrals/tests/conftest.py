"""Shared setup: a person assessed, consented, threat-assessed, and places in municipalities A and B."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from core import dates
from referrals.models import Assessment, Consent, ThreatAssessment
from referrals.tests import factories as f


@dataclass
class Case:
    assessment: Assessment
    threat: ThreatAssessment
    place_a: Any
    place_b: Any


@pytest.fixture
def case(cast: dict[str, Any], orgs: dict[str, Any]) -> Case:
    coordinator = cast["coordinator"]
    place_a = f.cleared_place(municipality=orgs["municipality_a"], by=coordinator)
    place_b = f.cleared_place(municipality=orgs["municipality_b"], by=coordinator)
    assessment = f.AssessmentFactory.create(assessed_by_user=coordinator)
    person = assessment.person
    f.ConsentFactory.create(person=person, recorded_by=coordinator)
    f.ConsentFactory.create(
        person=person,
        recorded_by=coordinator,
        purpose=Consent.Purpose.RECEIVING_OFFER,
        recipient_kind=Consent.RecipientKind.MUNICIPALITY,
        recipient_organisation=orgs["municipality_a"],
    )
    threat = f.ThreatAssessmentFactory.create(
        assessment=assessment, written_by=cast["police_representative"]
    )
    return Case(assessment=assessment, threat=threat, place_a=place_a, place_b=place_b)


@pytest.fixture
def proposed(case: Case, cast: dict[str, Any]) -> Any:
    from referrals import services

    return services.allocation_propose(
        assessment=case.assessment,
        place=case.place_a,
        expected_arrival_on=dates.today() + dt.timedelta(days=3),
        arrival_notes="MARKER-ARRIVAL",
        by=cast["coordinator"],
    )
