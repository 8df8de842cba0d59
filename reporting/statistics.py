"""Statistics as plain functions returning plain dicts (testable without views).

Two steps, kept apart on purpose:

1. ``compute(facts, start, end)`` counts raw figures from plain ``StayFact``
   records (and optional ``LiveFacts`` for figures that only live records
   have: inquiries, goal indicators, follow-up hours …);
2. ``publish(raw, threshold)`` applies small-cell suppression
   (``reporting.suppression``) to every count that leaves a municipality.

``load_stay_facts`` reads ``stays.Stay`` through exactly the fields of
``docs/stay-contract.md``. Every key is documented in ``docs/statistics.md``.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.dates import whole_months_between
from reporting.suppression import (
    DEFAULT_THRESHOLD,
    Published,
    Table,
    protect,
    suppress_count,
)

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


# --- publishing -------------------------------------------------------------------


class _Shared:
    """Figures that appear in more than one table must be hidden in all or none."""

    def __init__(self) -> None:
        self.hidden: set[str] = set()


def _protect_with(
    table: Table,
    threshold: int,
    names: dict[tuple[Any, ...], str],
    shared: _Shared,
) -> Table:
    """Protect ``table``; entries named in ``names`` are shared figures.

    A shared figure already hidden elsewhere is hidden here from the start.
    """
    protect(table, threshold, forced={k for k, n in names.items() if n in shared.hidden})
    for key, name in names.items():
        if key in table.hidden:
            shared.hidden.add(name)
    return table


def publish(raw: dict[str, Any], threshold: int = DEFAULT_THRESHOLD) -> dict[str, Any]:
    """The figures as they may leave a municipality: counts 1..threshold-1 hidden.

    ``threshold`` 0 returns the raw counts (for the system's own operators).
    """
    if threshold <= 0:
        return {**raw, "suppress_below": 0}
    # Shared figures ("allocations", "moved_out") may be hidden by a later
    # table; then every table is protected again with them hidden.
    shared = _Shared()
    for _round in range(3):
        before = set(shared.hidden)
        out = _publish_once(raw, threshold, shared)
        if shared.hidden == before:
            return out
    return out


def _publish_once(raw: dict[str, Any], threshold: int, shared: _Shared) -> dict[str, Any]:
    out: dict[str, Any] = {"period": raw["period"], "suppress_below": threshold}

    # Allocations by municipality: cells moved in / withdrew, row total = allocations.
    rows = raw["by_municipality"]
    alloc = Table(
        [
            [r["allocations"] - r["withdrew_before_moving_in"], r["withdrew_before_moving_in"]]
            for r in rows
        ]
        or [[0, 0]]
    )
    _protect_with(alloc, threshold, {("all",): "allocations"}, shared)
    out["allocations"] = alloc.published(("all",))
    out["moved_in"] = alloc.published(("col", 0))
    out["withdrew_before_moving_in"] = alloc.published(("col", 1))
    out["by_municipality"] = [
        {
            "municipality": r["municipality"],
            "allocations": alloc.published(("row", i)),
            "moved_in": alloc.published(("cell", i, 0)),
            "withdrew_before_moving_in": alloc.published(("cell", i, 1)),
        }
        for i, r in enumerate(rows)
    ]
    offers = raw["by_offer"]
    offer_table = Table(
        [
            [r["allocations"] - r["withdrew_before_moving_in"], r["withdrew_before_moving_in"]]
            for r in offers
        ]
        or [[0, 0]]
    )
    _protect_with(offer_table, threshold, {("all",): "allocations"}, shared)
    out["by_offer"] = [
        {
            "municipality": r["municipality"],
            "offer": r["offer"],
            "offer_type": r["offer_type"],
            "allocations": offer_table.published(("row", i)),
            "moved_in": offer_table.published(("cell", i, 0)),
            "withdrew_before_moving_in": offer_table.published(("cell", i, 1)),
        }
        for i, r in enumerate(offers)
    ]

    gender = Table([[raw["women"], raw["men"], raw["gender_other"]]], col_totals=False)
    _protect_with(gender, threshold, {("row", 0): "allocations"}, shared)
    out["women"], out["men"], out["gender_other"] = (
        gender.published(("cell", 0, j)) for j in range(3)
    )

    persons = Table([[raw["allocations"], raw["partners"], raw["children"]]], col_totals=False)
    _protect_with(persons, threshold, {("cell", 0, 0): "allocations"}, shared)
    out["partners"] = persons.published(("cell", 0, 1))
    out["children"] = persons.published(("cell", 0, 2))
    out["persons"] = persons.published(("row", 0))

    # Move-outs: stay length x destination, margins are the two published lists.
    by_length = raw["destination_by_stay_length"]
    moves = Table([[by_length[b][d] for d in DESTINATIONS] for b in LENGTH_BUCKETS])
    _protect_with(moves, threshold, {("all",): "moved_out"}, shared)
    out["moved_out"] = moves.published(("all",))
    out["residents_on_end_date"] = suppress_count(raw["residents_on_end_date"], threshold)
    out["stay_length_months"] = {
        b: moves.published(("row", i)) for i, b in enumerate(LENGTH_BUCKETS)
    }
    # A maximum is one person's figure: only with enough move-outs behind it.
    enough = isinstance(raw["moved_out"], int) and raw["moved_out"] >= threshold
    out["longest_stay_months"] = raw["longest_stay_months"] if enough else None
    out["destinations"] = {d: moves.published(("col", j)) for j, d in enumerate(DESTINATIONS)}
    out["destination_by_stay_length"] = {
        b: {d: moves.published(("cell", i, j)) for j, d in enumerate(DESTINATIONS)}
        for i, b in enumerate(LENGTH_BUCKETS)
    }
    out["days_from_allocation_to_arrival"] = _publish_summary(
        raw["days_from_allocation_to_arrival"], threshold
    )

    outcomes = raw["inquiries"]["outcomes"]
    names = list(outcomes)
    inquiries = Table([[outcomes[n] for n in names] or [0]], col_totals=False)
    protect(inquiries, threshold)
    out["inquiries"] = {
        "total": inquiries.published(("row", 0)),
        "outcomes": {n: inquiries.published(("cell", 0, j)) for j, n in enumerate(names)},
    }
    out["assessments"] = suppress_count(raw["assessments"], threshold)

    threat = raw["threat_assessment_before_arrival"]
    with_threat = Table(
        [[threat["with_threat_assessment"], threat["moved_in"] - threat["with_threat_assessment"]]],
        col_totals=False,
    )
    protect(with_threat, threshold)
    out["threat_assessment_before_arrival"] = {
        "moved_in": with_threat.published(("row", 0)),
        "with_threat_assessment": with_threat.published(("cell", 0, 0)),
        "share": threat["share"] if not with_threat.hidden else None,
    }

    goals = raw["goal_indicators"]
    closed = goals["closed"]
    out["goal_indicators"] = {"closed": suppress_count(closed, threshold)}
    for name in GOAL_INDICATORS:
        table = Table([[goals[name], closed - goals[name]]], col_totals=False)
        protect(table, threshold)
        out["goal_indicators"][name] = table.published(("cell", 0, 0))

    hours = raw["followup_hours_per_resident_month"]
    enough_months = hours["resident_months"] >= threshold
    out["followup_hours_per_resident_month"] = {
        "resident_months": hours["resident_months"],  # time, not persons
        "by_theme": {t: (v if enough_months else None) for t, v in hours["by_theme"].items()},
    }
    out["confidential_address_wait_days"] = _publish_summary(
        raw["confidential_address_wait_days"], threshold
    )
    out["occupancy"] = raw["occupancy"]  # place-days, not persons
    return out


def _publish_summary(summary: dict[str, Any], threshold: int) -> dict[str, Any]:
    """A median or mean over fewer than ``threshold`` persons is not published."""
    if summary["count"] >= threshold:
        return summary
    return {"count": suppress_count(summary["count"], threshold), "median": None, "mean": None}


def cells_of(published: dict[str, Any]) -> list[Published]:
    """Every count in a published dict, flattened (for tests and audits)."""
    found: list[Published] = []

    def walk(value: Any, key: str = "") -> None:
        if key in {
            "period",
            "share",
            "median",
            "mean",
            "longest_stay_months",
            "occupancy",
            "resident_months",
        }:
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, bool):
            return
        elif isinstance(value, int | str) and key not in {
            "municipality",
            "offer",
            "offer_type",
            "suppress_below",
            "from",
            "to",
        }:
            found.append(value)

    walk(published)
    return found
