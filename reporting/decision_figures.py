"""Decisions and individual plans in the national statistics, suppressed (docs/statistics.md).

The raw counts come from ``decisions.statistics``; small numbers are
protected here with the same tables as every other figure
(``reporting.suppression``): per year a service × outcome table with its
row, column and grand totals, and the residents with a right to / with an
individual plan as a cell beside its complement, the residents being the
shared total.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from decisions.models import Outcome, Service
from decisions.statistics import raw_counts
from reporting.suppression import DEFAULT_THRESHOLD, Table, protect

RESIDENTS = ("row", 0)


def _year(counts: dict[str, dict[str, int]], threshold: int) -> dict[str, Any]:
    services, outcomes = list(Service.values), list(Outcome.values)
    table = Table([[counts[s][o] for o in outcomes] for s in services])
    protect(table, threshold)
    return {
        "total": table.published(("all",)),
        "by_outcome": {o: table.published(("col", j)) for j, o in enumerate(outcomes)},
        "by_service": {
            s: {
                "total": table.published(("row", i)),
                **{o: table.published(("cell", i, j)) for j, o in enumerate(outcomes)},
            }
            for i, s in enumerate(services)
        },
    }


def _plans(counts: dict[str, int], threshold: int) -> dict[str, Any]:
    residents = counts["residents"]
    right = Table([[counts["with_right"], residents - counts["with_right"]]], col_totals=False)
    plan = Table([[counts["with_plan"], residents - counts["with_plan"]]], col_totals=False)
    protect(right, threshold)
    # The residents are both tables' total: hidden in one, hidden in both.
    protect(plan, threshold, forced={RESIDENTS} if RESIDENTS in right.hidden else set())
    if RESIDENTS in plan.hidden and RESIDENTS not in right.hidden:
        protect(right, threshold, forced={RESIDENTS})
    return {
        "residents": right.published(RESIDENTS),
        "with_right": right.published(("cell", 0, 0)),
        "with_plan": plan.published(("cell", 0, 0)),
    }


def decision_figures(
    *, start: dt.date, end: dt.date, threshold: int = DEFAULT_THRESHOLD
) -> dict[str, Any]:
    """The ``decisions`` key of ``national_statistics``."""
    raw = raw_counts(start=start, end=end)
    return {
        "by_year": {str(year): _year(counts, threshold) for year, counts in raw["by_year"].items()},
        "individual_plan": _plans(raw["individual_plan"], threshold),
    }
