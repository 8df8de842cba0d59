"""Step 1 of the statistics: count raw figures from plain facts (``compute``).

The facts are plain records (``StayFact``, ``LiveFacts``), so counting is
testable without a database; ``reporting.statistics.publishing`` suppresses
small cells before anything leaves a municipality.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.dates import whole_months_between

DESTINATIONS = [
    "own_home_alone",
    "own_home_friends",
    "own_home_partner",
    "family",
    "family_mother",
    "family_spouse",
    "crisis_centre",
    "other_offer",
    "unknown",
]


LENGTH_BUCKETS = ["under_3", "3_to_6", "6_to_9", "9_to_12", "12_and_over"]


GENDERS = ["female", "male", "other"]


GOAL_INDICATORS = [
    "safe_dwelling",
    "needs_mapped",
    "adapted_followup",
    "safe_housing",
    "services_contact",
    "day_activity",
    "social_network",
]


@dataclass(frozen=True)
class StayFact:
    """One stay, as the statistics see it: no person, only the contract fields."""

    offer: str
    municipality: str
    offer_type: str
    allocated_on: dt.date
    moved_in_on: dt.date | None = None
    moved_out_on: dt.date | None = None
    destination: str = ""
    gender: str = "female"
    with_partner: bool = False
    children_count: int = 0
    status: str = ""
    withdrawn: bool | None = None  # None: derive from moved_in_on

    @property
    def withdrew(self) -> bool:
        if self.withdrawn is not None:
            return self.withdrawn
        return self.moved_in_on is None and self.status in {"withdrawn", "closed", ""}


@dataclass
class LiveFacts:
    """Figures only live records have; imported history leaves them empty."""

    inquiry_outcomes: Counter[str] = field(default_factory=Counter)
    assessments: int = 0
    moved_in_with_threat_before: int = 0
    moved_in_checked_for_threat: int = 0
    goal_indicators: dict[str, int] = field(default_factory=dict)
    closed_with_indicators: int = 0
    followup_minutes_by_theme: dict[str, float] = field(default_factory=dict)
    resident_months: float = 0
    confidential_address_wait_days: list[int] = field(default_factory=list)
    place_days_available: int = 0
    place_days_taken: int = 0


def length_bucket(months: int) -> str:
    if months < 3:
        return "under_3"
    if months < 6:
        return "3_to_6"
    if months < 9:
        return "6_to_9"
    if months < 12:
        return "9_to_12"
    return "12_and_over"


def _in(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def compute(
    facts: Iterable[StayFact],
    start: dt.date,
    end: dt.date,
    *,
    live: LiveFacts | None = None,
) -> dict[str, Any]:
    """Raw (unsuppressed) figures for the period ``start``–``end`` (both inclusive)."""
    facts = list(facts)
    live = live or LiveFacts()
    allocated = [f for f in facts if _in(f.allocated_on, start, end)]
    moved_out = [f for f in facts if _in(f.moved_out_on, start, end) and f.moved_in_on is not None]
    residents = [
        f
        for f in facts
        if f.moved_in_on is not None
        and f.moved_in_on <= end
        and (f.moved_out_on is None or f.moved_out_on > end)
    ]

    municipalities = sorted({f.municipality for f in allocated})
    by_municipality = [
        {
            "municipality": name,
            "allocations": sum(1 for f in allocated if f.municipality == name),
            "moved_in": sum(1 for f in allocated if f.municipality == name and not f.withdrew),
            "withdrew_before_moving_in": sum(
                1 for f in allocated if f.municipality == name and f.withdrew
            ),
        }
        for name in municipalities
    ]
    offers = sorted({(f.municipality, f.offer, f.offer_type) for f in allocated})
    by_offer = [
        {
            "municipality": m,
            "offer": o,
            "offer_type": t,
            "allocations": sum(1 for f in allocated if (f.municipality, f.offer) == (m, o)),
            "moved_in": sum(
                1 for f in allocated if (f.municipality, f.offer) == (m, o) and not f.withdrew
            ),
            "withdrew_before_moving_in": sum(
                1 for f in allocated if (f.municipality, f.offer) == (m, o) and f.withdrew
            ),
        }
        for m, o, t in offers
    ]

    lengths = [
        (f, whole_months_between(f.moved_in_on, f.moved_out_on))
        for f in moved_out
        if f.moved_in_on is not None and f.moved_out_on is not None
    ]
    by_length: dict[str, dict[str, int]] = {
        bucket: dict.fromkeys(DESTINATIONS, 0) for bucket in LENGTH_BUCKETS
    }
    for f, months in lengths:
        by_length[length_bucket(months)][f.destination or "unknown"] += 1

    arrivals = [
        (f.moved_in_on - f.allocated_on).days for f in allocated if f.moved_in_on is not None
    ]
    genders = Counter(f.gender for f in allocated)
    partners = sum(1 for f in allocated if f.with_partner)
    children = sum(f.children_count for f in allocated)
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "allocations": len(allocated),
        "moved_in": sum(1 for f in allocated if not f.withdrew),
        "withdrew_before_moving_in": sum(1 for f in allocated if f.withdrew),
        "women": genders["female"],
        "men": genders["male"],
        "gender_other": genders["other"],
        "partners": partners,
        "children": children,
        "persons": len(allocated) + partners + children,
        "moved_out": len(moved_out),
        "residents_on_end_date": len(residents),
        "by_municipality": by_municipality,
        "by_offer": by_offer,
        "stay_length_months": {
            bucket: sum(by_length[bucket].values()) for bucket in LENGTH_BUCKETS
        },
        "longest_stay_months": max((m for _, m in lengths), default=None),
        "destinations": {d: sum(by_length[b][d] for b in LENGTH_BUCKETS) for d in DESTINATIONS},
        "destination_by_stay_length": by_length,
        "days_from_allocation_to_arrival": _summary(arrivals),
        "inquiries": {
            "total": sum(live.inquiry_outcomes.values()),
            "outcomes": dict(sorted(live.inquiry_outcomes.items())),
        },
        "assessments": live.assessments,
        "threat_assessment_before_arrival": {
            "moved_in": live.moved_in_checked_for_threat,
            "with_threat_assessment": live.moved_in_with_threat_before,
            "share": _share(live.moved_in_with_threat_before, live.moved_in_checked_for_threat),
        },
        "goal_indicators": {
            "closed": live.closed_with_indicators,
            **{name: live.goal_indicators.get(name, 0) for name in GOAL_INDICATORS},
        },
        "followup_hours_per_resident_month": {
            "resident_months": live.resident_months,
            "by_theme": {
                theme: (
                    round(minutes / 60 / live.resident_months, 2) if live.resident_months else None
                )
                for theme, minutes in sorted(live.followup_minutes_by_theme.items())
            },
        },
        "confidential_address_wait_days": _summary(live.confidential_address_wait_days),
        "occupancy": {
            "place_days_available": live.place_days_available,
            "place_days_taken": live.place_days_taken,
            "share": _share(live.place_days_taken, live.place_days_available),
        },
    }


def _summary(values: Sequence[int]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "median": None, "mean": None}
    return {
        "count": len(values),
        "median": float(pystats.median(values)),
        "mean": round(pystats.fmean(values), 1),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
