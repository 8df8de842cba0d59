"""Scopes (omfang): which rows of a model a user reaches for a permission.

The access table (``access/table.py``) says how far each role reaches with a
permission; the ownership registry (``core/ownership.py``) says where each
model's rows belong. This module gives the table's reach words and conditions
their meaning once, for every model, and registers one scope per model with
the policy (``policy.SCOPES``). Nothing here decides *who* reaches *how far*:
change the table for that.

``OBJECT_PERMS`` says which permissions open which model: a model answers
only the permissions of the pages that show it (asked for anything else it
shows nothing), so a broad grant for one page never opens another model.
``access.ApprovalRequest`` keeps its own scope in ``access/approvals/base.py``
(whether a user may decide a request is a rule of its own).

For each membership of the user (and the team lead's flag) the cell of the
table gives a term:

* ``national``: every row;
* ``own_municipality`` / ``own_police_district``: the row's municipality path
  leads to the member's municipality / a municipality of the member's district;
* ``proposed_*``: one of the row's allocations is live (proposed or accepted)
  and its offer is in the member's municipality / district;
* ``own``: the row's user path leads to the user;

narrowed by the cell's condition, if any. A model that lacks the path a word
or condition needs reaches nothing (fail closed). The terms are OR-ed.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet

from access import policy
from access.table import COORDINATOR, TEAM_LEAD, Perm, Reach, condition, reach
from accounts.actors import Actor, Viewer, signed_in
from core import dates, ownership
from core.ownership import Owner, join

P = Perm
NOTHING = Q(pk__in=[])

_HOUSING = frozenset(
    {
        P.VIEW_OFFERS,
        P.MANAGE_OFFERS,
        P.VIEW_DWELLINGS,
        P.READ_DWELLING_ADDRESS,
        P.MANAGE_DWELLINGS,
        P.RECORD_CLEARANCE,
        P.VIEW_CAPACITY,
        P.VIEW_PARTNERS,
        P.MANAGE_PARTNERS,
    }
)
# The person's case: the team's intake work, the offer's information package
# and the police's threat assessment all open the person and the assessment.
_CASE = frozenset(
    {
        P.VIEW_INQUIRIES,
        P.EDIT_INQUIRIES,
        P.VIEW_ASSESSMENTS,
        P.EDIT_ASSESSMENTS,
        P.RECORD_CONSENT,
        P.ALLOCATE_PLACES,
        P.VIEW_THREAT_SUMMARY,
        P.VIEW_THREAT_DETAILS,
        P.WRITE_THREAT_ASSESSMENTS,
        P.VIEW_OFFER_INBOX,
        P.ANSWER_ALLOCATIONS,
    }
)
_STAY = frozenset(
    {
        P.VIEW_RESIDENTS,
        P.MANAGE_STAY,
        P.CLOSE_STAY,
        P.VIEW_STAY_SECURITY,
        P.VIEW_STAY_SUMMARY,
        P.READ_STAY_NOTES,
    }
)
# The rows hanging off a stay are full content: the offer's own staff only.
_STAY_CONTENT = frozenset({P.VIEW_RESIDENTS, P.MANAGE_STAY, P.CLOSE_STAY, P.READ_STAY_NOTES})
_FOLLOWUP = frozenset(
    {
        P.VIEW_FOLLOWUP,
        P.RECORD_FOLLOWUP,
        P.READ_FOLLOWUP_NOTES,
        P.VIEW_SECURITY_MEASURES,
        P.READ_SECURITY_NOTES,
        P.RECORD_SECURITY_CONVERSATION,
        P.RECORD_THREAT_CHANGE,
    }
)
_MILESTONES = frozenset({P.SUBMIT_MILESTONE_REPORT, P.READ_MILESTONE_REPORTS})
_ROUTINES = frozenset({P.VIEW_ROUTINE_STATUS, P.READ_ROUTINES, P.MANAGE_ROUTINES})

OBJECT_PERMS: dict[str, frozenset[Perm]] = {
    **dict.fromkeys(
        (
            "housing.Dwelling",
            "housing.Place",
            "housing.SecurityClearance",
            "housing.ClearanceRecommendation",
            "housing.PlaceBooking",
            "housing.PartnerService",
            "housing.PartnerContact",
        ),
        _HOUSING,
    ),
    "housing.Offer": _HOUSING | {P.EXPORT_RESIDENT_LIST},
    "referrals.Inquiry": frozenset({P.VIEW_INQUIRIES, P.EDIT_INQUIRIES}),
    "referrals.Consent": frozenset({P.RECORD_CONSENT, P.VIEW_ASSESSMENTS}),
    "referrals.Assessment": _CASE,
    "referrals.Person": _CASE | {P.PRODUCE_ACCESS_REPORT},
    "referrals.ThreatAssessment": frozenset({P.VIEW_THREAT_SUMMARY, P.VIEW_THREAT_DETAILS}),
    "referrals.Allocation": frozenset(
        {
            P.ALLOCATE_PLACES,
            P.VIEW_ASSESSMENTS,
            P.VIEW_THREAT_SUMMARY,
            P.VIEW_THREAT_DETAILS,
            P.WRITE_THREAT_ASSESSMENTS,
            P.VIEW_OFFER_INBOX,
            P.ANSWER_ALLOCATIONS,
        }
    ),
    "stays.Stay": _STAY,
    **dict.fromkeys(
        (
            "stays.HouseholdMember",
            "stays.ArrivalTimetableItem",
            "stays.PlannedMoveOutChange",
            "stays.TransferItem",
            "stays.GoalIndicatorAssessment",
            "stays.StayPartner",
        ),
        _STAY_CONTENT,
    ),
    # An offer's timetable template: edited with the offer, read by its staff.
    "stays.ArrivalTemplateItem": frozenset({P.MANAGE_OFFERS, P.VIEW_RESIDENTS}),
    # followup.FollowedStay and reporting.ReportedStay are proxies of
    # stays.Stay: each answers only its own app's permissions.
    **dict.fromkeys(
        (
            "followup.FollowedStay",
            "followup.SecurityConversation",
            "followup.CrisisScenario",
            "followup.SecurityMeasure",
            "followup.ThreatChange",
            "followup.ActionPlan",
            "followup.FollowupArea",
            "followup.Contact",
        ),
        _FOLLOWUP,
    ),
    # decisions.DecidedStay is a proxy of stays.Stay like the two above.
    **dict.fromkeys(
        ("decisions.DecidedStay", "decisions.Decision", "decisions.IndividualPlan"),
        frozenset({P.VIEW_DECISIONS, P.RECORD_DECISIONS}),
    ),
    **dict.fromkeys(
        (
            "meetings.MeetingStay",
            "meetings.MeetingConsent",
            "meetings.Meeting",
            "meetings.MeetingParticipant",
            "meetings.MeetingTask",
        ),
        frozenset({P.VIEW_MEETINGS, P.RECORD_MEETINGS}),
    ),
    "advisory.AdvisoryContact": frozenset({P.VIEW_ADVISORY, P.RECORD_ADVISORY}),
    "reporting.ReportedStay": _MILESTONES,
    "reporting.MilestoneReport": _MILESTONES,
    "reporting.ReportedOffer": frozenset({P.VIEW_STATISTICS, P.EXPORT_STATISTICS}),
    "access.BreakGlassAccess": frozenset({P.REVIEW_AUDIT, P.USE_BREAK_GLASS}),
    # documents.DocumentStay and DocumentPerson are proxies: the documents
    # permissions open them and nothing else.
    **dict.fromkeys(
        ("documents.DocumentStay", "documents.StayDocument"), frozenset({P.STAY_DOCUMENTS})
    ),
    **dict.fromkeys(
        ("documents.DocumentPerson", "documents.PersonDocument"), frozenset({P.INTAKE_DOCUMENTS})
    ),
    # An offer's routines and information sheet (routines): the sheet is read
    # with the offer (VIEW_OFFERS) and edited with it (MANAGE_OFFERS).
    "routines.RoutineOffer": _ROUTINES | {P.VIEW_OFFERS, P.MANAGE_OFFERS},
    "routines.RoutineVersion": _ROUTINES,
    "routines.RoutineReading": frozenset({P.READ_ROUTINES}),
    "routines.OfferInformation": frozenset({P.VIEW_OFFERS, P.MANAGE_OFFERS}),
    "routines.RoutineSharing": _ROUTINES,
}

# Domain values the conditions test (strings: access sits below the apps).
_LIVE_STAY = ("allocated", "living", "moved_out")
_ENDED_STAY = ("closed", "withdrawn")
_POLICE_PURPOSE = "police"
_TEAM_POLICE = "team_police"
# The rows "routines_shared" keeps, per model: offers whose project lead shares
# their routines (routines.RoutineSharing), and of those only the versions in
# force; never a draft, never who confirmed reading (RoutineReading: nothing).
_SHARED_ROUTINES: dict[str, Q] = {
    "routines.RoutineOffer": Q(routine_sharing__shares=True),
    "routines.RoutineVersion": Q(offer__routine_sharing__shares=True, approved_on__isnull=False),
    "routines.RoutineSharing": Q(shares=True),
}


def holders(user: Viewer) -> list[tuple[str, int]]:
    """(role, organisation id) of each membership, plus the team lead's flag as a column."""
    held: list[tuple[str, int]] = []
    for membership in policy.memberships(user):
        held.append((membership.role, membership.organisation_id))
        if membership.role == COORDINATOR and membership.is_lead:
            held.append((TEAM_LEAD, membership.organisation_id))
    return held


