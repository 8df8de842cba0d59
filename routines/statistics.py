"""National counts of the offers' written routines, for ``national_statistics`` (docs/statistics.md).

Routines are documents, not persons: the counts are never suppressed. The
state is taken on one day: a routine is *approved* when a version approved
on or before that day is in force, *overdue* when that version's next review
fell before the day, *draft only* when versions written by then wait for
approval and none is approved, and *missing* when none was written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q

from housing.models import Offer
from routines.models import OfferInformation, RoutineKind, RoutineVersion

STATES = ("approved", "overdue_review", "draft_only", "missing")


def _state(versions: list[RoutineVersion], on: dt.date) -> str:
    approved = [v for v in versions if v.approved_on is not None and v.approved_on <= on]
    if approved:
        current = max(approved, key=lambda v: v.number)
        review = current.next_review_on
        return "overdue_review" if review is not None and review < on else "approved"
    return "draft_only" if versions else "missing"


def routine_counts(*, on: dt.date) -> dict[str, Any]:
    """The routines of every offer on ``on``: totals, per kind and per offer."""
    offers = list(
        Offer._base_manager.select_related("municipality").order_by("municipality__name", "name")
    )
    versions: dict[tuple[int, str], list[RoutineVersion]] = defaultdict(list)
    # A version existed on the day when it was written by then, or approved by
    # then (an approval may be dated back to when the paper routine was signed).
    existing = Q(created_at__date__lte=on) | Q(approved_on__lte=on)
    written = RoutineVersion._base_manager.filter(existing).only(
        "offer_id", "kind", "number", "approved_on", "next_review_on"
    )
    for version in written:
        versions[(version.offer_id, version.kind)].append(version)
    totals = dict.fromkeys(STATES, 0)
    by_kind = {kind: dict.fromkeys(STATES, 0) for kind in RoutineKind.values}
    by_offer = []
    for offer in offers:
        row: dict[str, Any] = {
            "municipality": offer.municipality.name,
            "offer": offer.name,
            **dict.fromkeys(STATES, 0),
        }
        for kind in RoutineKind.values:
            state = _state(versions.get((offer.pk, kind), []), on)
            row[state] += 1
            totals[state] += 1
            by_kind[kind][state] += 1
        by_offer.append(row)
    with_sheet = (
        OfferInformation._base_manager.filter(created_at__date__lte=on)
        .filter(~Q(fits_nb="") | ~Q(followup_nb="") | ~Q(house_rules_nb="") | ~Q(bring_nb=""))
        .count()
    )
    return {
        "on": on.isoformat(),
        "offers": len(offers),
        "required_per_offer": len(RoutineKind.values),
        **totals,
        "offers_with_all_approved": sum(
            1
            for row in by_offer
            if row["approved"] + row["overdue_review"] == len(RoutineKind.values)
        ),
        "offers_with_information_sheet": with_sheet,
        "by_kind": by_kind,
        "by_offer": by_offer,
    }
