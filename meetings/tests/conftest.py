"""A stay in municipality A with two partner services (NAV with consent, a school without)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core import dates
from tests.factories import StayFactory

TODAY = dates.today()


@pytest.fixture
def world(orgs: dict[str, Any], cast: dict[str, Any]) -> dict[str, Any]:
    from housing.models import Offer, PartnerContact, PartnerService
    from meetings import services

    stay = StayFactory.create(
        offer__municipality=orgs["municipality_a"],
        offer__offer_type=Offer.Type.APARTMENT,
        moved_in_on=TODAY - dt.timedelta(days=30),
    )
    nav = PartnerService.objects.create(offer=stay.offer, kind="nav", name="NAV Testby")
    school = PartnerService.objects.create(offer=stay.offer, kind="school", name="Skolen Testby")
    contact = PartnerContact.objects.create(partner=nav, name="Nina Veileder")
    worker = cast["followup_worker_a"]
    consent = services.consent_create(
        stay=stay, by=worker, partner=nav, given_on=TODAY - dt.timedelta(days=20)
    )
    meeting = services.meeting_create(
        stay=stay,
        by=worker,
        kind="strategy_after",
        held_at=dates.now() - dt.timedelta(days=1),
        agenda="AGENDA-MARK",
        resident_takes_part=True,
    )
    return {
        "stay": stay,
        "nav": nav,
        "school": school,
        "contact": contact,
        "consent": consent,
        "meeting": meeting,
        "worker": worker,
    }
