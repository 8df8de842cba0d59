"""A resident of municipality A's offer: assessed, allocated, accepted (a stay in status allocated).

The stays are made through the real services (``tests.factories.stay_through_services``).
``stay_factory(days_ago=…)`` backdates the allocation so a test can move the
person in months ago; the place in municipality B lets tests check that B's
staff see nothing of A's residents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from stays.models import Stay
from tests import factories as f


@pytest.fixture
def stay_factory(cast: dict[str, Any], orgs: dict[str, Any]) -> Callable[..., Stay]:
    def make(
        *,
        municipality: str = "municipality_a",
        days_ago: int = 0,
        moved_in_days_ago: int | None = None,
    ) -> Stay:
        lead = cast["project_lead_a"] if municipality == "municipality_a" else _lead_b(orgs)
        stay = f.stay_through_services(
            municipality=orgs[municipality],
            coordinator=cast["coordinator"],
            police=cast["police_representative"],
            lead=lead,
            allocated_days_ago=days_ago,
            moved_in_days_ago=moved_in_days_ago,
            worker=cast["followup_worker_a"],
        )
        # Every offer here has a partner service with a contact to link the stay to.
        partner = f.PartnerFactory.create(offer=stay.offer, name="NAV Test")
        f.ContactFactory.create(partner=partner, name="Veileder Test")
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
def living(stay_factory: Callable[..., Stay]) -> Stay:
    """Allocated 120 days ago, moved in 100 days ago."""
    return stay_factory(days_ago=120, moved_in_days_ago=100)
