"""A resident of municipality A's offer: assessed, allocated, accepted (a stay in status allocated).

``stay_factory(days_ago=…)`` backdates the allocation so a test can move the
person in months ago; the place in municipality B lets tests check that B's
staff see nothing of A's residents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from core import dates
from referrals.models import Consent
from referrals.tests import factories as f
from stays.models import Stay


@pytest.fixture
def stay_factory(cast: dict[str, Any], orgs: dict[str, Any]) -> Callable[..., Stay]:
    from housing.models import PartnerContact, PartnerService
    from referrals import services as referral_services

    def make(*, municipality: str = "municipality_a", days_ago: int = 0) -> Stay:
        coordinator = cast["coordinator"]
        place = f.cleared_place(municipality=orgs[municipality], by=coordinator)
        assessment = f.AssessmentFactory.create(assessed_by_user=coordinator)
        person = assessment.person
        f.ConsentFactory.create(person=person, recorded_by=coordinator)
        f.ConsentFactory.create(
            person=person,
            recorded_by=coordinator,
            purpose=Consent.Purpose.RECEIVING_OFFER,
            recipient_kind=Consent.RecipientKind.MUNICIPALITY,
            recipient_organisation=orgs[municipality],
        )
        f.ThreatAssessmentFactory.create(
            assessment=assessment, written_by=cast["police_representative"]
        )
        allocation = referral_services.allocation_propose(
            assessment=assessment,
            place=place,
            expected_arrival_on=dates.today(),
            by=coordinator,
        )
        lead = cast["project_lead_a"] if municipality == "municipality_a" else _lead_b(orgs)
        stay = referral_services.allocation_accept(allocation=allocation, by=lead)
        if days_ago:
            Stay.objects.filter(pk=stay.pk).update(
                allocated_on=dates.today() - dt.timedelta(days=days_ago)
            )
            stay.refresh_from_db()
        partner = PartnerService.objects.create(
            offer=stay.offer, kind=PartnerService.Kind.NAV, name="NAV Test", is_synthetic=True
        )
        PartnerContact.objects.create(partner=partner, name="Veileder Test", is_synthetic=True)
        return stay

    return make


def _lead_b(orgs: dict[str, Any]) -> Any:
    from accounts.models import Membership, Role, User

    user, created = User.objects.get_or_create(username="lead-b")
    if created:
        Membership.objects.create(
            user=user, organisation=orgs["municipality_b"], role=Role.PROJECT_LEAD
        )
    return user


@pytest.fixture
def stay(stay_factory: Callable[..., Stay]) -> Stay:
    return stay_factory()


@pytest.fixture
def living(stay_factory: Callable[..., Stay], cast: dict[str, Any]) -> Stay:
    """Moved in 100 days ago."""
    from stays import services

    stay = stay_factory(days_ago=120)
    return services.stay_move_in(
        stay=stay, moved_in_on=dates.today() - dt.timedelta(days=100), by=cast["followup_worker_a"]
    )
