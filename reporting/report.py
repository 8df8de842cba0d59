"""One entry point for a published statistics dict: load, count, suppress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from reporting.sources import load_live_facts, load_stay_facts
from reporting.statistics import compute, publish
from reporting.suppression import DEFAULT_THRESHOLD


def raw_statistics(
    *, start: dt.date, end: dt.date, offer_ids: Collection[int] | None = None
) -> dict[str, Any]:
    facts = load_stay_facts(offer_ids=offer_ids)
    live = load_live_facts(start=start, end=end, offer_ids=offer_ids)
    return compute(facts, start, end, live=live)


def statistics(
    *,
    start: dt.date,
    end: dt.date,
    offer_ids: Collection[int] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """The figures for the period; ``threshold`` 0 means raw counts (operators only)."""
    return publish(raw_statistics(start=start, end=end, offer_ids=offer_ids), threshold)
