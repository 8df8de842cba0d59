"""Security (sikkerhet): the security conversation and crisis plan, security measures, the threat picture.

Atomic, validated and audited like every follow-up write (``followup.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from followup.models import (
    ChecklistItem,
    ConversationItem,
    CrisisScenario,
    SecurityConversation,
    SecurityMeasure,
    ThreatChange,
)
from followup.services.base import _not_in_future, _synthetic
from stays.models import Stay

# --- security conversation and crisis plan ------------------------------------------


@transaction.atomic
def conversation_save(
    *,
    stay: Stay,
    by: Actor,
    held_on: dt.date,
    police_participants: str,
    staff_participants: str,
    items: Mapping[str, tuple[bool, str]],
    scenarios: Iterable[tuple[str, str]] = (),
) -> SecurityConversation:
    """Record (or correct) the security conversation, every checklist item and the crisis plan.

    ``items`` maps each ``ChecklistItem`` to (covered, note); all items are
    required so a skipped point is a recorded «no», never a silent gap.
    ``scenarios`` replaces the crisis plan (empty = no crisis plan).
    """
    errors: dict[str, Any] = _not_in_future(
        held_on, "held_on", _("Samtalen kan ikke være i fremtiden.")
    )
    if stay.moved_in_on is None or held_on < stay.moved_in_on:
        errors["held_on"] = _("Samtalen kan ikke være før innflytting.")
    missing = [item for item in ChecklistItem.values if item not in items]
    if missing:
        errors[f"item_{missing[0]}"] = _("Svar ja eller nei for hvert punkt.")
    if errors:
        raise ValidationError(errors)
    conversation = SecurityConversation.objects.filter(stay=stay).first()
    created = conversation is None
    if conversation is None:
        conversation = SecurityConversation(
            stay=stay, recorded_by=by, is_synthetic=_synthetic(stay)
        )
    conversation.held_on = held_on
    conversation.police_participants = police_participants
    conversation.staff_participants = staff_participants
    conversation.recorded_by = by
    conversation.full_clean()
    conversation.save()
    for item in ChecklistItem.values:
        covered, note = items[item]
        ConversationItem.objects.update_or_create(
            conversation=conversation,
            item=item,
            defaults={"covered": covered, "note": note, "is_synthetic": conversation.is_synthetic},
        )
    CrisisScenario.objects.filter(stay=stay).delete()
    for position, (scenario, response) in enumerate(scenarios):
        row = CrisisScenario(
            stay=stay,
            position=position,
            scenario=scenario,
            response=response,
            is_synthetic=conversation.is_synthetic,
        )
        row.full_clean()
        row.save()
    record(
        actor=by,
        action="followup.conversation.created" if created else "followup.conversation.changed",
        obj=conversation,
        fields=["held_on", "police_participants", "staff_participants", "items", "crisis_plan"],
        purpose="sikkerhetssamtale",
    )
    return conversation


# --- security measures and threat picture --------------------------------------------


MEASURE_FIELDS = ("kind", "chosen", "reason", "applied_on", "granted_on", "ended_on")


@transaction.atomic
def measure_save(
    *,
    stay: Stay,
    by: Actor,
    measure: SecurityMeasure | None = None,
    kind: str,
    chosen: bool,
    reason: str,
    applied_on: dt.date | None = None,
    granted_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> SecurityMeasure:
    """Add or change a security measure; the reason is required whether chosen or not."""
    errors: dict[str, Any] = {}
    if not reason.strip():
        errors["reason"] = _("Skriv hvorfor tiltaket er valgt eller ikke valgt.")
    if not chosen and (applied_on or granted_on or ended_on):
        errors["chosen"] = _("Et tiltak som ikke er valgt, kan ikke ha datoer.")
    if granted_on and not applied_on:
        errors["applied_on"] = _("Skriv når det ble søkt.")
    elif granted_on and applied_on and granted_on < applied_on:
        errors["granted_on"] = _("Innvilget kan ikke være før søkt.")
    # An application still pending can end too (withdrawn, or not needed after
    # moving out): ending needs only that it was applied for, not granted.
    started = granted_on or applied_on
    if ended_on and not started:
        errors["applied_on"] = _("Skriv når det ble søkt.")
    elif ended_on and started and ended_on < started:
        errors["ended_on"] = _("Avsluttet kan ikke være før søkt eller innvilget.")
    for name in ("applied_on", "granted_on", "ended_on"):
        if name not in errors:
            errors.update(
                _not_in_future(
                    {"applied_on": applied_on, "granted_on": granted_on, "ended_on": ended_on}[
                        name
                    ],
                    name,
                    _("Datoen kan ikke være i fremtiden."),
                )
            )
    duplicate = SecurityMeasure.objects.filter(stay=stay, kind=kind)
    if measure is not None:
        duplicate = duplicate.exclude(pk=measure.pk)
    if kind != SecurityMeasure.Kind.OTHER and duplicate.exists():
        errors["kind"] = _("Dette tiltaket er allerede registrert. Endre det i stedet.")
    if errors:
        raise ValidationError(errors)
    created = measure is None
    if measure is None:
        measure = SecurityMeasure(stay=stay, is_synthetic=_synthetic(stay))
    measure.kind = kind
    measure.chosen = chosen
    measure.reason = reason
    measure.applied_on, measure.granted_on, measure.ended_on = applied_on, granted_on, ended_on
    measure.recorded_by = by
    measure.full_clean()
    measure.save()
    record(
        actor=by,
        action="followup.measure.created" if created else "followup.measure.changed",
        obj=measure,
        fields=list(MEASURE_FIELDS),
        purpose="sikkerhetstiltak",
    )
    return measure


@transaction.atomic
def threat_change_create(
    *, stay: Stay, by: Actor, recorded_on: dt.date, risk_level: str, detail: str
) -> ThreatChange:
    """A dated change in the threat picture (police roles; the view checks the permission)."""
    errors: dict[str, Any] = _not_in_future(
        recorded_on, "recorded_on", _("Datoen kan ikke være i fremtiden.")
    )
    if not detail.strip():
        errors["detail"] = _("Beskriv hva som har endret seg.")
    if errors:
        raise ValidationError(errors)
    change = ThreatChange(
        stay=stay,
        recorded_on=recorded_on,
        risk_level=risk_level,
        detail=detail,
        recorded_by=by,
        is_synthetic=_synthetic(stay),
    )
    change.full_clean()
    change.save()
    record(
        actor=by,
        action="followup.threat_change.created",
        obj=change,
        fields=["recorded_on", "risk_level", "detail"],
        purpose="endring i trusselbildet",
    )
    return change
