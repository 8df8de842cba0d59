"""The demo decisions: a refused decision with an open appeal deadline per stay, idempotent."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from core import dates
from decisions.demo import load_decisions
from decisions.models import Decision, IndividualPlan


@override_settings(DEMO_MODE=True)
def test_it_loads_decisions_for_demo_stays_once(db):
    from housing.models import Offer
    from oversight.demo import load_organisations_and_users
    from stays.models import Stay

    orgs = load_organisations_and_users()
    today = dates.today()
    stays = []
    for municipality, days in (("Kommune A", 120), ("Kommune B", 3)):
        offer = Offer.objects.create(
            municipality=orgs[municipality],
            name=f"Demo {municipality} {days}",
            offer_type=Offer.Type.APARTMENT,
            intensity=Offer.Intensity.MEDIUM,
            on_call=Offer.OnCall.CRISIS_CENTRE,
            is_synthetic=True,
        )
        stays.append(
            Stay.objects.create(
                offer=offer,
                status=Stay.Status.LIVING,
                allocated_on=today - dt.timedelta(days=days + 3),
                moved_in_on=today - dt.timedelta(days=days),
                is_synthetic=True,
            )
        )
    load_decisions()
    load_decisions()
    for stay in stays:
        decisions = Decision.objects.filter(stay=stay)
        assert all(d.is_synthetic for d in decisions)
        assert any(d.awaits_appeal and d.appeal_deadline >= today for d in decisions)
        assert IndividualPlan.objects.filter(stay=stay).count() == 1
    assert Decision.objects.filter(stay=stays[0]).count() == 3  # the even one: an appeal too
    assert Decision.objects.filter(stay=stays[1]).count() == 2
