"""One entry point for a published statistics dict: load, count, suppress.

``default_statistics`` picks the period a page opens with: the shortest of
this year so far, last year and the last three full years that has figures
to show (decision in ``docs/statistics.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from reporting import yearcache
from reporting.advisory_figures import advisory_statistics
from reporting.decision_figures import decision_figures
from reporting.meeting_statistics import meeting_statistics
from reporting.sources import offer_names, residents_on
from reporting.statistics import assemble, publish
from reporting.suppression import DEFAULT_THRESHOLD


def raw_statistics(
    *,
    start: dt.date,
    end: dt.date,
    offer_ids: Collection[int] | None = None,
) -> dict[str, Any]:
    """Raw figures: the period's blocks (finished years kept, ``reporting.yearcache``), counted."""
    blocks = yearcache.period_blocks(start=start, end=end, offer_ids=offer_ids)
    names = offer_names({offer for offer, *_rest in blocks.allocations})
    return assemble(
        blocks.renamed(names),
        start,
        end,
        residents_on_end_date=residents_on(end, offer_ids=offer_ids),
        live=blocks.live_facts(),
    )


def statistics(
    *,
    start: dt.date,
    end: dt.date,
    offer_ids: Collection[int] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """The figures for the period; ``threshold`` 0 means raw counts (operators only)."""
    published = publish(raw_statistics(start=start, end=end, offer_ids=offer_ids), threshold)
    return with_national_work(published, start=start, end=end, offer_ids=offer_ids)


def with_national_work(
    published: dict[str, Any],
    *,
    start: dt.date,
    end: dt.date,
    offer_ids: Collection[int] | None,
) -> dict[str, Any]:
    """National figures also get the work counted only nationally; an offer's do not.

    The team's advisory work (``advisory``), decisions and individual plans
    (``decisions``) and meetings per resident-month
    (``meetings_per_resident_month``), counted once here for the page, its
    exports and ``national_statistics`` alike.
    """
    if offer_ids is None:
        threshold = published["suppress_below"]
        published["advisory"] = advisory_statistics(start=start, end=end, threshold=threshold)
        published["decisions"] = decision_figures(start=start, end=end, threshold=threshold)
        published["meetings_per_resident_month"] = meeting_statistics(
            start=start, end=end, threshold=threshold
        )
    return published


def candidate_periods(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """This year so far, last year, the last three full years: shortest first."""
    last_year = today.year - 1
    return [
        (dt.date(today.year, 1, 1), today),
        (dt.date(last_year, 1, 1), dt.date(last_year, 12, 31)),
        (dt.date(last_year - 2, 1, 1), dt.date(last_year, 12, 31)),
    ]


def shows_figures(published: dict[str, Any]) -> bool:
    """Does the period have a headline number: allocations as a number above zero?"""
    allocations = published["allocations"]
    return isinstance(allocations, int) and allocations > 0


@dataclass(frozen=True)
class Chosen:
    start: dt.date
    end: dt.date
    published: dict[str, Any]
    extended: bool  # a longer period than this year so far, because that showed nothing


def default_statistics(
    *,
    today: dt.date,
    offer_ids: Collection[int] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Chosen:
    """The shortest candidate period with figures to show; else the longest.

    A year of a few stays nationally gives only "<5" and "x": a page that
    opens on that shows nothing, so it opens on a longer period and says so.
    """
    candidates = candidate_periods(today)
    for n, (start, end) in enumerate(candidates):
        raw = raw_statistics(start=start, end=end, offer_ids=offer_ids)
        published = publish(raw, threshold)
        if shows_figures(published) or n == len(candidates) - 1:
            published = with_national_work(published, start=start, end=end, offer_ids=offer_ids)
            return Chosen(start, end, published, extended=n > 0)
    raise AssertionError("unreachable: the last candidate is always returned")
