"""Who owns what (eierskap): for every model that holds or reveals case data, where it belongs.

One registry, strings only (model labels and ORM lookup paths), so every
layer may read it without importing the apps it names:

* ``access/scopes.py`` gives the access table's reach words their meaning
  (own municipality = the row's ``municipality`` path leads to the member's
  municipality, and so on) and finds the stay of a row for break-the-glass;
* ``audit/review.py`` answers "which organisations does this object belong
  to" for the review's outside-own-organisation check;
* ``core/retention/`` walks from a row to the stay or person whose end of
  retention empties it.

It lives in ``core`` (the lowest layer) rather than in ``access`` because all
three users need it and ``core`` and ``audit`` sit below ``access``: a data
module here needs no registration dance at start-up and cannot be forgotten.

Paths, each an ORM lookup from the model (``""`` means the row itself):

* ``municipality``: to the owning offer's municipality (``accounts.Organisation``);
  for rows hanging off a stay it is derived from ``stay``;
* ``stay``: to the ``stays.Stay`` the row belongs to;
* ``person``: to the ``referrals.Person`` the row is about;
* ``allocations``: to the ``referrals.Allocation`` rows through which an intake
  row is seen outside the competence team (a live allocation to an offer).
  Intake rows with no allocation belong to the competence team only;
* ``user``: to the user the row belongs to (their own request or access).

``core/tests/test_ownership.py`` fails when a model of a case app is neither
here nor in ``EXEMPT`` with a reason, or when a path does not resolve.
"""

from __future__ import annotations

from dataclasses import dataclass

# The apps whose models hold case data; every model in them is registered or exempt.
# ``oversight`` (the top layer) has no models: its pages use the others', but a
# model added there must say where its rows belong like any other.
CASE_APPS = (
    "housing",
    "referrals",
    "stays",
    "followup",
    "decisions",
    "documents",
    "meetings",
    "routines",
    "referrals",
    "advisory",
    "stays",
    "followup",
    "reporting",
    "access",
    "oversight",
)

ALLOCATION_MODEL = "referrals.Allocation"
# From an allocation to the municipality that runs the offer of its place.
ALLOCATION_MUNICIPALITY = "place__dwelling__offer__municipality"
# Allocations that still make a person visible to the offer and its police.
LIVE_ALLOCATION_STATUSES = ("proposed", "accepted")


@dataclass(frozen=True)
class Owner:
    municipality: str | None = None
    stay: str | None = None
    person: str | None = None
    allocations: str | None = None
    user: str | None = None

    @property
    def municipality_path(self) -> str | None:
        """Path to the owning offer's municipality, explicit or through the stay."""
        if self.municipality is not None:
            return self.municipality
        if self.stay is not None:
            return join(self.stay, "offer__municipality")
        return None


def join(*parts: str) -> str:
    """Join lookup parts, skipping the empty "row itself" path: join("", "offer") == "offer"."""
    return "__".join(part for part in parts if part)


def _housing(path: str) -> Owner:
    return Owner(municipality=path)


def _intake(person: str, allocations: str) -> Owner:
    return Owner(person=person, allocations=allocations)


def _stay(path: str) -> Owner:
    """A row hanging off a stay: it belongs to the stay's offer, and is about its person."""
    return Owner(stay=path, person=join(path, "person"))


# The stay itself, and the proxies other apps read it through.
_STAY = Owner(stay="", person="person", allocations="allocation")

