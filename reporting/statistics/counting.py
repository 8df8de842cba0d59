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
from dataclasses import dataclass
from typing import Any

from reporting.statistics.blocks import Blocks, LiveFacts, expand

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


def _in(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def stay_blocks(facts: Iterable[StayFact], start: dt.date, end: dt.date) -> Blocks:
    """The stays' part of the blocks for ``start``–``end``; offers keyed by their names."""
    blocks = Blocks()
    for f in facts:
        if _in(f.allocated_on, start, end):
            key = (f.municipality, f.offer, f.offer_type)
            blocks.allocations[(key, f.withdrew, f.gender, f.with_partner)] += 1
            blocks.children += f.children_count
            if f.moved_in_on is not None:
                blocks.arrival_days[(f.moved_in_on - f.allocated_on).days] += 1
        if (
            f.moved_in_on is not None
            and f.moved_out_on is not None
            and start <= f.moved_out_on <= end
        ):
            blocks.add_move_out(f.moved_in_on, f.moved_out_on, f.destination, 1)
    return blocks


def residents_on(facts: Iterable[StayFact], day: dt.date) -> int:
    """Living there at the end of ``day``: moved in by then, not moved out by then."""
    return sum(
        1
        for f in facts
        if f.moved_in_on is not None
        and f.moved_in_on <= day
        and (f.moved_out_on is None or f.moved_out_on > day)
    )


def compute(
    facts: Iterable[StayFact],
    start: dt.date,
    end: dt.date,
    *,
    live: LiveFacts | None = None,
) -> dict[str, Any]:
    """Raw (unsuppressed) figures for the period ``start``–``end`` (both inclusive)."""
    facts = list(facts)
    return assemble(
        stay_blocks(facts, start, end),
        start,
        end,
        residents_on_end_date=residents_on(facts, end),
        live=live or LiveFacts(),
    )


def assemble(
    blocks: Blocks,
    start: dt.date,
    end: dt.date,
    *,
    residents_on_end_date: int,
    live: LiveFacts,
) -> dict[str, Any]:
    """The raw figures from the stays' blocks (offers keyed by names) and the live figures."""
    allocated: Counter[tuple[str, str, str]] = Counter()
    withdrew: Counter[tuple[str, str, str]] = Counter()
    genders: Counter[str] = Counter()
    partners = 0
    for (key, withdrawn, gender, with_partner), n in blocks.allocations.items():
        if not n:
            continue
        allocated[key] += n
        withdrew[key] += n if withdrawn else 0
        genders[gender] += n
        partners += n if with_partner else 0

    def allocations_where(match: Any) -> tuple[int, int]:
        keys = [k for k in allocated if match(k)]
        return sum(allocated[k] for k in keys), sum(withdrew[k] for k in keys)

    by_municipality = []
    for name in sorted({m for m, _o, _t in allocated}):
        total, gone = allocations_where(lambda k, name=name: k[0] == name)
        by_municipality.append(
            {
                "municipality": name,
                "allocations": total,
                "moved_in": total - gone,
                "withdrew_before_moving_in": gone,
            }
        )
    by_offer = []
    for m, o, t in sorted(allocated):
        # An offer's row counts every offer of the same municipality and name.
        total, gone = allocations_where(lambda k, m=m, o=o: (k[0], k[1]) == (m, o))
        by_offer.append(
            {
                "municipality": m,
                "offer": o,
                "offer_type": t,
                "allocations": total,
                "moved_in": total - gone,
                "withdrew_before_moving_in": gone,
            }
        )

    by_length: dict[str, dict[str, int]] = {
        bucket: dict.fromkeys(DESTINATIONS, 0) for bucket in LENGTH_BUCKETS
    }
    for (bucket, destination), n in blocks.moves.items():
        by_length[bucket][destination] += n
    allocations = sum(allocated.values())
    withdrawals = sum(withdrew.values())
    moved_out = sum(blocks.moves.values())
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "allocations": allocations,
        "moved_in": allocations - withdrawals,
        "withdrew_before_moving_in": withdrawals,
        "women": genders["female"],
        "men": genders["male"],
        "gender_other": genders["other"],
        "partners": partners,
        "children": blocks.children,
        "persons": allocations + partners + blocks.children,
        "moved_out": moved_out,
        "residents_on_end_date": residents_on_end_date,
        "by_municipality": by_municipality,
        "by_offer": by_offer,
        "stay_length_months": {
            bucket: sum(by_length[bucket].values()) for bucket in LENGTH_BUCKETS
        },
        "longest_stay_months": blocks.longest_months if moved_out else None,
        "destinations": {d: sum(by_length[b][d] for b in LENGTH_BUCKETS) for d in DESTINATIONS},
        "destination_by_stay_length": by_length,
        "days_from_allocation_to_arrival": _summary(expand(blocks.arrival_days)),
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
