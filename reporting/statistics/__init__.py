"""Statistics as plain functions returning plain dicts (testable without views).

Two steps, kept apart on purpose:

1. ``compute(facts, start, end)`` counts raw figures from plain ``StayFact``
   records (and optional ``LiveFacts`` for figures that only live records
   have: inquiries, goal indicators, follow-up hours …);
2. ``publish(raw, threshold)`` applies small-cell suppression
   (``reporting.suppression``) to every count that leaves a municipality.

``load_stay_facts`` reads ``stays.Stay`` through exactly the fields of
``docs/stay-contract.md``. Every key is documented in ``docs/statistics.md``.


The counts are made from additive building blocks (``blocks``), so finished
years can be cached and added (``reporting.yearcache``). One module per step
(``blocks``, ``counting``, ``publishing``); import from
``reporting.statistics``.
"""

from reporting.statistics.blocks import Blocks, LiveFacts, length_bucket
from reporting.statistics.counting import (
    DESTINATIONS,
    GENDERS,
    GOAL_INDICATORS,
    LENGTH_BUCKETS,
    StayFact,
    assemble,
    compute,
)
from reporting.statistics.publishing import (
    cells_of,
    publish,
)

__all__ = [
    "DESTINATIONS",
    "GENDERS",
    "GOAL_INDICATORS",
    "LENGTH_BUCKETS",
    "Blocks",
    "LiveFacts",
    "StayFact",
    "assemble",
    "cells_of",
    "compute",
    "length_bucket",
    "publish",
]