def rows(user: Viewer, perm: Perm, model: type[Model]) -> Q | None:
    """Q narrowing ``model`` to the rows ``user`` reaches for ``perm``; None means every row."""
    label = model._meta.label
    owner = ownership.owner_of(label)
    actor = signed_in(user)
    if actor is None or owner is None or perm not in OBJECT_PERMS.get(label, ()):
        return NOTHING
    allowed = NOTHING
    for role, organisation_id in holders(actor):
        how = reach(perm, role)
        if how is None:
            continue
        cell = condition(perm, role)
        term = _term(how, cell.name if cell else None, owner, model, actor, organisation_id)
        if term is None:
            return None
        allowed |= term
    return allowed


def _scope_for(user: Viewer, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    allowed = rows(user, perm, queryset.model)
    return queryset if allowed is None else queryset.filter(allowed)


for _label in OBJECT_PERMS:
    policy.scope(_label)(_scope_for)


# --- the reach words ------------------------------------------------------------------


def _organisation(path: str, how: Reach, organisation_id: int) -> dict[str, int]:
    """Lookup from a municipality path to the member's municipality or police district."""
    if how in (Reach.OWN_MUNICIPALITY, Reach.PROPOSED_TO_OWN_MUNICIPALITY):
        return {f"{path}_id" if path else "pk": organisation_id}
    return {join(path, "police_district_id"): organisation_id}


def _allocations() -> QuerySet[Any]:
    live: QuerySet[Any] = apps.get_model(ownership.ALLOCATION_MODEL)._base_manager.filter(
        status__in=ownership.LIVE_ALLOCATION_STATUSES
    )
    return live


def _through(model: type[Model], path: str, related: QuerySet[Any]) -> Q:
    """Rows of ``model`` whose ``path`` leads into ``related`` (a subquery: no duplicate rows)."""
    if path == "":
        return Q(pk__in=related.values("pk"))
    return Q(
        pk__in=model._base_manager.filter(**{f"{path}__in": related.values("pk")}).values("pk")
    )


def _term(
    how: Reach,
    name: str | None,
    owner: Owner,
    model: type[Model],
    user: Actor,
    organisation_id: int,
) -> Q | None:
    term: Q | None
    if how in (Reach.PROPOSED_TO_OWN_MUNICIPALITY, Reach.PROPOSED_IN_OWN_DISTRICT):
        if owner.allocations is None:
            return NOTHING
        live = _allocations().filter(
            **_organisation(ownership.ALLOCATION_MUNICIPALITY, how, organisation_id)
        )
        if name == "case_open":
            # The same allocation must reach the row and belong to an open case.
            live, name = live.filter(_open_case()), None
        term = _through(model, owner.allocations, live)
    elif how == Reach.NATIONAL:
        term = None
    elif how in (Reach.OWN_MUNICIPALITY, Reach.OWN_POLICE_DISTRICT):
        path = owner.municipality_path
        if path is None:
            return NOTHING
        term = Q(**_organisation(path, how, organisation_id))
    elif how == Reach.OWN and owner.user is not None:
        term = Q(**{owner.user: user.pk})
    else:
        return NOTHING
    if name is None:
        return term
    narrowed = _condition(name, owner, model, user)
    return narrowed if term is None else term & narrowed


# --- the conditions (access/table.py CONDITIONS) -----------------------------------------


def _open_case() -> Q:
    """Allocations of a case still open: no closed or withdrawn stay, no ended assessment."""
    return (
        ~Q(stay__status__in=_ENDED_STAY)
        & ~Q(assessment__status="closed")
        & ~Q(assessment__inquiry__outcome="no_place")
    )


def _consented_persons() -> QuerySet[Any]:
    """Persons with a valid consent today to share with the team's police (Consent.is_valid_on)."""
    today = dates.today()
    consented: QuerySet[Any] = (
        apps.get_model("referrals", "Consent")
        ._base_manager.filter(
            purpose=_POLICE_PURPOSE, recipient_kind=_TEAM_POLICE, given_on__lte=today
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
        .values("person_id")
    )
    return consented


def _condition(name: str, owner: Owner, model: type[Model], user: Actor) -> Q:
    """The rows a condition keeps; NOTHING for a model without the path it needs."""
    if name == "live_stay" and owner.stay is not None:
        return Q(**{f"{join(owner.stay, 'status')}__in": _LIVE_STAY})
    if name == "case_open" and owner.allocations is not None:
        return _through(model, owner.allocations, _allocations().filter(_open_case()))
    if name == "police_consent" and owner.person is not None:
        persons = _consented_persons()
        if owner.person == "":
            return Q(pk__in=persons)
        return Q(pk__in=model._base_manager.filter(**{f"{owner.person}__in": persons}).values("pk"))
    if name == "not_own" and owner.user is not None:
        return ~Q(**{owner.user: user.pk})
    if name == "routines_shared":
        return _SHARED_ROUTINES.get(model._meta.label, NOTHING)
    return NOTHING


# --- reach over municipalities (statistics) ---------------------------------------------


def reach_filter(user: Viewer, perm: Perm, municipality_path: str) -> Q | None:
    """Q narrowing rows by their municipality path to the user's reach; None means all.

    For pages that count rather than show rows (statistics): national, own
    municipality and own police district; ``municipality_path`` "" when the
    rows are municipalities themselves.
    """
    allowed = NOTHING
    for role, organisation_id in holders(user):
        how = reach(perm, role)
        if how == Reach.NATIONAL:
            return None
        if how in (Reach.OWN_MUNICIPALITY, Reach.OWN_POLICE_DISTRICT):
            allowed |= Q(**_organisation(municipality_path, how, organisation_id))
    return allowed
