"""Finished years of national statistics, counted once and kept (hurtigbuffer for avsluttede år).

A period's building blocks (``reporting.statistics.blocks``) are the blocks
of its whole finished years, read from ``StatisticsYear``, plus those of the
rest (this year so far, part-years at the period's edges), read live, added;
the figures are then counted and suppressed once, as without the cache.
What is kept is unsuppressed counts and sums for the whole country, never a
published (suppressed) figure, never anything about a person.

A kept year is used only while

* it was made by the counting rules of today (``DEFINITIONS``), and
* its history stamp (``reporting.history``) is the one it was made under:
  every change to a record the year is counted from gives the year a fresh
  stamp in the same transaction, so the next reader counts it again.

The stamps are read before the year is counted: a change committed while it
is counted leaves a stamp the kept row does not have, so the row is redone
next time rather than kept stale. A year is kept from the second day after
it ended (Norwegian time): a write begun on New Year's Eve, when the year was
not finished yet and so left no stamp, has committed long before.

Narrowed statistics (a municipality's offers) are counted live: they are a
few stays, and keeping them would multiply the kept rows by every scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db import transaction

from core import dates
from reporting.models import StatisticsHistory, StatisticsYear
from reporting.sources import load_blocks, load_years
from reporting.statistics import Blocks

# The version of the counting rules: raise it whenever a figure's definition
# or the blocks' layout changes, and every kept year is counted again.
DEFINITIONS = 1


def keepable(year: int, *, today: dt.date) -> bool:
    """Ended at least a whole day ago in Norway (see the module's note on New Year's Eve)."""
    return today >= dt.date(year + 1, 1, 2)


def _spans(start: dt.date, end: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date, bool]]:
    """The period cut at new year: (first, last, kept?) in date order."""
    spans = []
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        whole = (first, last) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
        spans.append((first, last, whole and keepable(year, today=today)))
    return spans


def period_blocks(
    *,
    start: dt.date,
    end: dt.date,
    offer_ids: Collection[int] | None = None,
    today: dt.date | None = None,
) -> Blocks:
    """The blocks of ``start``–``end``: kept years where they may be used, the rest live."""
    if offer_ids is not None:
        return load_blocks(start=start, end=end, offer_ids=offer_ids)
    today = today or dates.today()
    spans = _spans(start, end, today)
    years = [first.year for first, _last, kept in spans if kept]
    # Stamps first: a change committed after this read leaves the row stale-marked.
    stamps = dict(
        StatisticsHistory._default_manager.filter(year__in=years).values_list("year", "stamp")
    )
    kept = {
        row.year: row
        for row in StatisticsYear._default_manager.filter(year__in=years, definitions=DEFINITIONS)
    }
    usable = {
        year: Blocks.from_json(row.blocks)
        for year, row in kept.items()
        if row.stamp == stamps.get(year)
    }
    missing = [year for year in years if year not in usable]
    if missing:
        # Every missing year at once: as many queries for twenty years as for one.
        counted = load_years(first=min(missing), last=max(missing))
        _keep(
            [
                StatisticsYear(
                    year=year,
                    definitions=DEFINITIONS,
                    stamp=stamps.get(year),
                    blocks=counted[year].to_json(),
                )
                for year in missing
            ]
        )
        usable |= {year: counted[year] for year in missing}
    total = Blocks()
    live: tuple[dt.date, dt.date] | None = None  # consecutive spans not kept, read at once
    for first, last, keep in spans:
        if keep:
            if live:
                total += load_blocks(start=live[0], end=live[1])
                live = None
            total += usable[first.year]
        else:
            live = (live[0], last) if live else (first, last)
    if live:
        total += load_blocks(start=live[0], end=live[1])
    return total


def _keep(rows: list[StatisticsYear]) -> None:
    """Store counted years; a reader counting the same year at the same time writes the same."""
    with transaction.atomic():
        StatisticsYear._default_manager.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["year", "definitions"],
            update_fields=["stamp", "blocks", "computed_at"],
        )
        StatisticsYear._default_manager.exclude(definitions=DEFINITIONS).delete()


def forget() -> int:
    """Drop every kept year (they are counted again on the next read); returns how many."""
    with transaction.atomic():
        deleted, _ = StatisticsYear._default_manager.all().delete()
    return deleted


def describe() -> list[dict[str, Any]]:
    """Kept years and whether each may still be used (for operators and tests)."""
    stamps = dict(StatisticsHistory._default_manager.values_list("year", "stamp"))
    return [
        {"year": row.year, "valid": row.stamp == stamps.get(row.year)}
        for row in StatisticsYear._default_manager.filter(definitions=DEFINITIONS).order_by("year")
    ]
