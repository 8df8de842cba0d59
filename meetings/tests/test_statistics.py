"""Meetings per resident-month in national_statistics, against hand-counted figures."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from core import dates
from meetings.models import Meeting
from tests.factories import StayFactory

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def _meeting(stay, day, kind="responsibility_group"):
    Meeting.objects.create(
        stay=stay,
        kind=kind,
        held_at=dt.datetime.combine(day, dt.time(10), tzinfo=dates.OSLO),
        agenda="Sak",
        recorded_by_id=stay.offer.municipality.memberships.first().user_id,
    )


def _run(threshold):
    out = io.StringIO()
    call_command(
        "national_statistics",
        "--from",
        START.isoformat(),
        "--to",
        END.isoformat(),
        "--suppress-below",
        str(threshold),
        stdout=out,
    )
    return json.loads(out.getvalue())["meetings_per_resident_month"]


def test_it_counts_meetings_per_resident_month(orgs, cast):
    # Stay 1 lives 2025-01-01..2025-06-30 (181 days, moved out on 1 July),
    # stay 2 lives 2025-07-01..2025-12-31 (184 days): 365 days = 11.99 months.
    one = StayFactory.create(
        offer__municipality=orgs["municipality_a"],
        moved_in_on=dt.date(2024, 12, 1),
        moved_out_on=dt.date(2025, 7, 1),
    )
    two = StayFactory.create(
        offer__municipality=orgs["municipality_a"], moved_in_on=dt.date(2025, 7, 1)
    )
    _meeting(one, dt.date(2024, 12, 20), "strategy_before")  # before the period
    _meeting(one, dt.date(2025, 2, 1), "strategy_after")
    _meeting(one, dt.date(2025, 3, 1))
    _meeting(two, dt.date(2025, 8, 1))
    _meeting(two, dt.date(2025, 12, 31))
    raw = _run(0)
    months = round(365 / (365.25 / 12), 1)  # 12.0
    assert raw["resident_months"] == months
    assert raw["meetings"] == 4
    assert raw["meetings_per_resident_month"] == round(4 / months, 2)
    assert raw["by_kind"] == {
        "responsibility_group": 3,
        "strategy_before": 0,
        "strategy_after": 1,
        "other": 0,
    }
    offers = {row["offer"]: row for row in raw["by_offer"]}
    assert offers[one.offer.name]["meetings"] == 2
    assert offers[one.offer.name]["resident_months"] == round(181 / (365.25 / 12), 1)
    assert offers[two.offer.name]["meetings"] == 2
    # 12 resident-months nationally, 5.9 and 6.0 per offer: all below 13 is hidden.
    hidden = _run(13)
    assert hidden["meetings"] is None and hidden["meetings_per_resident_month"] is None
    assert all(row["meetings"] is None for row in hidden["by_offer"])
    # At 6: the nation (12.0) and stay two's offer (6.0) show; stay one's (5.9) is hidden.
    six = _run(6)
    by_offer = {row["offer"]: row["meetings"] for row in six["by_offer"]}
    assert six["meetings"] == 4
    assert by_offer == {one.offer.name: None, two.offer.name: 2}
