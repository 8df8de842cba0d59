"""The demo routines: every offer has approved routines, one overdue review, a draft, gaps."""

from __future__ import annotations

import pytest
from django.test import override_settings

from housing.demo import load_offers_and_dwellings
from housing.models import Offer
from oversight.demo import load_organisations_and_users
from routines.demo import load_routines
from routines.models import OfferInformation, RoutineVersion
from routines.selectors import State, status_table, unread_count


@pytest.fixture
def demo(db):
    with override_settings(DEMO_MODE=True):
        load_organisations_and_users()
        load_offers_and_dwellings()
        load_routines()
        load_routines()  # idempotent
        yield


def test_every_demo_offer_has_approved_overdue_draft_and_missing_routines(demo):
    from accounts.models import User

    directorate = User.objects.get(username="bufdir")
    rows = status_table(fetched_by=directorate)
    assert len(rows) == Offer.objects.count() == 9
    for row in rows:
        # Six approved, one overdue, one draft, the other 12 of the 20 missing.
        assert row.counts == {
            State.MISSING: 12,
            State.DRAFT: 1,
            State.APPROVED: 6,
            State.OVERDUE: 1,
        }, row.offer.name
    assert RoutineVersion.objects.count() == 9 * 8
    assert OfferInformation.objects.count() == 9
    assert not RoutineVersion.objects.filter(is_synthetic=False).exists()


def test_the_demo_followup_worker_has_two_routines_to_read_per_offer_of_kommune_a(demo):
    from accounts.models import User

    worker = User.objects.get(username="miljo.a")
    offers_in_a = Offer.objects.filter(municipality__name="Kommune A").count()
    # Of each offer's seven routines in force she confirmed the five up to date
    # except the move-out one; the overdue one she never confirmed either.
    assert offers_in_a > 0
    assert unread_count(fetched_by=worker) == offers_in_a * 2
