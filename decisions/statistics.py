"""Raw national counts of decisions and individual plans (no names, no text).

Counted from the plain columns only (service, outcome, dates, the plan's
yes/no), so nothing encrypted is decrypted. ``reporting`` suppresses small
numbers before anything leaves (``reporting.decision_figures``).

* Decisions count in the year of their decision date (``decided_on``), for
  the years of the period, both ends inclusive.
* Residents count when they lived in an offer on some day of the period
  (moved in on or before its end, not moved out before its start); live
  records only (imported stays have no plan recorded).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from decisions.models import Decision, IndividualPlan, Outcome, Right, Service
from stays.models import Stay


def decision_counts(*, start: dt.date, end: dt.date) -> dict[int, dict[str, dict[str, int]]]:
    """{year: {service: {outcome: count}}} for decisions dated in the period; every code present."""
    rows = (
        Decision.objects.filter(decided_on__gte=start, decided_on__lte=end)
        .values("decided_on__year", "service", "outcome")
        .annotate(n=Count("pk"))
    )
    found: dict[int, dict[str, dict[str, int]]] = {
        year: {service: dict.fromkeys(Outcome.values, 0) for service in Service.values}
        for year in range(start.year, end.year + 1)
    }
    for row in rows:
        found[row["decided_on__year"]][row["service"]][row["outcome"]] += row["n"]
    return found


def plan_counts(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Residents in the period, how many had a right to an individual plan, how many had one."""
    stays = Stay.objects.filter(
        Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=start),
        moved_in_on__isnull=False,
        moved_in_on__lte=end,
        is_imported=False,
    )
    plans = IndividualPlan.objects.filter(stay__in=stays)
    return {
        "residents": stays.count(),
        "with_right": plans.filter(has_right=Right.YES).count(),
        "with_plan": plans.filter(has_plan=True, plan_since__lte=end).count(),
    }


def raw_counts(*, start: dt.date, end: dt.date) -> dict[str, Any]:
    return {
        "by_year": decision_counts(start=start, end=end),
        "individual_plan": plan_counts(start=start, end=end),
    }
