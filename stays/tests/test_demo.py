"""The demo residents: every phase in municipalities A and B, synthetic, idempotent."""

from __future__ import annotations

import pytest
from django.test import override_settings

from housing.demo import load_offers_and_dwellings
from housing.models import PlaceBooking
from oversight.demo import load_organisations_and_users
from stays import selectors
from stays.demo import load_stays
from stays.models import Stay

PHASES = {"just_arrived", "mid_stay", "extended", "moved_out", "aftercare", "closed"}


@pytest.fixture
def demo(db):
    with override_settings(DEMO_MODE=True):
        load_organisations_and_users()
        load_offers_and_dwellings()
        load_stays()
        yield


@pytest.mark.parametrize("municipality", ["Kommune A", "Kommune B"])
def test_it_has_residents_at_every_phase(demo, municipality):
    stays = list(Stay.objects.filter(offer__municipality__name=municipality))
    assert {selectors.phase(s) for s in stays} >= PHASES
    assert any(selectors.is_overdue(s) for s in stays)
    assert all(s.is_synthetic and s.person and s.person.is_synthetic for s in stays)
    assert all(s.person and s.person.name.startswith("Demo Beboer") for s in stays)


def test_the_ledger_agrees_with_the_stays(demo):
    for stay in Stay.objects.filter(status=Stay.Status.LIVING):
        assert stay.booking is not None
        assert stay.booking.status == PlaceBooking.Status.OCCUPIED
        assert stay.booking.starts_on == stay.moved_in_on


def test_it_runs_once(demo):
    count = Stay.objects.count()
    with override_settings(DEMO_MODE=True):
        load_stays()
    assert Stay.objects.count() == count
