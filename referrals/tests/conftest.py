"""Shared setup: a person assessed, consented, threat-assessed, and places in municipalities A and B."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from core import dates
from referrals.models import Assessment, ThreatAssessment
from tests import factories as f


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
    assessment, threat = f.ready_for_a_place(
        municipality=orgs["municipality_a"],
        coordinator=coordinator,
        police=cast["police_representative"],
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