OWNERSHIP: dict[str, Owner] = {
    # --- housing: offers and what hangs off them ---------------------------------
    "housing.Offer": _housing("municipality"),
    "housing.Dwelling": _housing("offer__municipality"),
    "housing.Place": _housing("dwelling__offer__municipality"),
    "housing.SecurityClearance": _housing("dwelling__offer__municipality"),
    "housing.ClearanceRecommendation": _housing("clearance__dwelling__offer__municipality"),
    "housing.PlaceBooking": _housing("place__dwelling__offer__municipality"),
    "housing.PartnerService": _housing("offer__municipality"),
    "housing.PartnerContact": _housing("partner__offer__municipality"),
    # --- routines: the offer's own documents, about no one ---------------------------
    "routines.RoutineOffer": _housing("municipality"),
    "routines.RoutineVersion": _housing("offer__municipality"),
    "routines.RoutineReading": Owner(municipality="version__offer__municipality", user="user"),
    "routines.OfferInformation": _housing("offer__municipality"),
    "routines.RoutineSharing": _housing("offer__municipality"),
    # --- referrals: the intake belongs to the competence team until allocated ----
    "referrals.Inquiry": _intake("assessments__person", "assessments__allocations"),
    "referrals.InquiryCorrection": _intake(
        "inquiry__assessments__person", "inquiry__assessments__allocations"
    ),
    "referrals.Person": _intake("", "assessments__allocations"),
    "referrals.Assessment": _intake("person", "allocations"),
    "referrals.AssessmentChild": _intake("assessment__person", "assessment__allocations"),
    "referrals.AssessmentCorrection": _intake("assessment__person", "assessment__allocations"),
    "referrals.Consent": _intake("person", "person__assessments__allocations"),
    "referrals.Disclosure": _intake("assessment__person", "assessment__allocations"),
    "referrals.ThreatAssessment": _intake("assessment__person", "assessment__allocations"),
    "referrals.Allocation": Owner(
        municipality=ALLOCATION_MUNICIPALITY, person="assessment__person", allocations=""
    ),
    # --- advisory: the competence team's own (national reach) ----------------------
    # A contact that became an inquiry follows that inquiry's person.
    "advisory.AdvisoryContact": _intake(
        "inquiry__assessments__person", "inquiry__assessments__allocations"
    ),
    # --- stays ---------------------------------------------------------------------
    "stays.Stay": _STAY,
    "stays.PlannedMoveOutChange": _stay("stay"),
    "stays.HouseholdMember": _stay("stay"),
    "stays.ArrivalTimetableItem": _stay("stay"),
    "stays.TransferItem": _stay("stay"),
    "stays.GoalIndicatorAssessment": _stay("stay"),
    "stays.StayPartner": _stay("stay"),
    # An offer's arrival timetable template: the offer's, about no one.
    "stays.ArrivalTemplateItem": _housing("offer__municipality"),
    # --- follow-up -------------------------------------------------------------------
    "followup.FollowedStay": _STAY,
    "followup.SecurityConversation": _stay("stay"),
    "followup.ConversationItem": _stay("conversation__stay"),
    "followup.CrisisScenario": _stay("stay"),
    "followup.SecurityMeasure": _stay("stay"),
    "followup.ThreatChange": _stay("stay"),
    "followup.ActionPlan": _stay("stay"),
    "followup.PlanGoal": _stay("plan__stay"),
    "followup.PlanAction": _stay("goal__plan__stay"),
    "followup.PlanEvaluation": _stay("plan__stay"),
    "followup.FollowupArea": _stay("stay"),
    "followup.Contact": _stay("stay"),
    "followup.ContactTheme": _stay("contact__stay"),
    "followup.ContactCorrection": _stay("contact__stay"),
    # --- decisions -------------------------------------------------------------------
    "decisions.DecidedStay": _STAY,
    "decisions.Decision": _stay("stay"),
    "decisions.IndividualPlan": _stay("stay"),
    # --- documents -------------------------------------------------------------------
    "documents.DocumentStay": _STAY,
    "documents.StayDocument": _stay("stay"),
    "documents.DocumentPerson": _intake("", "assessments__allocations"),
    "documents.PersonDocument": _intake("person", "person__assessments__allocations"),
    # --- meetings --------------------------------------------------------------------
    "meetings.MeetingStay": _STAY,
    "meetings.MeetingConsent": _stay("stay"),
    "meetings.Meeting": _stay("stay"),
    "meetings.MeetingParticipant": _stay("meeting__stay"),
    "meetings.MeetingTask": _stay("stay"),
    # --- reporting -------------------------------------------------------------------
    "reporting.ReportedStay": _STAY,
    "reporting.ReportedOffer": _housing("municipality"),
    "reporting.MilestoneReport": _stay("stay"),
    # --- access ----------------------------------------------------------------------
    "access.BreakGlassAccess": Owner(stay="stay", person="stay__person", user="user"),
    "access.ApprovalRequest": Owner(user="requested_by"),
    "access.AddressDisclosure": Owner(municipality="dwelling__offer__municipality", user="user"),
    "access.AccessReport": Owner(person="person", user="produced_by"),
}

# Models of the case apps that hold no case data, and why.
EXEMPT: dict[str, str] = {
    "access.PendingGrant": "a staged membership (user, organisation, role): no case data",
    "access.PendingOrganisationChange": "a staged organisation kind or police district: no case data",
    "advisory.Course": "a course or lecture given: date, audience kind, count; no person",
    "reporting.ReminderLog": "counts of a user's own deadlines in a reminder mail: no case data",
    "reporting.StatisticsYear": "national counts and sums of a finished year: no person, no case",
    "reporting.StatisticsHistory": "a year and a random stamp renewed when its records change",
}


def owner_of(label: str) -> Owner | None:
    return OWNERSHIP.get(label)


def stay_path(label: str) -> str:
    """Path from ``label`` to its stay ("" for the stay itself); KeyError when it has none."""
    path = OWNERSHIP[label].stay
    if path is None:
        raise KeyError(f"{label} belongs to no stay")
    return path


def person_path(label: str) -> str:
    """Path from ``label`` to its person ("" for the person itself); KeyError when it has none."""
    path = OWNERSHIP[label].person
    if path is None:
        raise KeyError(f"{label} is about no person")
    return path


def stay_paths() -> dict[str, str]:
    """Every model that belongs to a stay -> the path to it."""
    return {label: o.stay for label, o in OWNERSHIP.items() if o.stay is not None}
