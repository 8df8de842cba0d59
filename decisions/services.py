"""Writes for individual decisions and the individual plan: atomic, validated, audited.

Each service checks the rules with a Norwegian message per field (the views
attach them to the form's fields of the same name), then saves with
``full_clean`` (the database constraints back the same rules) and records
the write in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates
from decisions.models import Decision, IndividualPlan, Outcome, Right, Service
from decisions.rules import default_appeal_deadline
from stays.models import Stay

DECISION_FIELDS = (
    "service",
    "decided_on",
    "received_on",
    "outcome",
    "what",
    "period_from",
    "period_to",
    "appeal_deadline",
    "appealed_on",
)
PLAN_FIELDS = ("has_right", "has_plan", "plan_since", "coordinator")
# Stays whose records are finished: nothing new is written to them.
_ENDED = (Stay.Status.CLOSED, Stay.Status.WITHDRAWN)


def _open_stay(stay: Stay) -> None:
    if stay.status in _ENDED:
        raise ValidationError(
            _("Oppholdet er avsluttet. Vedtak og individuell plan kan ikke endres lenger.")
        )


def _future(errors: dict[str, Any], today: dt.date, **days: dt.date | None) -> None:
    for name, day in days.items():
        if day is not None and day > today and name not in errors:
            errors[name] = _("Datoen kan ikke være i fremtiden.")


@transaction.atomic
def decision_save(
    *,
    stay: Stay,
    by: Actor,
    decision: Decision | None = None,
    service: str,
    decided_on: dt.date,
    outcome: str,
    what: str,
    received_on: dt.date | None = None,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    appeal_deadline: dt.date | None = None,
    appealed_on: dt.date | None = None,
) -> Decision:
    """Add or change a decision; the appeal deadline defaults to three weeks after receipt.

    ``received_on`` defaults to the decision date; ``appeal_deadline`` to
    ``decisions.rules.default_appeal_deadline`` of it (forvaltningsloven § 29).
    """
    _open_stay(stay)
    if service not in Service.values or outcome not in Outcome.values:
        raise ValidationError(_("Ukjent tjeneste eller utfall."))
    received_on = received_on or decided_on
    errors: dict[str, Any] = {}
    if not what.strip():
        errors["what"] = _("Skriv kort hva som ble innvilget eller avslått.")
    if received_on < decided_on:
        errors["received_on"] = _("Vedtaket kan ikke være mottatt før vedtaksdatoen.")
    if period_to is not None and period_from is None:
        errors["period_from"] = _("Skriv når perioden starter, eller la begge datoene stå tomme.")
    elif period_to is not None and period_from is not None and period_to < period_from:
        errors["period_to"] = _(
            "Perioden kan ikke slutte før den starter. Rett til-datoen eller fra-datoen."
        )
    if appeal_deadline is None:
        appeal_deadline = default_appeal_deadline(received_on)
    elif appeal_deadline < decided_on:
        errors["appeal_deadline"] = _(
            "Klagefristen kan ikke være før vedtaksdatoen. "
            "La feltet stå tomt for å regne den ut (tre uker etter at vedtaket ble mottatt)."
        )
    if appealed_on is not None and appealed_on < decided_on:
        errors["appealed_on"] = _("Klagen kan ikke være sendt før vedtaksdatoen.")
    _future(
        errors,
        dates.today(),
        decided_on=decided_on,
        received_on=received_on,
        appealed_on=appealed_on,
    )
    if errors:
        raise ValidationError(errors)
    created = decision is None
    if decision is None:
        decision = Decision(stay=stay, is_synthetic=bool(getattr(stay, "is_synthetic", False)))
    decision.service, decision.outcome, decision.what = service, outcome, what
    decision.decided_on, decision.received_on = decided_on, received_on
    decision.period_from, decision.period_to = period_from, period_to
    decision.appeal_deadline, decision.appealed_on = appeal_deadline, appealed_on
    decision.recorded_by = by
    decision.full_clean()
    decision.save()
    record(
        actor=by,
        action="decisions.decision.created" if created else "decisions.decision.changed",
        obj=decision,
        fields=list(DECISION_FIELDS),
        purpose="vedtak",
    )
    return decision


@transaction.atomic
def plan_save(
    *,
    stay: Stay,
    by: Actor,
    has_right: str,
    has_plan: bool,
    plan_since: dt.date | None = None,
    coordinator: str = "",
) -> IndividualPlan:
    """Record whether the resident has a right to and has an individual plan, and its coordinator."""
    _open_stay(stay)
    if has_right not in Right.values:
        raise ValidationError(_("Ukjent svar om rett til individuell plan."))
    errors: dict[str, Any] = {}
    if has_plan and plan_since is None:
        errors["plan_since"] = _("Skriv når beboeren fikk individuell plan.")
    elif not has_plan and plan_since is not None:
        errors["plan_since"] = _(
            "Beboeren har ikke individuell plan. La datoen stå tom, eller svar ja over."
        )
    _future(errors, dates.today(), plan_since=plan_since)
    if errors:
        raise ValidationError(errors)
    plan = IndividualPlan.objects.filter(stay=stay).first()
    created = plan is None
    if plan is None:
        plan = IndividualPlan(stay=stay, is_synthetic=bool(getattr(stay, "is_synthetic", False)))
    values = {
        "has_right": has_right,
        "has_plan": has_plan,
        "plan_since": plan_since,
        "coordinator": coordinator.strip(),
    }
    changed = [name for name, value in values.items() if created or getattr(plan, name) != value]
    if not changed:
        return plan
    for name, value in values.items():
        setattr(plan, name, value)
    plan.updated_by = by
    plan.full_clean()
    plan.save()
    record(
        actor=by,
        action="decisions.plan.created" if created else "decisions.plan.changed",
        obj=stay,
        object_type="stays.Stay",
        fields=[f"individual_plan.{name}" for name in changed],
        purpose="individuell plan",
    )
    return plan
