"""Print national statistics for a period as JSON (keys: docs/statistics.md).

    python manage.py national_statistics --from 2011-01-01 --to 2011-12-31 --format json

Counts of 1–4 persons print as "<5" (``--suppress-below N``, default 5);
``--suppress-below 0`` prints raw counts, for the system's own operators.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import record
from core import dates
from documents import statistics as documents
from reporting.report import statistics
from routines.statistics import routine_counts


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"datoen må skrives ÅÅÅÅ-MM-DD: {value!r}") from None


class Command(BaseCommand):
    help = "Print national statistics for a period as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, type=_date)
        parser.add_argument("--to", dest="end", required=True, type=_date)
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--suppress-below", dest="threshold", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        start, end, threshold = options["start"], options["end"], options["threshold"]
        if end < start:
            raise CommandError("--to kan ikke være før --from")
        if threshold < 0:
            raise CommandError("--suppress-below må være 0 eller mer")
        # ``decisions`` and ``meetings_per_resident_month`` come with the national
        # figures (``reporting.report.with_national_work``), as on the statistics page.
        result = statistics(start=start, end=end, threshold=threshold)
        result["documents"] = documents.counts(start=start, end=end, threshold=threshold)
        # The offers' written routines as they stood at the end of the period
        # (or today, for a period not yet over): documents, never suppressed.
        result["routines"] = routine_counts(on=min(end, dates.today()))
        record(
            actor=None,
            action="reporting.export.created",
            object_type="reporting.statistics",
            object_id="national",
            fields=["json"],
            purpose=f"national_statistics {start}–{end} suppress_below={threshold}",
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, sort_keys=False))
