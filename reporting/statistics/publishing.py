"""Step 2 of the statistics: small-cell suppression of every count that leaves a municipality (``publish``).

Applies ``reporting.suppression`` to the raw figures of
``reporting.statistics.counting``; a figure that appears in more than one
table is hidden in all of them or in none.
"""

from __future__ import annotations

from typing import Any

from reporting.statistics.counting import DESTINATIONS, GOAL_INDICATORS, LENGTH_BUCKETS
from reporting.suppression import (
    DEFAULT_THRESHOLD,
    Published,
    Table,
    protect,
    suppress_count,
)


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
    Shared figures are the headline totals (allocations, move-outs): hiding
    one in a side table (persons with partners and children) would hide it
    in every table and leave the national page with nothing but "x", so
    every other entry is tried first.
    """
    protect(
        table,
        threshold,
        forced={k for k, n in names.items() if n in shared.hidden},
        spare=set(names),
    )
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
