"""Applying the retention rules (sletting og anonymisering): which anchors are due, and emptying their fields, audited.

The rules are data in ``core.retention``; applying them writes audit rows,
so the runner sits above ``audit``, here.

One transaction and one ``retention.<anchor>.anonymised`` audit row per
anchor (field names only), and one ``retention.applied`` row per run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce

from audit.services import record
from core import dates, ownership
from core.retention.rules import (
    ANCHOR_MODELS,
    ANCHORS,
    Rule,
    active_rules,
    days_after_closure,
    days_after_inquiry_outcome,
)

# The audit action per anchor (audit/actions.py registers each).
ANONYMISED = {
    "person": "retention.person.anonymised",
    "stay": "retention.stay.anonymised",
    "inquiry": "retention.inquiry.anonymised",
}


# --- which anchors are due --------------------------------------------------------


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def due_stays(today: dt.date) -> set[int]:
    cutoff = today - dt.timedelta(days=days_after_closure())
    stay = _model("stays.Stay")
    closed = stay._base_manager.filter(status="closed", closed_on__lte=cutoff)
    withdrawn = stay._base_manager.annotate(
        ended=Coalesce("allocation__withdrawn_on", "allocated_on")
    ).filter(status="withdrawn", ended__lte=cutoff)
    return set(closed.values_list("pk", flat=True)) | set(withdrawn.values_list("pk", flat=True))


def due_persons(today: dt.date, stays_due: set[int]) -> set[int]:
    cutoff = today - dt.timedelta(days=days_after_closure())
    person = _model("referrals.Person")
    stay = _model("stays.Stay")
    # Anyone with a stay that has not ended long enough ago is kept.
    live_stays = stay._base_manager.exclude(pk__in=stays_due)
    keep = set(live_stays.exclude(person=None).values_list("person", flat=True))
    keep |= set(
        live_stays.exclude(allocation=None).values_list("allocation__assessment__person", flat=True)
    )
    keep |= set(
        _model("referrals.Assessment")
        ._base_manager.filter(status="open")
        .values_list("person", flat=True)
    )
    keep |= set(
        _model("referrals.Allocation")
        ._base_manager.filter(status="proposed")
        .values_list("assessment__person", flat=True)
    )
    candidates = person._base_manager.exclude(pk__in=keep)
    # The last time anything about the person changed.
    last: dict[int, dt.datetime] = {}
    sources: list[tuple[str, str]] = [
        (label, ownership.person_path(label) or "pk")
        for label in (
            "referrals.Person",
            "referrals.Assessment",
            "referrals.Consent",
            "referrals.ThreatAssessment",
            "referrals.Allocation",
            "referrals.Inquiry",
        )
    ]
    ids = list(candidates.values_list("pk", flat=True))
    for label, path in sources:
        rows = (
            _model(label)
            ._base_manager.filter(**{f"{path}__in": ids})
            .values(path)
            .annotate(last=Max("updated_at"))
            .values_list(path, "last")
        )
        for pk, at in rows:
            if pk is not None and (pk not in last or at > last[pk]):
                last[pk] = at
    return {pk for pk, at in last.items() if at.astimezone(dates.OSLO).date() <= cutoff}


def due_inquiries(today: dt.date) -> set[int]:
    cutoff = today - dt.timedelta(days=days_after_inquiry_outcome())
    inquiry = _model("referrals.Inquiry")
    return set(
        inquiry._base_manager.filter(
            outcome="no_place", closed_on__lte=cutoff, assessments=None
        ).values_list("pk", flat=True)
    )


# --- applying ------------------------------------------------------------------------


@dataclass
class RetentionResult:
    today: dt.date
    dry_run: bool
    anchors: Counter[str] = field(default_factory=Counter)  # anchors changed, per kind
    rows: Counter[str] = field(default_factory=Counter)  # rows changed, per model label

    def summary(self) -> str:
        plural = {"person": "persons", "stay": "stays", "inquiry": "inquiries"}
        parts = [f"{plural[kind]}={self.anchors[kind]}" for kind in ANCHORS]
        parts += [f"{label}={count}" for label, count in sorted(self.rows.items())]
        return " ".join(parts)


def _pending(
    rule: Rule, anchor_ids: set[int]
) -> dict[int, list[tuple[int, dict[str, Any], list[str]]]]:
    """Rows under the given anchors whose rule fields are not empty yet, by anchor id."""
    model = _model(rule.model)
    anchor_field = rule.path or "pk"
    names = list(rule.fields)
    queryset = model._base_manager.filter(**{f"{anchor_field}__in": list(anchor_ids)})
    if rule.shared:
        anchors = _model(ANCHOR_MODELS[rule.anchor])._base_manager.exclude(pk__in=list(anchor_ids))
        queryset = queryset.exclude(**{f"{anchor_field}__in": anchors})
    rows = queryset.values_list("pk", anchor_field, *names).order_by("pk").distinct()
    pending: dict[int, list[tuple[int, dict[str, Any], list[str]]]] = defaultdict(list)
    for pk, anchor_id, *values in rows:
        new: dict[str, Any] = {}
        for name, old in zip(names, values, strict=True):
            empty = rule.empty(name, old)
            if old != empty:
                new[name] = empty
        if new:
            pending[anchor_id].append((pk, new, [f"{rule.model}.{n}" for n in new]))
    return pending


def _attname(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.attname


def apply_retention(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionResult:
    """Anonymise everything that is due. Safe to run as often as you like."""
    today = today or dates.today()
    result = RetentionResult(today=today, dry_run=dry_run)
    stays = due_stays(today)
    due: dict[str, set[int]] = {
        "stay": stays,
        "person": due_persons(today, stays),
        "inquiry": due_inquiries(today),
    }
    for kind in ANCHORS:
        work: dict[int, list[tuple[Rule, int, dict[str, Any], list[str]]]] = defaultdict(list)
        for rule in active_rules():
            if rule.anchor != kind or not due[kind]:
                continue
            for anchor_id, rows in _pending(rule, due[kind]).items():
                work[anchor_id].extend((rule, pk, new, names) for pk, new, names in rows)
        for anchor_id in sorted(work):
            _apply_anchor(kind, anchor_id, work[anchor_id], result)
    if not dry_run:
        record(
            actor=None,
            action="retention.applied",
            object_type="retention.run",
            object_id=today.isoformat(),
            fields=[],
            purpose=f"apply_retention: {result.summary()}"[:500],
        )
    return result


def _apply_anchor(
    kind: str,
    anchor_id: int,
    rows: Iterable[tuple[Rule, int, dict[str, Any], list[str]]],
    result: RetentionResult,
) -> None:
    rows = list(rows)
    result.anchors[kind] += 1
    for rule, _pk, _new, _names in rows:
        result.rows[rule.model] += 1
    if result.dry_run:
        return
    anchor_label = ANCHOR_MODELS[kind]
    # Rows that get the same empty values are one UPDATE: a stay's hundred
    # contact entries cost one statement, not a hundred.
    batches: dict[tuple[str, str], tuple[dict[str, Any], list[int]]] = {}
    changed: list[str] = []
    for rule, pk, new, names in rows:
        model = _model(rule.model)
        values = {_attname(model, name): value for name, value in new.items()}
        batch = batches.setdefault((rule.model, repr(sorted(values.items()))), (values, []))
        batch[1].append(pk)
        changed.extend(n for n in names if n not in changed)
    with transaction.atomic():
        for (label, _key), (values, pks) in batches.items():
            _model(label)._base_manager.filter(pk__in=pks).update(**values)
        record(
            actor=None,
            action=ANONYMISED[kind],
            object_type=anchor_label,
            object_id=str(anchor_id),
            fields=changed,
            purpose="retention period after closure ended",
        )
