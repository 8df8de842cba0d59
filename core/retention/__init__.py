"""Retention: anonymise personal data a set time after a case ended (SECURITY.md 26).

Run nightly: ``python manage.py apply_retention [--dry-run]`` (docs/operations.md;
the command and the runner are ``oversight``'s).

What "ended" means, per anchor:

* **stay**: closed (``closed_on``) or withdrawn before arrival (the
  allocation's ``withdrawn_on``, else ``allocated_on``) at least
  ``RETENTION_DAYS_AFTER_CLOSURE`` days ago;
* **person**: every stay of the person has ended as above, no assessment is
  still open, no allocation is still proposed, and nothing about the person
  (person, assessments, allocations, consents, threat assessments, their
  inquiries) has changed for ``RETENTION_DAYS_AFTER_CLOSURE`` days;
* **advisory contact** (``advisory.AdvisoryContact``): its name and note
  ``RETENTION_DAYS_AFTER_INQUIRY_OUTCOME`` days after ``contact_on``;
* **inquiry** that never led to a place (outcome ``no_place``):
  ``RETENTION_DAYS_AFTER_INQUIRY_OUTCOME`` days after ``closed_on``.
  Inquiries that led to an assessment follow the person.

What is done: the fields each ``Rule`` names are overwritten with an empty
value (text ``""``, nullable fields ``NULL``, the birth date becomes 1 January
of the birth year). Rows are *not* deleted: statuses, dates, choices and
counts stay, so every statistic (``reporting.statistics``) is the same before
and after. The stay's statistical snapshot (gender, birth year, household)
is kept by design (docs/stay-contract.md); the stay loses its link to the
person.

Every encrypted field of every model, and every free-text column of the
case apps, must be named by a rule or listed in ``EXEMPT`` with a reason;
``core/tests/test_retention.py`` fails the build otherwise, so a new model
cannot be forgotten.

Idempotent: a row whose fields already hold the empty values is not touched
and not counted. Each anchor (stay, person, inquiry) emptied is marked with
``anonymised_at`` in the same transaction, and the nightly run asks only for
anchors without the mark, so a night with nothing due does not walk the
closed history. A row saved under a marked anchor afterwards (a correction,
a new row) clears the mark, and the anchor is judged by the rules above
again: a stay or an inquiry past its period is emptied again the next night,
a person once nothing about them has changed for the period. Writes that
bypass ``save()`` (``QuerySet.update()``, ``bulk_create``) do not clear it;
the services write through ``save()``. Audited: one ``retention.<anchor>.anonymised`` entry per
anchor changed (field names only) and one ``retention.applied`` entry per
run with the counts.


The rules are data (``rules``), importable from ``core.retention`` by every
layer; the runner that applies them and writes the audit rows is
``oversight.retention`` (it sits above ``audit``).
"""

from core.retention.rules import (
    ANCHOR_MODELS,
    ANCHORS,
    CASE_APPS,
    DEFAULT_DAYS_AFTER_CLOSURE,
    DEFAULT_DAYS_AFTER_INQUIRY_OUTCOME,
    EXEMPT,
    MINIMUM_DAYS,
    RULES,
    Rule,
    active_rules,
    covered_fields,
    days_after_closure,
    days_after_inquiry_outcome,
)

__all__ = [
    "ANCHORS",
    "ANCHOR_MODELS",
    "CASE_APPS",
    "DEFAULT_DAYS_AFTER_CLOSURE",
    "DEFAULT_DAYS_AFTER_INQUIRY_OUTCOME",
    "EXEMPT",
    "MINIMUM_DAYS",
    "RULES",
    "Rule",
    "active_rules",
    "covered_fields",
    "days_after_closure",
    "days_after_inquiry_outcome",
]
