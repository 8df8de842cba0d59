"""No write that can change a finished year's figures goes without a fresh history stamp.

Saves and deletes send signals (``reporting.history``). Writes that send
none are read from the source here: each bulk write to a model statistics
are counted from must be one this file knows, with the reason it needs no
stamp or the stamp it gives. Retention empties fields in bulk too: none of
them may be a counted one.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

from core.retention.rules import RULES
from reporting.history import COUNTED_FIELDS, SOURCES

ROOT = Path(__file__).resolve().parents[2]
SKIP = {"tests", "migrations", ".venv", "node_modules", "bench", "scripts", "static"}
BULK = re.compile(
    r"\b(\w+)\.(?:objects|_default_manager|_base_manager)\b.*\.(update|bulk_create|bulk_update)\("
)

# (file, model, method) -> why no signal is needed there.
KNOWN = {
    ("reporting/importer.py", "Stay", "bulk_create"): "calls history.touch with the stays' years",
    ("followup/services/contacts.py", "ContactTheme", "bulk_create"): (
        "the contact is saved just before in the same transaction: its year is stamped"
    ),
    ("stays/services/arrival.py", "PlaceBooking", "update"): "planned_end_on is not counted",
    ("stays/services/lifecycle.py", "PlaceBooking", "update"): "planned_end_on is not counted",
    ("referrals/demo.py", "Allocation", "update"): "proposed_on, hold_expires_on: not counted",
}


def _source_model_names() -> set[str]:
    return {apps.get_model(label).__name__ for label in SOURCES}


def test_every_bulk_write_to_a_counted_model_is_known() -> None:
    names = _source_model_names()
    found = set()
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIP & set(relative.parts):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            match = BULK.search(line)
            if match and match.group(1) in names:
                found.add((relative.as_posix(), match.group(1), match.group(2)))
    unknown = sorted(found - set(KNOWN))
    assert unknown == [], "stamp the years (reporting.history.touch) and add it to KNOWN"
    assert sorted(set(KNOWN) - found) == [], "no longer there: remove from KNOWN"


def test_the_scan_sees_a_bulk_write() -> None:
    line = "        Stay.objects.filter(pk__in=ids).update(moved_out_on=day)"
    match = BULK.search(line)
    assert match is not None and (match.group(1), match.group(2)) == ("Stay", "update")


def test_retention_empties_no_field_a_statistic_is_counted_from() -> None:
    emptied = {(rule.model, name) for rule in RULES for name in rule.fields}
    counted = {(label, name) for label, names in COUNTED_FIELDS.items() for name in names}
    assert emptied & counted == set()
    # The check has teeth: retention does empty fields of counted models.
    assert {model for model, _name in emptied} & set(COUNTED_FIELDS)


def test_every_counted_model_and_field_exists_and_has_a_way_to_its_years() -> None:
    assert set(COUNTED_FIELDS) == set(SOURCES)
    for label, names in COUNTED_FIELDS.items():
        model = apps.get_model(label)
        for name in names:
            model._meta.get_field(name)
