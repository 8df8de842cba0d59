"""The demo data: 26 places in 5 municipalities, warnings present, idempotent."""

from __future__ import annotations

import pytest
from django.test import override_settings

from housing import selectors
from housing.demo import load_offers_and_dwellings
from housing.models import Dwelling, Offer, Place, PlaceBooking, SecurityClearance
from oversight.demo import load_organisations_and_users


@pytest.fixture
def demo(db):
    with override_settings(DEMO_MODE=True):
        load_organisations_and_users()
        load_offers_and_dwellings()
        yield


def test_it_loads_26_places_in_5_municipalities(demo):
    assert Place.objects.count() == 26
    assert Offer.objects.values("municipality").distinct().count() == 5
    assert not Offer.objects.filter(is_synthetic=False).exists()
    assert all("Oppdiktet" in d.address for d in Dwelling.objects.all())


def test_it_has_an_expiring_and_a_missing_clearance_and_fragile_offers(demo):
    from accounts.models import User

    coordinator = User.objects.get(username="koordinator")
    codes = sorted(r.state.code for r in selectors.clearance_warnings(fetched_by=coordinator))
    assert codes == ["expiring", "missing"]
    fragile = {
        r.offer.name
        for r in selectors.offer_list(fetched_by=coordinator)
        if r.partners and r.partners.fragilities
    }
    assert fragile == {"Leilighetene", "Hybler i E"}
    assert PlaceBooking.objects.filter(status="ended").exists()
    assert PlaceBooking.objects.filter(status="occupied", planned_end_on__isnull=False).exists()


def test_it_changes_nothing_when_loaded_again(demo):
    counts = [m.objects.count() for m in (Offer, Dwelling, Place, PlaceBooking, SecurityClearance)]
    with override_settings(DEMO_MODE=True):
        load_offers_and_dwellings()
    assert [
        m.objects.count() for m in (Offer, Dwelling, Place, PlaceBooking, SecurityClearance)
    ] == counts


def test_the_demo_project_leads_have_had_their_own_dwellings_addresses(demo):
    """leder.a registered A's dwellings; nobody else has had an address without approval."""
    from access.approvals import has_had_address
    from accounts.models import User

    lead, worker = User.objects.get(username="leder.a"), User.objects.get(username="miljo.a")
    own = Dwelling.objects.filter(offer__municipality__memberships__user=lead).distinct()
    assert own.exists()
    assert all(has_had_address(user=lead, dwelling=d) for d in own)
    assert not any(has_had_address(user=worker, dwelling=d) for d in own)
    other = Dwelling.objects.exclude(pk__in=own)
    assert other.exists() and not any(has_had_address(user=lead, dwelling=d) for d in other)
