"""Writes for the follow-up during the stay.

Every function is atomic, checks the domain rules, validates with
``full_clean()`` and writes its audit row in the same transaction (field
names only, never the encrypted text). Callers have already fetched the stay
through the policy (``selectors.stay_get``); these functions check the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from core import dates
from followup import selectors
from followup.models import (
    MAX_MINUTES,
    ActionPlan,
    Area,
    AreaStatus,
    ChecklistItem,
    Contact,
    ContactTheme,
    ConversationItem,
    CrisisScenario,
    FollowupArea,
    PlanAction,
    PlanEvaluation,
    PlanGoal,
    Progress,
    SecurityConversation,
    SecurityMeasure,
    Theme,
    ThreatChange,
)
from stays.models import Stay


def _not_in_future(day: dt.date | None, field: str, message: str) -> dict[str, str]:
    if day is not None and day > dates.today():
        return {field: message}
    return {}


def _synthetic(stay: Stay) -> bool:
    return bool(getattr(stay, "is_synthetic", False))


# --- security conversation and crisis plan ------------------------------------------


@transaction.atomic
def conversation_save(
    *,
    stay: Stay,
    by: Any,
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
    by: Any,
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
    if ended_on and not granted_on:
        errors["granted_on"] = _("Skriv når tiltaket ble innvilget.")
    elif ended_on and granted_on and ended_on < granted_on:
        errors["ended_on"] = _("Avsluttet kan ikke være før innvilget.")
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
    *, stay: Stay, by: Any, recorded_on: dt.date, risk_level: str, detail: str
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


# --- action plan ---------------------------------------------------------------------


@transaction.atomic
def plan_save(*, stay: Stay, by: Any, made_on: dt.date, own_words: str) -> ActionPlan:
    """Create or change the action plan's date and the resident's own words."""
    errors: dict[str, Any] = _not_in_future(
        made_on, "made_on", _("Planen kan ikke være laget i fremtiden.")
    )
    plan = ActionPlan.objects.filter(stay=stay).first()
    if plan is not None and "made_on" not in errors:
        first = plan.evaluations.order_by("evaluated_on").first()
        if first is not None and first.evaluated_on < made_on:
            errors["made_on"] = _("Planen kan ikke være laget etter den første evalueringen.")
    if errors:
        raise ValidationError(errors)
    created = plan is None
    if plan is None:
        plan = ActionPlan(stay=stay, is_synthetic=_synthetic(stay))
    plan.made_on = made_on
    plan.own_words = own_words
    plan.recorded_by = by
    plan.full_clean()
    plan.save()
    record(
        actor=by,
        action="followup.plan.created" if created else "followup.plan.changed",
        obj=plan,
        fields=["made_on", "own_words"],
        purpose="handlingsplan",
    )
    return plan


@transaction.atomic
def goal_create(
    *, plan: ActionPlan, by: Any, text: str, parent: PlanGoal | None = None
) -> PlanGoal:
    """A goal, or a sub-goal under ``parent`` (which must be a top-level goal of the same plan)."""
    if not text.strip():
        raise ValidationError({"text": _("Skriv målet.")})
    if parent is not None and (parent.plan_id != plan.pk or parent.parent_id is not None):
        raise ValidationError({"parent": _("Velg et hovedmål i denne planen.")})
    goal = PlanGoal(plan=plan, parent=parent, text=text, is_synthetic=plan.is_synthetic)
    goal.full_clean()
    goal.save()
    record(
        actor=by,
        action="followup.goal.created",
        obj=goal,
        fields=["text", "parent"],
        purpose="handlingsplan",
    )
    return goal


@transaction.atomic
def action_create(*, goal: PlanGoal, by: Any, text: str, responsible: str) -> PlanAction:
    errors: dict[str, Any] = {}
    if not text.strip():
        errors["text"] = _("Skriv tiltaket.")
    if not responsible.strip():
        errors["responsible"] = _("Skriv hvem som har ansvaret.")
    if errors:
        raise ValidationError(errors)
    action = PlanAction(
        goal=goal, text=text, responsible=responsible, is_synthetic=goal.is_synthetic
    )
    action.full_clean()
    action.save()
    record(
        actor=by,
        action="followup.plan_action.created",
        obj=action,
        fields=["text", "responsible"],
        purpose="handlingsplan",
    )
    return action


@transaction.atomic
def progress_set(*, item: PlanGoal | PlanAction, by: Any, status: str) -> PlanGoal | PlanAction:
    """Change the status of a goal, sub-goal or measure of the plan."""
    if status not in Progress.values:
        raise ValidationError({"status": _("Velg en status.")})
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    record(
        actor=by,
        action="followup.goal.status_changed"
        if isinstance(item, PlanGoal)
        else "followup.plan_action.status_changed",
        obj=item,
        fields=["status"],
        purpose="handlingsplan",
    )
    return item


@transaction.atomic
def evaluation_create(
    *, plan: ActionPlan, by: Any, evaluated_on: dt.date, summary: str
) -> PlanEvaluation:
    """Record an evaluation of the plan (due every 3 months)."""
    errors: dict[str, Any] = _not_in_future(
        evaluated_on, "evaluated_on", _("Evalueringen kan ikke være i fremtiden.")
    )
    if evaluated_on < plan.made_on:
        errors["evaluated_on"] = _("Evalueringen kan ikke være før planen ble laget.")
    if not summary.strip():
        errors["summary"] = _("Skriv en kort oppsummering.")
    if errors:
        raise ValidationError(errors)
    evaluation = PlanEvaluation(
        plan=plan,
        evaluated_on=evaluated_on,
        summary=summary,
        recorded_by=by,
        is_synthetic=plan.is_synthetic,
    )
    evaluation.full_clean()
    evaluation.save()
    record(
        actor=by,
        action="followup.evaluation.created",
        obj=evaluation,
        fields=["evaluated_on", "summary"],
        purpose="evaluering av handlingsplan",
    )
    return evaluation


# --- follow-up areas -------------------------------------------------------------------


@transaction.atomic
def areas_save(
    *, stay: Stay, by: Any, values: Mapping[tuple[str, int], tuple[str, str]]
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


# --- contact log ------------------------------------------------------------------------


@transaction.atomic
def contact_create(
    *,
    stay: Stay,
    by: Any,
    contact_on: dt.date,
    minutes: int,
    form: str,
    with_whom: str,
    themes: Iterable[str] = (),
    partner: Any = None,
    heavy_strain: bool = False,
    goal: PlanGoal | None = None,
    note: str = "",
) -> Contact:
    """Register one follow-up contact. After move-out it counts as aftercare."""
    errors: dict[str, Any] = {}
    if stay.moved_in_on is None or contact_on < stay.moved_in_on:
        errors["contact_on"] = _("Kontakten kan ikke være før innflytting.")
    elif contact_on > dates.today():
        errors["contact_on"] = _("Kontakten kan ikke være i fremtiden.")
    if minutes is None or not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Skriv antall minutter mellom 1 og 1440 (ett døgn).")
    if with_whom == Contact.With.PARTNER_SERVICE:
        if partner is None:
            errors["partner"] = _("Velg hvilken samarbeidspartner.")
        elif partner.offer_id != stay.offer_id:
            errors["partner"] = _("Velg en samarbeidspartner for dette botilbudet.")
    elif partner is not None:
        errors["partner"] = _(
            "Samarbeidspartner velges bare når kontakten var med en samarbeidspartner."
        )
    if goal is not None and goal.plan.stay_id != stay.pk:
        errors["goal"] = _("Velg et mål i beboerens handlingsplan.")
    themes = list(dict.fromkeys(themes))
    if any(theme not in Theme.values for theme in themes):
        errors["themes"] = _("Ukjent tema.")
    if errors:
        raise ValidationError(errors)
    contact = Contact(
        stay=stay,
        contact_on=contact_on,
        minutes=minutes,
        form=form,
        with_whom=with_whom,
        partner=partner,
        heavy_strain=heavy_strain,
        goal=goal,
        is_aftercare=stay.moved_out_on is not None and contact_on > stay.moved_out_on,
        note=note,
        recorded_by=by,
        is_synthetic=_synthetic(stay),
    )
    contact.full_clean()
    contact.save()
    ContactTheme.objects.bulk_create(
        ContactTheme(contact=contact, theme=theme, is_synthetic=contact.is_synthetic)
        for theme in themes
    )
    record(
        actor=by,
        action="followup.contact.created",
        obj=contact,
        fields=[
            "contact_on",
            "minutes",
            "form",
            "with_whom",
            "partner",
            "themes",
            "heavy_strain",
            "goal",
            "is_aftercare",
            "note",
        ],
        purpose="kontaktlogg",
    )
    return contact
