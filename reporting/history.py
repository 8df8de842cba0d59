"""Which finished years a change touches, and their history stamps (historikkstempel).

A cached year (``reporting.yearcache``) is valid only while its stamp is the
one it was counted under. One mechanism changes stamps: ``touch(years)``. It
is called

* by model signals for every save and delete of a record a statistic is
  counted from (``SOURCES``), with the years the record counted in before the
  change and after it, read from the database in the same transaction;
* explicitly by the few bulk writes that send no signals and change such
  records: ``import_stays`` (``reporting.importer``).

Other bulk writes of these models change no counted field: retention empties
text and person links only (its rules are checked against ``COUNTED_FIELDS``
in the tests), and a test reads the source for bulk writes to the models
below and fails on one it does not know.

Only finished years are stamped: a change to this year's records costs no
write, and this year is never cached.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_save, pre_delete, pre_save

from core import dates
from reporting.statistics import GOAL_INDICATORS


def _span(first: dt.date | None, *more: dt.date | None, open_end: bool = False) -> set[int]:
    """Every year from the earliest date to the latest (to this year when still open)."""
    days = [d for d in (first, *more) if d is not None]
    if not days:
        return set()
    last = dates.today().year if open_end else max(d.year for d in days)
    return set(range(min(d.year for d in days), max(last, max(d.year for d in days)) + 1))


def _stay_years(rows: Iterable[tuple[Any, ...]]) -> set[int]:
    years: set[int] = set()
    for allocated, moved_in, moved_out in rows:
        # A resident who has not moved out counts resident days every year until now.
        years |= _span(
            allocated, moved_in, moved_out, open_end=moved_in is not None and moved_out is None
        )
    return years


def _stays(**lookup: Any) -> set[int]:
    stay = apps.get_model("stays", "Stay")
    return _stay_years(
        stay._base_manager.filter(**lookup).values_list(
            "allocated_on", "moved_in_on", "moved_out_on"
        )
    )


def _dates(label: str, *names: str, open_end: str = "") -> Callable[[Collection[Any]], set[int]]:
    """Years of each row's dates; ``open_end`` names a date whose absence means "still going"."""

    def years(pks: Collection[Any]) -> set[int]:
        rows = apps.get_model(label)._base_manager.filter(pk__in=pks).values(*names)
        found: set[int] = set()
        for row in rows:
            still = bool(open_end) and row[open_end] is None
            found |= _span(*row.values(), open_end=still)
        return found

    return years


def _threat_years(pks: Collection[Any]) -> set[int]:
    threat = apps.get_model("referrals", "ThreatAssessment")
    assessments = threat._base_manager.filter(pk__in=pks).values("assessment_id")
    return _stays(allocation__assessment_id__in=assessments)


# Model -> the years a row counts in, read from the database. The fields each
# reads are the ones ``reporting.sources`` counts (COUNTED_FIELDS below).
SOURCES: dict[str, Callable[[Collection[Any]], set[int]]] = {
    "stays.Stay": lambda pks: _stays(pk__in=pks),
    "stays.GoalIndicatorAssessment": _dates("stays.GoalIndicatorAssessment", "assessed_on"),
    "followup.Contact": _dates("followup.Contact", "contact_on"),
    "followup.ContactTheme": _dates("followup.ContactTheme", "contact__contact_on"),
    "followup.SecurityMeasure": _dates("followup.SecurityMeasure", "applied_on", "granted_on"),
    "referrals.Inquiry": _dates("referrals.Inquiry", "received_on"),
    "referrals.Assessment": _dates("referrals.Assessment", "assessed_on"),
    "referrals.ThreatAssessment": _threat_years,
    "referrals.Allocation": lambda pks: _stays(allocation_id__in=pks),
    "housing.Place": _dates(
        "housing.Place", "active_from", "active_until", open_end="active_until"
    ),
    "housing.PlaceBooking": _dates(
        "housing.PlaceBooking", "starts_on", "ends_on", open_end="ends_on"
    ),
}

# The fields of each source model a statistic is counted from (besides its
# dates). A bulk write that sends no signal may change none of these without
# calling ``touch``.
COUNTED_FIELDS: dict[str, set[str]] = {
    "stays.Stay": {
        "offer",
        "status",
        "allocated_on",
        "moved_in_on",
        "moved_out_on",
        "destination",
        "gender",
        "with_partner",
        "children_count",
        "is_imported",
        "allocation",
    },
    "stays.GoalIndicatorAssessment": {"stay", "assessed_on", *GOAL_INDICATORS},
    "followup.Contact": {"stay", "contact_on", "minutes"},
    "followup.ContactTheme": {"contact", "theme"},
    "followup.SecurityMeasure": {"stay", "kind", "applied_on", "granted_on"},
    "referrals.Inquiry": {"received_on", "outcome"},
    "referrals.Assessment": {"assessed_on", "status"},
    "referrals.ThreatAssessment": {"assessment", "assessed_on"},
    "referrals.Allocation": {"assessment"},
    "housing.Place": {"active_from", "active_until", "dwelling"},
    "housing.PlaceBooking": {"place", "status", "starts_on", "ends_on"},
}


def stay_years(stays: Iterable[Any]) -> set[int]:
    """The years unsaved or bulk-written stays count in (for writes that send no signal)."""
    return _stay_years((s.allocated_on, s.moved_in_on, s.moved_out_on) for s in stays)


def finished(year: int, *, today: dt.date | None = None) -> bool:
    """Has the year ended in Norway?"""
    return year < (today or dates.today()).year


def touch(years: Iterable[int]) -> None:
    """Give each finished year among ``years`` a fresh stamp, in the caller's transaction."""
    stamps = apps.get_model("reporting", "StatisticsHistory")
    due = sorted({y for y in years if finished(y)})
    if not due:
        return
    # Sorted, so two writers lock the same rows in the same order.
    stamps._default_manager.bulk_create(
        [stamps(year=y, stamp=secrets.randbits(62)) for y in due],
        update_conflicts=True,
        unique_fields=["year"],
        update_fields=["stamp"],
    )


def _years_of(instance: Model) -> set[int]:
    return SOURCES[instance._meta.label]([instance.pk])


def _before_save(sender: type[Model], instance: Model, raw: bool = False, **_: Any) -> None:
    if instance.pk is not None and not instance._state.adding:
        instance._statistics_years_before = _years_of(instance)  # type: ignore[attr-defined]


def _after_save(sender: type[Model], instance: Model, **_: Any) -> None:
    before: set[int] = getattr(instance, "_statistics_years_before", set())
    instance._statistics_years_before = set()  # type: ignore[attr-defined]
    touch(before | _years_of(instance))


def _before_delete(sender: type[Model], instance: Model, **_: Any) -> None:
    # Before: a cascade deletes the rows a year is read through (a theme's contact).
    touch(_years_of(instance))


def connect() -> None:
    """Called once from ``ReportingConfig.ready``."""
    for label in SOURCES:
        model = apps.get_model(label)
        uid = f"reporting.history.{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}.pre_save")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}.post_save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}.pre_delete")
