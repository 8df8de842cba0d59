"""National counts of the documents of a case, for ``national_statistics`` (docs/statistics.md).

Counts of files added in the period (their ``created_at`` as an Oslo date, both
ends inclusive), by where they were kept and by kind. Files are not persons,
and neither a kind nor a count says who a file is about, so these are not
suppressed; the number of stays with a document is a count of persons and is.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from documents.models import DocumentKind, PersonDocument, StayDocument


def counts(*, start: dt.date, end: dt.date, threshold: int) -> dict[str, Any]:
    """``{added, intake, stay, by_kind, stays_with_documents}`` for the period."""
    in_period = {"created_at__date__gte": start, "created_at__date__lte": end}
    kinds: Counter[str] = Counter()
    for model in (PersonDocument, StayDocument):
        for kind in model.objects.filter(**in_period).values_list("kind", flat=True):
            kinds[kind] += 1
    intake = PersonDocument.objects.filter(**in_period).count()
    stay_documents = StayDocument.objects.filter(**in_period)
    stays = stay_documents.values("stay").distinct().count()
    shown_stays: int | str = stays
    if threshold and 0 < stays < threshold:
        shown_stays = f"<{threshold}"
    return {
        "added": intake + stay_documents.count(),
        "intake": intake,
        "stay": stay_documents.count(),
        "by_kind": {kind: kinds[kind] for kind in DocumentKind.values},
        "stays_with_documents": shown_stays,
    }
