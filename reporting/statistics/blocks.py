"""The building blocks of the statistics: additive counts and sums for a span of days (byggeklosser).

Every raw figure of ``counting.compute`` is made from these blocks, and the
blocks of two disjoint spans add up to the blocks of both: allocations,
move-outs, arrivals, inquiries … are counted by one date each, and resident
days and place-days are split at the span's edges. So a twenty-year period is
the blocks of its finished years (cached, ``reporting.yearcache``) plus the
live current year, added, then counted once and suppressed once.

Blocks hold counts and sums only, never a person: a histogram (days → how
many) stands in for the list of days a median is taken from, and follow-up
minutes are summed per theme *and* number of themes of the contact, so the
equal shares are divided once, exactly, after adding.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any

from core.dates import whole_months_between


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


def overlap_days(start: dt.date, end: dt.date, first: dt.date, last: dt.date | None) -> int:
    """Days of [first, last) inside [start, end] (end inclusive)."""
    lo = max(start, first)
    hi = min(end + dt.timedelta(days=1), last or end + dt.timedelta(days=1))
    return max((hi - lo).days, 0)


# Counter fields and how their keys are written to JSON (tuples become lists).
_TUPLE_KEYED = {"allocations", "moves", "minutes"}
_INT_KEYED = {"arrival_days", "wait_days"}


@dataclass
class Blocks:
    """Additive figures for a span. ``allocations`` is keyed by (offer, withdrew, gender, partner).

    The offer is whatever identifies it where the blocks were made: an offer's
    id in the database (names change; ids do not), or the (municipality,
    offer, offer type) names of a ``StayFact``.
    """

    allocations: Counter[tuple[Any, bool, str, bool]] = field(default_factory=Counter)
    children: int = 0
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)  # (length bucket, destination)
    longest_months: int | None = None
    arrival_days: Counter[int] = field(default_factory=Counter)
    inquiry_outcomes: Counter[str] = field(default_factory=Counter)
    assessments: int = 0
    threat_checked: int = 0
    threat_before: int = 0
    indicators_closed: int = 0
    indicators: Counter[str] = field(default_factory=Counter)
    minutes: Counter[tuple[str, int]] = field(default_factory=Counter)  # (theme, themes of contact)
    resident_days: int = 0
    wait_days: Counter[int] = field(default_factory=Counter)
    place_days_available: int = 0
    place_days_taken: int = 0

    def __add__(self, other: Blocks) -> Blocks:
        total = Blocks()
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, Counter):
                value: Any = Counter(mine)
                value.update(theirs)
            elif f.name == "longest_months":
                found = [m for m in (mine, theirs) if m is not None]
                value = max(found) if found else None
            else:
                value = mine + theirs
            setattr(total, f.name, value)
        return total

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Counter):
                value = sorted(
                    [[*key] if f.name in _TUPLE_KEYED else key, n] for key, n in value.items() if n
                )
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Blocks:
        blocks = cls()
        for f in fields(cls):
            value = data[f.name]
            if isinstance(getattr(blocks, f.name), Counter):
                value = Counter(
                    {(tuple(key) if f.name in _TUPLE_KEYED else key): n for key, n in value}
                )
            setattr(blocks, f.name, value)
        return blocks

    def renamed(self, names: dict[Hashable, tuple[str, str, str]]) -> Blocks:
        """The same blocks with each offer id replaced by its (municipality, offer, type) names."""
        allocations: Counter[tuple[Any, bool, str, bool]] = Counter()
        for (offer, withdrew, gender, partner), n in self.allocations.items():
            allocations[(names[offer], withdrew, gender, partner)] += n
        copy = Blocks(**{f.name: getattr(self, f.name) for f in fields(self)})
        copy.allocations = allocations
        return copy

    def add_move_out(self, moved_in: dt.date, moved_out: dt.date, destination: str, n: int) -> None:
        months = whole_months_between(moved_in, moved_out)
        self.moves[(length_bucket(months), destination or "unknown")] += n
        self.longest_months = max(months, self.longest_months or 0)

    def followup_minutes_by_theme(self) -> dict[str, float]:
        """Minutes per theme: a contact's minutes shared equally by its themes, summed exactly."""
        exact: dict[str, Fraction] = {}
        for (theme, themes), minutes in self.minutes.items():
            exact[theme] = exact.get(theme, Fraction(0)) + Fraction(minutes, max(themes, 1))
        return {theme: float(total) for theme, total in exact.items()}

    def live_facts(self) -> LiveFacts:
        """The figures only live records have, as ``counting.compute`` takes them."""
        return LiveFacts(
            inquiry_outcomes=Counter(self.inquiry_outcomes),
            assessments=self.assessments,
            moved_in_with_threat_before=self.threat_before,
            moved_in_checked_for_threat=self.threat_checked,
            goal_indicators=dict(self.indicators),
            closed_with_indicators=self.indicators_closed,
            followup_minutes_by_theme=self.followup_minutes_by_theme(),
            resident_months=round(self.resident_days / DAYS_PER_MONTH, 1),
            confidential_address_wait_days=expand(self.wait_days),
            place_days_available=self.place_days_available,
            place_days_taken=self.place_days_taken,
        )


DAYS_PER_MONTH = 365.25 / 12


def expand(histogram: Counter[int]) -> list[int]:
    """The values a histogram counts, each as often as counted (for a median and a mean)."""
    return [value for value, n in sorted(histogram.items()) for _ in range(n)]
