"""Audit coverage measured from the reader's side (SECURITY.md 21 and 33).

The marker scan sees which marked values a response shows; this module asks
whether the audit log knows. A *sighting* (a marked field of one row, seen
by one user in one response) is **covered** when the same request wrote an
audit row by that user that names the row and the field:

* directly: ``object_type`` is the marked row's model (a proxy counts as its
  concrete model: a row on ``followup.FollowedStay:7`` is about
  ``stays.Stay:7``), ``object_id`` its pk and the field name in ``fields``;
* through a dotted field name: a row on ``stays.Stay:7`` with
  ``person.name`` covers ``referrals.Person.name`` of stay 7's person, and a
  row on ``followup.ActionPlan:3`` with ``goals.actions.text`` covers the
  text of every action under plan 3's goals. Each hop is resolved through
  the ORM (a forward relation by its field name, a reverse one by its
  accessor), so a name that leads nowhere covers nothing.

Requests are bracketed with ``head_seq()`` before and ``rows_since()`` after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import Model

from audit.models import AuditEntry


def head_seq() -> int:
    """The newest audit row's seq (0 for an empty log): take it before a request."""
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def rows_since(seq: int, actor: Any) -> list[AuditEntry]:
    """The rows ``actor`` wrote after ``seq`` (None: nobody's, for anonymous requests)."""
    if actor is None:
        return []
    return list(AuditEntry.objects.filter(seq__gt=seq, actor_id=actor.pk).order_by("seq"))


def concrete_label(label: str) -> str | None:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return str(model._meta.concrete_model._meta.label)


@dataclass(frozen=True)
class Path:
    """Where a dotted field name leads: (model, lookup from the row's model, field)."""

    target: str  # concrete label of the model holding the field
    lookup: str  # "" for the row itself, else e.g. "goals__actions"
    field: str


def _hop(model: type[Model], name: str) -> tuple[str, type[Model]] | None:
    """(query name, related model) of the relation called ``name`` on ``model``."""
    for field in model._meta.get_fields():
        related: Any = field.related_model
        if not field.is_relation or related is None or isinstance(related, str):
            continue
        if field.auto_created and not field.concrete:  # a reverse relation
            if field.get_accessor_name() == name:  # type: ignore[union-attr]
                return field.name, related
        elif field.name == name:
            return field.name, related
    return None


@cache
def resolve(object_type: str, dotted: str) -> Path | None:
    """Where ``dotted`` leads from a row of ``object_type``; None when it leads nowhere."""
    try:
        model: type[Model] = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    *hops, field = dotted.split(".")
    lookups = []
    for name in hops:
        found = _hop(model, name)
        if found is None:
            return None
        lookups.append(found[0])
        model = found[1]
    target = concrete_label(model._meta.label)
    return None if target is None else Path(target, "__".join(lookups), field)


def covers(entry: AuditEntry, label: str, field: str, pk: Any) -> bool:
    """Does this audit row name field ``field`` of row ``label``:``pk``?"""
    if not entry.object_type or not entry.object_id:
        return False
    for name in entry.fields or []:
        path = resolve(entry.object_type, name)
        if path is None or path.target != label or path.field != field:
            continue
        if not path.lookup:
            if entry.object_id == str(pk):
                return True
            continue
        model = apps.get_model(entry.object_type)
        if (
            model._default_manager.filter(pk=entry.object_id)
            .filter(**{f"{path.lookup}__pk": pk})
            .exists()
        ):
            return True
    return False


def covering(rows: Iterable[AuditEntry], label: str, field: str, pk: Any) -> list[AuditEntry]:
    """The rows among ``rows`` that cover the sighting."""
    return [row for row in rows if covers(row, label, field, pk)]
