"""Retention: anonymise personal data a set time after a case ended (SECURITY.md 26).

Run nightly: ``python manage.py apply_retention [--dry-run]`` (docs/operations.md).

What "ended" means, per anchor:

* **stay**: closed (``closed_on``) or withdrawn before arrival (the
  allocation's ``withdrawn_on``, else ``allocated_on``) at least
  ``RETENTION_DAYS_AFTER_CLOSURE`` days ago;
* **person**: every stay of the person has ended as above, no assessment is
  still open, no allocation is still proposed, and nothing about the person
  (person, assessments, allocations, consents, threat assessments, their
  inquiries) has changed for ``RETENTION_DAYS_AFTER_CLOSURE`` days;
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
and not counted. Audited: one ``retention.<anchor>.anonymised`` entry per
anchor changed (field names only) and one ``retention.applied`` entry per
run with the counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce

from audit.services import record
from core import dates, ownership

DEFAULT_DAYS_AFTER_CLOSURE = 1826  # five years
DEFAULT_DAYS_AFTER_INQUIRY_OUTCOME = 730  # two years

ANCHORS = ("person", "stay", "inquiry")
ANCHOR_MODELS = {"person": "referrals.Person", "stay": "stays.Stay", "inquiry": "referrals.Inquiry"}
# The audit action per anchor (audit/actions.py registers each).
ANONYMISED = {
    "person": "retention.person.anonymised",
    "stay": "retention.stay.anonymised",
    "inquiry": "retention.inquiry.anonymised",
}


def _first_of_year(value: dt.date | None) -> dt.date | None:
    return None if value is None else dt.date(value.year, 1, 1)


@dataclass(frozen=True)
class Rule:
    """Which fields of ``model`` to empty when the anchor object at ``path`` is due.

    ``path`` is the ORM path from the model to the anchor's primary key
    ("" when the model *is* the anchor). ``fields`` maps a field name to its
    empty value, or to a function of the old value.
    """

    model: str
    anchor: str
    path: str
    fields: dict[str, Any]
    # A row reached through a to-many path (an inquiry about two people) is
    # only emptied when every anchor it hangs off is due.
    shared: bool = False

    def empty(self, name: str, old: Any) -> Any:
        value = self.fields[name]
        return value(old) if callable(value) else value


def _rule(model: str, anchor: str, fields: dict[str, Any], *, shared: bool = False) -> Rule:
    """A rule whose path to its person or stay comes from the ownership registry."""
    path = ownership.person_path(model) if anchor == "person" else ownership.stay_path(model)
    return Rule(model, anchor, path, fields, shared=shared)


def _blank(*names: str) -> dict[str, Any]:
    return dict.fromkeys(names, "")


RULES: list[Rule] = [
    # --- the person and the intake ------------------------------------------------
    _rule(
        "referrals.Person",
        "person",
        {
            "name": "",
            "identity_number": None,
            "identity_number_index": None,
            "phone": "",
            "birth_date": _first_of_year,
        },
    ),
    _rule(
        "referrals.Assessment",
        "person",
        _blank(
            "age_note",
            "need_note",
            "benefit_note",
            "threat_note",
            "residence_note",
            "needs_note",
            "wishes",
        ),
    ),
    _rule("referrals.Consent", "person", _blank("withdrawal_reason")),
    _rule(
        "referrals.ThreatAssessment",
        "person",
        _blank("details", "measures_note"),
    ),
    _rule(
        "referrals.Allocation",
        "person",
        _blank("arrival_notes", "urgent_reason", "decline_reason", "withdrawal_reason"),
    ),
    _rule(
        "referrals.Inquiry",
        "person",
        _blank("reason", "guidance"),
        shared=True,
    ),
    Rule("referrals.Inquiry", "inquiry", "", _blank("reason", "guidance")),
    # The stay keeps its statistical snapshot but no longer points at the person.
    _rule("stays.Stay", "person", {"person": None}),
    # How the person's identity was checked for an art. 15 report.
    _rule("access.AccessReport", "person", _blank("identity_note", "names_reason")),
    # --- the stay ------------------------------------------------------------------
    # The reference is what the alarm central and the police hold for the
    # person: cleared, so it cannot link the statistical snapshot back to them.
    _rule(
        "stays.Stay",
        "stay",
        _blank("extension_reason", "housing_plan", "aftercare_reason", "reference"),
    ),
    _rule("stays.PlannedMoveOutChange", "stay", _blank("reason")),
    _rule("stays.HouseholdMember", "stay", _blank("first_name")),
    _rule("stays.ArrivalTimetableItem", "stay", _blank("title", "attendees", "description")),
    _rule("stays.TransferItem", "stay", _blank("note")),
    # Break-the-glass reasons and reviews may describe the resident's emergency.
    _rule("access.BreakGlassAccess", "stay", _blank("reason", "review_note")),
    _rule(
        "stays.GoalIndicatorAssessment",
        "stay",
        _blank(
            "safe_dwelling_note",
            "needs_mapped_note",
            "adapted_followup_note",
            "safe_housing_note",
            "services_contact_note",
            "day_activity_note",
            "social_network_note",
        ),
    ),
    # --- follow-up -----------------------------------------------------------------
    _rule(
        "followup.SecurityConversation",
        "stay",
        _blank("police_participants", "staff_participants"),
    ),
    _rule("followup.ConversationItem", "stay", _blank("note")),
    _rule("followup.CrisisScenario", "stay", _blank("scenario", "response")),
    _rule("followup.SecurityMeasure", "stay", _blank("reason")),
    _rule("followup.ThreatChange", "stay", _blank("detail")),
    _rule("followup.ActionPlan", "stay", _blank("own_words")),
    _rule("followup.PlanGoal", "stay", _blank("text")),
    _rule("followup.PlanAction", "stay", _blank("text", "responsible")),
    _rule("followup.PlanEvaluation", "stay", _blank("summary")),
    _rule("followup.FollowupArea", "stay", _blank("notes")),
    _rule("followup.Contact", "stay", _blank("note")),
    # --- reporting -----------------------------------------------------------------
    _rule("reporting.MilestoneReport", "stay", _blank("housing_plan", "status_text")),
]

# Encrypted or free-text fields that retention leaves alone, and why.
EXEMPT: dict[str, str] = {
    # The dwelling and its security clearance describe a property, not a
    # person; they live as long as the dwelling is in use.
    "housing.Dwelling.address": "the dwelling's address, not a person's; kept while in use",
    "housing.Dwelling.label": "the dwelling's code",
    "housing.Dwelling.out_of_use_note": "about the dwelling; must not name residents",
    "housing.Dwelling.relocation_note": "about the dwelling; must not name residents",
    "housing.ClearanceRecommendation.text": "police advice about the dwelling",
    **{
        f"housing.SecurityClearance.{name}_note": "police clearance of the dwelling"
        for name in (
            "area",
            "plot",
            "transport_route",
            "neighbouring_areas",
            "police_distance",
            "perpetrator_escape",
            "doors_windows",
            "insight",
            "garage_lift",
            "escape_routes",
            "alarm_cctv",
            "perimeter",
        )
    },
    "housing.Offer.name": "the offer's name",
    "housing.Offer.description": "the offer's own description, about no resident",
    "housing.Place.label": "the place's code",
    "housing.PlaceBooking.reference": "an opaque reference to the allocation",
    "housing.PartnerService.name": "a service in the offer's register, not the resident",
    "housing.PartnerContact.name": "a professional contact in the offer's register",
    "housing.PartnerContact.role": "a professional contact in the offer's register",
    "housing.PartnerContact.phone": "a professional contact's work phone",
    "housing.PartnerContact.email": "a professional contact's work e-mail",
    "stays.Stay.import_reference": "the historical spreadsheet's row reference, no identifier",
    "stays.ArrivalTemplateItem.title": "the offer's template; staff are told never to name residents",
    "stays.ArrivalTemplateItem.attendees": "the offer's template (roles, not residents)",
    "stays.ArrivalTemplateItem.description": "the offer's template; help text forbids names",
    "reporting.ReminderLog.counts_hash": "a checksum of counts",
    # An approval is about a dwelling, an offer's list or a role grant, not one
    # case, so no anchor reaches it; the form tells staff not to name residents.
    "access.ApprovalRequest.reason": "about a dwelling, an export or a role; no resident named",
    "access.ApprovalRequest.decision_note": "about the request; no resident named",
}

# Apps whose plain free-text columns must also be declared (choices and
# slugs excepted): these hold case content.
CASE_APPS = ("housing", "referrals", "stays", "followup", "reporting")


# Anonymising cannot be undone: a mistyped period (0, 5 instead of 1826)
# must stop the command rather than empty last week's cases.
MINIMUM_DAYS = 365


def _days(name: str, default: int) -> int:
    days = int(getattr(settings, name, default))
    if days < MINIMUM_DAYS:
        raise ImproperlyConfigured(f"{name} must be at least {MINIMUM_DAYS} days, got {days}")
    return days


def days_after_closure() -> int:
    return _days("RETENTION_DAYS_AFTER_CLOSURE", DEFAULT_DAYS_AFTER_CLOSURE)


def days_after_inquiry_outcome() -> int:
    return _days("RETENTION_DAYS_AFTER_INQUIRY_OUTCOME", DEFAULT_DAYS_AFTER_INQUIRY_OUTCOME)


def active_rules() -> list[Rule]:
    """The rules whose app is installed."""
    return [r for r in RULES if apps.is_installed(r.model.split(".")[0])]


def covered_fields() -> set[str]:
    return {f"{r.model}.{name}" for r in RULES for name in r.fields}


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
    with transaction.atomic():
        changed: list[str] = []
        for rule, pk, new, names in rows:
            model = _model(rule.model)
            values = {_attname(model, name): value for name, value in new.items()}
            model._base_manager.filter(pk=pk).update(**values)
            changed.extend(n for n in names if n not in changed)
        record(
            actor=None,
            action=ANONYMISED[kind],
            object_type=anchor_label,
            object_id=str(anchor_id),
            fields=changed,
            purpose="retention period after closure ended",
        )
