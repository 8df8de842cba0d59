"""The competence team's advisory work in the statistics: yearly counts, suppressed (råd og veiledning).

Counted by ``advisory.selectors.yearly_counts`` (national only: a contact
belongs to no offer), then published here under the same small-number rule
as every count of persons: who asked is one table whose cells add up to the
year's contacts, so it is protected as a table (a hidden cell cannot be
worked out from the total); topics and actions may be several per contact,
so each is hidden on its own below the threshold. Courses and their
participants count events and audiences of professionals, not the persons
the contacts are about, and are not suppressed. Keys: docs/statistics.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from advisory.models import ACTIONS, TOPICS, AskedBy, ServiceKind
from advisory.selectors import yearly_counts
from reporting.suppression import Table, protect, suppress_count

# The evaluation (2011, §3.1): cases of forced marriage or threats of it the
# team registered. Compared with ``forced_marriage_cases``; not stored, not counted.
EVALUATION_FORCED_MARRIAGE_CASES = {2008: 248, 2009: 276, 2010: 378}


def _publish_year(year: int, raw: dict[str, Any], threshold: int) -> dict[str, Any]:
    keys = list(raw["asked_by"])
    if threshold <= 0:
        topics, actions = raw["topics"], raw["actions"]
        return {
            "year": year,
            **raw,
            "forced_marriage_cases": topics["forced_marriage"],
            "topics": dict(topics),
            "actions": dict(actions),
        }
    asked = Table([[raw["asked_by"][k] for k in keys]], col_totals=False)
    protect(asked, threshold)

    def hide(value: int) -> Any:
        return suppress_count(value, threshold)

    return {
        "year": year,
        "contacts": asked.published(("row", 0)),
        "asked_by": {k: asked.published(("cell", 0, j)) for j, k in enumerate(keys)},
        "topics": {k: hide(v) for k, v in raw["topics"].items()},
        "actions": {k: hide(v) for k, v in raw["actions"].items()},
        "forced_marriage_cases": hide(raw["topics"]["forced_marriage"]),
        "turned_into_inquiry": hide(raw["turned_into_inquiry"]),
        "courses": raw["courses"],
        "course_participants": raw["course_participants"],
    }


def advisory_statistics(*, start: dt.date, end: dt.date, threshold: int) -> dict[str, Any]:
    """``{"years": [...]}``: one entry per calendar year of the period, oldest first."""
    counted = yearly_counts(start=start, end=end)
    return {"years": [_publish_year(y, counted[y], threshold) for y in sorted(counted)]}


def year_rows(year: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, published figure) of one year, in the order the page and the exports show them."""
    service = {f"service_{code}": label for code, label in ServiceKind.choices}
    asked_labels = {**dict(AskedBy.choices), **service}
    rows: list[tuple[str, Any]] = [
        (_("Rådgivninger i alt"), year["contacts"]),
        (_("Saker om tvangsekteskap (som i evalueringen)"), year["forced_marriage_cases"]),
    ]
    rows += [
        (_("Spurte: %(who)s") % {"who": asked_labels[key]}, value)
        for key, value in year["asked_by"].items()
    ]
    rows += [
        (_("Tema: %(topic)s") % {"topic": label}, year["topics"][code])
        for code, _flag, label in TOPICS
    ]
    rows += [
        (_("Teamet gjorde: %(action)s") % {"action": label}, year["actions"][code])
        for code, _flag, label in ACTIONS
    ]
    rows += [
        (_("Ble henvendelse om plass"), year["turned_into_inquiry"]),
        (_("Kurs og foredrag"), year["courses"]),
        (_("Deltakere på kurs og foredrag"), year["course_participants"]),
    ]
    return rows


def comparison_sentence() -> str:
    figures = EVALUATION_FORCED_MARRIAGE_CASES
    return _(
        "Til sammenligning: Kompetanseteamet registrerte %(a)s, %(b)s og %(c)s saker om "
        "tvangsekteskap eller trussel om det i 2008, 2009 og 2010 (evalueringen fra 2011)."
    ) % {"a": figures[2008], "b": figures[2009], "c": figures[2010]}
