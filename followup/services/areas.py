"""The ten follow-up areas (oppfølgingsområdene): status and notes per area.

Atomic, validated and audited like every follow-up write (``followup.services``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from followup import selectors
from followup.models import (
    Area,
    AreaStatus,
    FollowupArea,
)
from followup.services.base import _synthetic
from stays.models import Stay


@transaction.atomic
def areas_save(
    *, stay: Stay, by: Actor, values: Mapping[tuple[str, int], tuple[str, str]]
) -> list[FollowupArea]:
    """Save status and notes of the areas given, keyed by (area, child pk or 0).

    A child who lives there must have a plan: «ikke aktuelt» is refused for it.
    """
    children = {child.pk for child in selectors.accompanying_children(stay)}
    errors: dict[str, Any] = {}
    for (area, number), (status, _notes) in values.items():
        if area not in Area.values or status not in AreaStatus.values:
            raise ValidationError(_("Ukjent område eller status."))
        if area == Area.CHILD_PLAN:
            if number not in children:
                raise ValidationError(_("Ukjent barn."))
            if status == AreaStatus.NOT_RELEVANT:
                errors[f"status_{area}_{number}"] = _(
                    "Barnet bor i botilbudet og skal ha en egen oppfølgingsplan. Velg en annen status."
                )
        elif number != 0:
            raise ValidationError(_("Ukjent område."))
    if errors:
        raise ValidationError(errors)
    saved: list[FollowupArea] = []
    changed: list[str] = []
    for (area, number), (status, notes) in values.items():
        child_id = number or None
        row = FollowupArea.objects.filter(stay=stay, area=area, child_id=child_id).first()
        if row is not None and row.status == status and row.notes == notes:
            saved.append(row)
            continue
        if row is None:
            row = FollowupArea(
                stay=stay, area=area, child_id=child_id, is_synthetic=_synthetic(stay)
            )
        row.status, row.notes, row.updated_by = status, notes, by
        row.full_clean()
        row.save()
        saved.append(row)
        changed.append(f"{area}_{number}" if area == Area.CHILD_PLAN else area)
    if changed:
        record(
            actor=by,
            action="followup.areas.changed",
            obj=stay,
            object_type="stays.Stay",
            fields=changed,
            purpose="oppfølgingsområder",
        )
    return saved
