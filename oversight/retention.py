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
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

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
    "advisory": "retention.advisory.anonymised",
}


# --- which anchors are due --------------------------------------------------------
#
# An anchor the run has emptied carries ``anonymised_at``; the due queries
# ask only for anchors without it, so a night with nothing due costs the same
# three small queries however much emptied history there is. Anything saved
# under an emptied anchor afterwards clears the mark (``reopen_on_write``),
# so that anchor is judged by the rules again, as if it had never been
# emptied: a stay or inquiry past its period is emptied again the next night,
# a person waits until nothing about them has changed for the period.


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _cutoff(today: dt.date, days: int) -> dt.date:
    return today - dt.timedelta(days=days)


def _stays_with_end() -> models.QuerySet[Any]:
    """Stays with ``ended``: the day a withdrawn stay ended (withdrawal, else allocation)."""
    return (
        _model("stays.Stay")
        ._base_manager.annotate(ended=Coalesce("allocation__withdrawn_on", "allocated_on"))
        .order_by()
    )


def _ended_by(cutoff: dt.date) -> Q:
    """Stays closed, or withdrawn before arrival, on or before ``cutoff``."""
    return Q(status="closed", closed_on__lte=cutoff) | Q(status="withdrawn", ended__lte=cutoff)


def due_stays(today: dt.date) -> set[int]:
    cutoff = _cutoff(today, days_after_closure())
    due = _stays_with_end().filter(_ended_by(cutoff), anonymised_at=None)
    return set(due.values_list("pk", flat=True))


def due_persons(today: dt.date) -> set[int]:
    cutoff = _cutoff(today, days_after_closure())
    # The person row is one of the sources of "last changed" below, so a
    # person changed after the cutoff cannot be due: asked in SQL first.
    changed_before = dt.datetime.combine(
        cutoff + dt.timedelta(days=1), dt.time(), tzinfo=dates.OSLO
    )
    # Anyone with a stay that has not ended long enough ago is kept, and
    # anyone with an open assessment or a proposed allocation.
    live_stays = _stays_with_end().exclude(_ended_by(cutoff))
    candidates = (
        _model("referrals.Person")
        ._base_manager.filter(anonymised_at=None, updated_at__lt=changed_before)
        .exclude(Exists(live_stays.filter(person=OuterRef("pk"))))
        .exclude(Exists(live_stays.filter(allocation__assessment__person=OuterRef("pk"))))
        .exclude(
            Exists(
                _model("referrals.Assessment")._base_manager.filter(
                    status="open", person=OuterRef("pk")
                )
            )
        )
        .exclude(
            Exists(
                _model("referrals.Allocation")._base_manager.filter(
                    status="proposed", assessment__person=OuterRef("pk")
                )
            )
        )
    )
    ids = list(candidates.values_list("pk", flat=True))
    if not ids:
        return set()
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


def due_advisory(today: dt.date) -> set[int]:
    """Advisory contacts made at least the inquiry period ago (whether or not they became one)."""
    cutoff = _cutoff(today, days_after_inquiry_outcome())
    contact = _model("advisory.AdvisoryContact")
    return set(
        contact._base_manager.filter(contact_on__lte=cutoff, anonymised_at=None).values_list(
            "pk", flat=True
        )
    )


def due_inquiries(today: dt.date) -> set[int]:
    cutoff = _cutoff(today, days_after_inquiry_outcome())
    inquiry = _model("referrals.Inquiry")
    return set(
        inquiry._base_manager.filter(
            outcome="no_place", closed_on__lte=cutoff, assessments=None, anonymised_at=None
        ).values_list("pk", flat=True)
    )


def reopen_on_write(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """A row saved under an emptied anchor: clear the anchor's mark, so the rules judge it again.

    Connected to ``post_save`` of every model a rule names (OversightConfig.ready).
    Retention itself writes with ``QuerySet.update()``, which sends no signal.
    Loading fixtures (``raw``) is left alone.
    """
    if kwargs.get("raw"):
        return
    for rule in _rules_of(sender._meta.label):
        anchors = _model(ANCHOR_MODELS[rule.anchor])._base_manager.filter(
            anonymised_at__isnull=False
        )
        if not rule.path:
            anchors = anchors.filter(pk=instance.pk)
        elif "__" not in rule.path:
            anchor_id = getattr(instance, _attname(sender, rule.path))
            if anchor_id is None:
                continue
            anchors = anchors.filter(pk=anchor_id)
        else:
            anchors = anchors.filter(
                pk__in=sender._base_manager.filter(pk=instance.pk).values(rule.path)
            )
        anchors.update(anonymised_at=None)


def _rules_of(label: str) -> list[Rule]:
    """The rules naming ``label``, one per anchor."""
    seen: dict[str, Rule] = {}
    for rule in active_rules():
        if rule.model == label:
            seen.setdefault(rule.anchor, rule)
    return list(seen.values())


def rule_models() -> list[type[models.Model]]:
    return [_model(label) for label in dict.fromkeys(r.model for r in active_rules())]


# --- applying ------------------------------------------------------------------------


@dataclass
class RetentionResult:
    today: dt.date
    dry_run: bool
    anchors: Counter[str] = field(default_factory=Counter)  # anchors changed, per kind
    rows: Counter[str] = field(default_factory=Counter)  # rows changed, per model label

    def summary(self) -> str:
        plural = {
            "person": "persons",
            "stay": "stays",
            "inquiry": "inquiries",
            "advisory": "advisory_contacts",
        }
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
        # Kept: rows that also hang off an anchor neither due now nor emptied before.
        anchors = (
            _model(ANCHOR_MODELS[rule.anchor])
            ._base_manager.exclude(pk__in=list(anchor_ids))
            .filter(anonymised_at=None)
        )
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
    due: dict[str, set[int]] = {
        "stay": due_stays(today),
        "person": due_persons(today),
        "inquiry": due_inquiries(today),
        "advisory": due_advisory(today),
    }
    now = timezone.now()
    for kind in ANCHORS:
        if not due[kind]:
            continue
        work: dict[int, list[tuple[Rule, int, dict[str, Any], list[str]]]] = defaultdict(list)
        for rule in active_rules():
            if rule.anchor != kind:
                continue
            for anchor_id, rows in _pending(rule, due[kind]).items():
                work[anchor_id].extend((rule, pk, new, names) for pk, new, names in rows)
        for anchor_id in sorted(work):
            _apply_anchor(kind, anchor_id, work[anchor_id], result, now=now)
        # Due, but nothing left to empty (emptied before the mark existed, or
        # holding only empty values): marked too, so no night looks again.
        idle = due[kind] - set(work)
        if idle and not dry_run:
            with transaction.atomic():
                _model(ANCHOR_MODELS[kind])._base_manager.filter(pk__in=sorted(idle)).update(
                    anonymised_at=now
                )
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
    *,
    now: dt.datetime,
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
    marked = False
    for rule, pk, new, names in rows:
        model = _model(rule.model)
        values = {_attname(model, name): value for name, value in new.items()}
        if rule.model == anchor_label and pk == anchor_id:
            # The anchor's own row is marked emptied in the UPDATE that empties it.
            values["anonymised_at"] = now
            marked = True
        batch = batches.setdefault((rule.model, repr(sorted(values.items()))), (values, []))
        batch[1].append(pk)
        changed.extend(n for n in names if n not in changed)
    if not marked:
        batches[(anchor_label, "mark")] = ({"anonymised_at": now}, [anchor_id])
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
