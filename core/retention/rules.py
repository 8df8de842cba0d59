"""The retention rules: which fields are emptied, for which anchor, after how long.

Declared as data so ``core/tests/test_retention.py`` can check that every
encrypted field and every free-text column of the case apps is named by a
rule or exempted with a reason. ``oversight.retention`` applies them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core import ownership

DEFAULT_DAYS_AFTER_CLOSURE = 1826  # five years


DEFAULT_DAYS_AFTER_INQUIRY_OUTCOME = 730  # two years


ANCHORS = ("person", "stay", "inquiry", "advisory")


ANCHOR_MODELS = {
    "person": "referrals.Person",
    "stay": "stays.Stay",
    "inquiry": "referrals.Inquiry",
    # An advisory contact is its own anchor: most never become a case.
    "advisory": "advisory.AdvisoryContact",
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
            "interpreter_language",
            "wishes",
        ),
    ),
    # Earlier values of a corrected assessment, and why it was corrected.
    _rule("referrals.AssessmentCorrection", "person", {"content": {}}),
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
    # Earlier values of a corrected inquiry (its reason and guidance among
    # them), and why it was corrected: emptied with the inquiry.
    _rule("referrals.InquiryCorrection", "person", {"content": {}}, shared=True),
    Rule("referrals.InquiryCorrection", "inquiry", "inquiry", {"content": {}}),
    # The stay keeps its statistical snapshot but no longer points at the person.
    _rule("stays.Stay", "person", {"person": None}),
    # How the person's identity was checked for an art. 15 report.
    _rule("access.AccessReport", "person", _blank("identity_note", "names_reason")),
    # --- advice and guidance -----------------------------------------------------------
    # The name (given with consent) and the note are about a person: emptied
    # like an inquiry that led to no place (RETENTION_DAYS_AFTER_INQUIRY_OUTCOME
    # after the contact). Who asked, topics and actions stay for the statistics.
    Rule("advisory.AdvisoryContact", "advisory", "", {"name": None, "note": ""}),
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
    # A corrected contact's earlier values and note, and why it was corrected.
    _rule("followup.ContactCorrection", "stay", {"content": {}, "previous_note": ""}),
    # --- decisions -----------------------------------------------------------------
    # What was granted or refused, and the plan coordinator's name; the service,
    # outcome and dates stay for the statistics.
    _rule("decisions.Decision", "stay", _blank("what")),
    _rule("decisions.IndividualPlan", "stay", _blank("coordinator")),
    # --- documents of a case ----------------------------------------------------------
    # The file itself goes (NULL), with its title and description; the row
    # keeps its kind, type, size and date for the counts.
    _rule("documents.StayDocument", "stay", {"title": "", "description": "", "content": None}),
    _rule("documents.PersonDocument", "person", {"title": "", "description": "", "content": None}),
    # --- meetings ------------------------------------------------------------------
    _rule("meetings.Meeting", "stay", _blank("agenda", "minutes", "decisions")),
    _rule("meetings.MeetingTask", "stay", _blank("description")),
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
    # An offer's routine is its working document, about no one (never a resident).
    "routines.RoutineVersion.file": "the offer's routine document; must not name residents",
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
    "housing.PartnerService.organisation_number": "a public register number of an organisation",
    "housing.PartnerContact.name": "a professional contact in the offer's register",
    "housing.PartnerContact.role": "a professional contact in the offer's register",
    "housing.PartnerContact.phone": "a professional contact's work phone",
    "housing.PartnerContact.email": "a professional contact's work e-mail",
    "stays.Stay.import_reference": "the historical spreadsheet's row reference, no identifier",
    "stays.ArrivalTemplateItem.title": "the offer's template; staff are told never to name residents",
    "stays.ArrivalTemplateItem.attendees": "the offer's template (roles, not residents)",
    "stays.ArrivalTemplateItem.description": "the offer's template; help text forbids names",
    "reporting.ReminderLog.counts_hash": "a checksum of counts",
    "documents.StayDocument.content_type": "the file's sniffed kind (application/pdf), not its content",
    "documents.PersonDocument.content_type": "the file's sniffed kind (application/pdf), not its content",
    "advisory.Course.place": "where a course was held (municipality or region); about no person",
    # An approval is about a dwelling, an offer's list or a role grant, not one
    # case, so no anchor reaches it; the form tells staff not to name residents.
    "access.ApprovalRequest.reason": "about a dwelling, an export or a role; no resident named",
    "access.ApprovalRequest.decision_note": "about the request; no resident named",
}


# Apps whose plain free-text columns must also be declared (choices and
# slugs excepted): these hold case content.
CASE_APPS = (
    "housing",
    "referrals",
    "advisory",
    "stays",
    "followup",
    "decisions",
    "documents",
    "meetings",
    "reporting",
)


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
