"""Meetings per resident-month (møter per beboermåned), nationally and per offer.

Responsibility-group and strategy meetings held in the period (by their Oslo
date), divided by the resident-months of the same period: the days lived in
the offers ÷ 30.44, counted as the follow-up hours' denominator is
(``reporting.sources``: live stays, moved in, the days inside the period).
Imported history has no meetings and is left out of both.

Meetings and resident-months are not persons, but an offer with one resident
would publish that person's meetings: below ``threshold`` resident-months
the meeting count and the rate are ``None`` (the follow-up hours' rule).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Q
from django.utils import timezone

from core import dates
from meetings.models import Meeting
from reporting.sources import offer_names
from reporting.statistics.blocks import DAYS_PER_MONTH, overlap_days
from stays.models import Stay


def _rate(meetings: int, months: float) -> float | None:
    return round(meetings / months, 2) if months else None


def _published(meetings: int, months: float, threshold: int) -> dict[str, Any]:
    enough = months >= threshold
    return {
        "resident_months": months,
        "meetings": meetings if enough else None,
        "meetings_per_resident_month": _rate(meetings, months) if enough else None,
    }


def meeting_statistics(*, start: dt.date, end: dt.date, threshold: int) -> dict[str, Any]:
    """The period's meetings per resident-month, national and per offer (keys: docs/statistics.md)."""
    living = (
        Stay._default_manager.filter(is_imported=False, moved_in_on__isnull=False)
        .filter(moved_in_on__lte=end)
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=start))
        .values_list("offer_id", "moved_in_on", "moved_out_on")
    )
    days: Counter[int] = Counter()
    for offer_id, moved_in_on, moved_out_on in living:
        assert moved_in_on is not None  # filtered above; says so to the type checker
        days[offer_id] += overlap_days(start, end, moved_in_on, moved_out_on)
    held: Counter[int] = Counter()
    by_kind: Counter[str] = Counter()
    meetings = Meeting._default_manager.filter(
        stay__is_imported=False,
        held_at__date__gte=start - dt.timedelta(days=1),
        held_at__date__lte=end + dt.timedelta(days=1),
    ).values_list("stay__offer_id", "kind", "held_at")
    for offer_id, kind, held_at in meetings:
        if start <= timezone.localtime(held_at, dates.OSLO).date() <= end:
            held[offer_id] += 1
            by_kind[kind] += 1
    months = {offer: round(d / DAYS_PER_MONTH, 1) for offer, d in days.items()}
    total_months = round(sum(days.values()) / DAYS_PER_MONTH, 1)
    names = offer_names(set(months) | set(held))
    national = _published(sum(held.values()), total_months, threshold)
    enough = national["meetings"] is not None
    national["by_kind"] = {
        kind: (by_kind.get(kind, 0) if enough else None) for kind in Meeting.Kind.values
    }
    national["by_kind_per_resident_month"] = {
        kind: (_rate(by_kind.get(kind, 0), total_months) if enough else None)
        for kind in Meeting.Kind.values
    }
    national["by_offer"] = [
        {
            "municipality": names[offer][0],
            "offer": names[offer][1],
            **_published(held.get(offer, 0), months.get(offer, 0.0), threshold),
        }
        for offer in sorted(names, key=lambda o: names[o])
    ]
    return national
