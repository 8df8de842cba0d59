"""The access table (tilgangstabellen): who may do what, and how far it reaches. Data only.

One row per permission, one entry per role that holds it, and the entry says
how far the role reaches with it (``Reach``). A role missing from a row does
not hold the permission. Everything else is derived from this module:
``policy.ROLE_PERMISSIONS``, the reach of every scope (``access/scopes.py``),
the roles that read addresses (``roles_with``), the start-page links, and
the golden copy for people in ``docs/access-model.md``, which two tests hold
this table to (SECURITY.md 34).

What a reach word means for a row of a model is decided once, in
``access/scopes.py``, from who owns the row (``core/ownership.py``):

* ``national``: every row (the competence team works across the country);
* ``own_municipality``: rows whose owning offer is in the member's municipality;
* ``own_police_district``: rows whose offer's municipality lies in the
  member's police district;
* ``proposed_to_own_municipality`` / ``proposed_in_own_district``: intake rows
  (the person, the assessment, the threat assessment …) reached through a
  live allocation (proposed or accepted) to an offer in the member's
  municipality / police district;
* ``own``: the user's own rows (their break-the-glass accesses, requests, start page);
* no entry: nothing.

``CONDITIONS`` narrow a cell by the state of the object (a closed stay, a
withdrawn consent). This module imports nothing from Django's models, so
documentation tools and tests can read it without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Perm(StrEnum):
    """Named permissions. Add new ones here and give them a row in ACCESS."""

    VIEW_START_PAGE = "view_start_page"
    ADMINISTER_USERS = "administer_users"
    VIEW_OWN_ACCESS_LOG = "view_own_access_log"
    # The competence-team lead's audit review and break-the-glass review (SECURITY.md 24).
    REVIEW_AUDIT = "review_audit"
    # Offers, dwellings and places (housing).
    VIEW_OFFERS = "view_offers"
    MANAGE_OFFERS = "manage_offers"
    VIEW_DWELLINGS = "view_dwellings"
    READ_DWELLING_ADDRESS = "read_dwelling_address"
    MANAGE_DWELLINGS = "manage_dwellings"
    RECORD_CLEARANCE = "record_clearance"
    VIEW_CAPACITY = "view_capacity"
    VIEW_PARTNERS = "view_partners"
    MANAGE_PARTNERS = "manage_partners"
    # Intake and allocation (referrals).
    VIEW_INQUIRIES = "view_inquiries"
    EDIT_INQUIRIES = "edit_inquiries"
    VIEW_ASSESSMENTS = "view_assessments"
    EDIT_ASSESSMENTS = "edit_assessments"
    RECORD_CONSENT = "record_consent"
    VIEW_THREAT_SUMMARY = "view_threat_summary"
    VIEW_THREAT_DETAILS = "view_threat_details"
    WRITE_THREAT_ASSESSMENTS = "write_threat_assessments"
    ALLOCATE_PLACES = "allocate_places"
    VIEW_OFFER_INBOX = "view_offer_inbox"
    ANSWER_ALLOCATIONS = "answer_allocations"
    # Residents (stays).
    VIEW_RESIDENTS = "view_residents"
    MANAGE_STAY = "manage_stay"
    CLOSE_STAY = "close_stay"
    VIEW_STAY_SECURITY = "view_stay_security"
    VIEW_STAY_SUMMARY = "view_stay_summary"
    READ_STAY_NOTES = "read_stay_notes"
    # Follow-up during the stay (followup).
    VIEW_FOLLOWUP = "view_followup"
    RECORD_FOLLOWUP = "record_followup"
    READ_FOLLOWUP_NOTES = "read_followup_notes"
    VIEW_SECURITY_MEASURES = "view_security_measures"
    READ_SECURITY_NOTES = "read_security_notes"
    RECORD_SECURITY_CONVERSATION = "record_security_conversation"
    RECORD_THREAT_CHANGE = "record_threat_change"
    # Individual decisions and the individual plan (decisions).
    VIEW_DECISIONS = "view_decisions"
    RECORD_DECISIONS = "record_decisions"
    # The competence team's advice and guidance (advisory).
    VIEW_ADVISORY = "view_advisory"
    RECORD_ADVISORY = "record_advisory"
    # Deadlines, milestone reports and statistics (reporting).
    VIEW_MY_DEADLINES = "view_my_deadlines"
    SUBMIT_MILESTONE_REPORT = "submit_milestone_report"
    READ_MILESTONE_REPORTS = "read_milestone_reports"
    VIEW_STATISTICS = "view_statistics"
    EXPORT_STATISTICS = "export_statistics"
    # Break-the-glass, two-person approval and the art. 15 report (access).
    USE_BREAK_GLASS = "use_break_glass"
    VIEW_APPROVALS = "view_approvals"
    EXPORT_RESIDENT_LIST = "export_resident_list"
    PRODUCE_ACCESS_REPORT = "produce_access_report"
    # The documents of a case (documents): see, download and add.
    INTAKE_DOCUMENTS = "intake_documents"
    STAY_DOCUMENTS = "stay_documents"
    # Responsibility groups and strategy meetings (meetings).
    VIEW_MEETINGS = "view_meetings"
    RECORD_MEETINGS = "record_meetings"
    # Written routines per offer (routines).
    VIEW_ROUTINE_STATUS = "view_routine_status"
    READ_ROUTINES = "read_routines"
    MANAGE_ROUTINES = "manage_routines"


class Reach(StrEnum):
    """How far a role reaches with a permission (see the module docstring)."""

    NATIONAL = "national"
    OWN_MUNICIPALITY = "own_municipality"
    OWN_POLICE_DISTRICT = "own_police_district"
    PROPOSED_TO_OWN_MUNICIPALITY = "proposed_to_own_municipality"
    PROPOSED_IN_OWN_DISTRICT = "proposed_in_own_district"
    OWN = "own"

    @property
    def words(self) -> str:
        """The word in docs/access-model.md: "own police district"."""
        return self.value.replace("_", " ")


# Role codes, as accounts.models.Role spells them (a test keeps the two equal),
# in the order of the columns in docs/access-model.md.
COORDINATOR = "coordinator"
POLICE_REPRESENTATIVE = "police_representative"
DIRECTORATE_REPRESENTATIVE = "directorate_representative"
PROJECT_LEAD = "project_lead"
FOLLOWUP_WORKER = "followup_worker"
LOCAL_POLICE = "local_police"
ANALYST = "analyst"
SYSADMIN = "sysadmin"
# Not a role but a flag on a coordinator membership (``is_lead``): what the
# competence team's lead holds on top of the coordinator's permissions.
TEAM_LEAD = "team_lead"
ROLES = (
    COORDINATOR,
    POLICE_REPRESENTATIVE,
    DIRECTORATE_REPRESENTATIVE,
    PROJECT_LEAD,
    FOLLOWUP_WORKER,
    LOCAL_POLICE,
    ANALYST,
    SYSADMIN,
)
COLUMNS = (*ROLES, TEAM_LEAD)

P = Perm
NAT = Reach.NATIONAL
MUN = Reach.OWN_MUNICIPALITY
DIS = Reach.OWN_POLICE_DISTRICT
PRO_MUN = Reach.PROPOSED_TO_OWN_MUNICIPALITY
PRO_DIS = Reach.PROPOSED_IN_OWN_DISTRICT
OWN = Reach.OWN

# Rows used more than once.
_OFFER_STAFF = {PROJECT_LEAD: MUN, FOLLOWUP_WORKER: MUN}
_TEAM = {COORDINATOR: NAT, POLICE_REPRESENTATIVE: NAT}
_SECURITY_WORK = {LOCAL_POLICE: DIS, POLICE_REPRESENTATIVE: NAT}
_CASE_ROLES = (COORDINATOR, POLICE_REPRESENTATIVE, PROJECT_LEAD, FOLLOWUP_WORKER, LOCAL_POLICE)

ACCESS: dict[Perm, dict[str, Reach]] = {
    # Every role has a start page with its own work; the administrator
    # manages users, roles and organisations and never reads case content.
    P.VIEW_START_PAGE: dict.fromkeys(ROLES, OWN),
    P.ADMINISTER_USERS: {SYSADMIN: NAT},
    P.VIEW_OWN_ACCESS_LOG: {},
    P.REVIEW_AUDIT: {TEAM_LEAD: NAT},
    # --- housing: the secret address only for the offer's own staff and the
    # district's police, never the team, the analyst or the administrator.
    # The directorate representative sees offers and capacity per offer, not
    # dwellings and their police clearance (need to know).
    P.VIEW_OFFERS: {**_TEAM, DIRECTORATE_REPRESENTATIVE: NAT, **_OFFER_STAFF, LOCAL_POLICE: DIS},
    P.MANAGE_OFFERS: {PROJECT_LEAD: MUN},
    P.VIEW_DWELLINGS: {**_TEAM, **_OFFER_STAFF, LOCAL_POLICE: DIS},
    P.READ_DWELLING_ADDRESS: {**_OFFER_STAFF, LOCAL_POLICE: DIS},
    P.MANAGE_DWELLINGS: {PROJECT_LEAD: MUN},
    P.RECORD_CLEARANCE: {POLICE_REPRESENTATIVE: NAT, LOCAL_POLICE: DIS},
    P.VIEW_CAPACITY: {**_TEAM, DIRECTORATE_REPRESENTATIVE: NAT, **_OFFER_STAFF},
    P.VIEW_PARTNERS: {**_TEAM, DIRECTORATE_REPRESENTATIVE: NAT, **_OFFER_STAFF},
    P.MANAGE_PARTNERS: {PROJECT_LEAD: MUN},
    # --- intake and allocation: the team works nationally; outside it a person
    # is seen only through a live allocation to an offer (the offer's staff:
    # the information package; the district's police: the threat assessment).
    P.VIEW_INQUIRIES: dict(_TEAM),
    P.EDIT_INQUIRIES: {COORDINATOR: NAT},
    P.VIEW_ASSESSMENTS: dict(_TEAM),
    P.EDIT_ASSESSMENTS: {COORDINATOR: NAT},
    P.RECORD_CONSENT: {COORDINATOR: NAT},
    P.VIEW_THREAT_SUMMARY: {**_TEAM, LOCAL_POLICE: PRO_DIS},
    P.VIEW_THREAT_DETAILS: {POLICE_REPRESENTATIVE: NAT, LOCAL_POLICE: PRO_DIS},
    P.WRITE_THREAT_ASSESSMENTS: {POLICE_REPRESENTATIVE: NAT, LOCAL_POLICE: PRO_DIS},
    P.ALLOCATE_PLACES: {COORDINATOR: NAT},
    P.VIEW_OFFER_INBOX: {PROJECT_LEAD: PRO_MUN, FOLLOWUP_WORKER: PRO_MUN},
    P.ANSWER_ALLOCATIONS: {PROJECT_LEAD: PRO_MUN},
    # --- residents: in full only for the offer's staff; the district's police
    # a security subset; coordinators status, offer and dates.
    P.VIEW_RESIDENTS: dict(_OFFER_STAFF),
    P.MANAGE_STAY: dict(_OFFER_STAFF),
    P.CLOSE_STAY: {PROJECT_LEAD: MUN},
    P.VIEW_STAY_SECURITY: {LOCAL_POLICE: DIS},
    P.VIEW_STAY_SUMMARY: {COORDINATOR: NAT},
    P.READ_STAY_NOTES: dict(_OFFER_STAFF),
    # --- follow-up: the offer's staff; security work shared with the police.
    P.VIEW_FOLLOWUP: dict(_OFFER_STAFF),
    P.RECORD_FOLLOWUP: dict(_OFFER_STAFF),
    P.READ_FOLLOWUP_NOTES: dict(_OFFER_STAFF),
    P.VIEW_SECURITY_MEASURES: {**_OFFER_STAFF, **_SECURITY_WORK},
    P.READ_SECURITY_NOTES: {**_OFFER_STAFF, **_SECURITY_WORK},
    P.RECORD_SECURITY_CONVERSATION: dict(_SECURITY_WORK),
    P.RECORD_THREAT_CHANGE: dict(_SECURITY_WORK),
    # --- decisions and the individual plan: the offer's staff only.
    P.VIEW_DECISIONS: dict(_OFFER_STAFF),
    P.RECORD_DECISIONS: dict(_OFFER_STAFF),
    # --- meetings: the offer's staff only; the district police have their own
    # security pages (docs/access-model.md, «Need-to-know choices»).
    P.VIEW_MEETINGS: dict(_OFFER_STAFF),
    P.RECORD_MEETINGS: dict(_OFFER_STAFF),
    # --- advice and guidance: the team's own work, national; the directorate
    # and the analyst see only its counts, through the statistics.
    P.VIEW_ADVISORY: dict(_TEAM),
    P.RECORD_ADVISORY: dict(_TEAM),
    # --- reporting: deadlines are drawn from what the other permissions reach.
    P.VIEW_MY_DEADLINES: dict.fromkeys((*_CASE_ROLES, DIRECTORATE_REPRESENTATIVE), OWN),
    P.SUBMIT_MILESTONE_REPORT: dict(_OFFER_STAFF),
    P.READ_MILESTONE_REPORTS: {DIRECTORATE_REPRESENTATIVE: NAT},
    P.VIEW_STATISTICS: {
        COORDINATOR: NAT,
        DIRECTORATE_REPRESENTATIVE: NAT,
        ANALYST: NAT,
        PROJECT_LEAD: MUN,
    },
    P.EXPORT_STATISTICS: {DIRECTORATE_REPRESENTATIVE: NAT, ANALYST: NAT, PROJECT_LEAD: MUN},
    # --- break-the-glass, two-person approval, art. 15.
    P.USE_BREAK_GLASS: dict.fromkeys(_CASE_ROLES, OWN),
    P.VIEW_APPROVALS: dict.fromkeys(
        (POLICE_REPRESENTATIVE, PROJECT_LEAD, FOLLOWUP_WORKER, LOCAL_POLICE, SYSADMIN, TEAM_LEAD),
        OWN,
    ),
    P.EXPORT_RESIDENT_LIST: {PROJECT_LEAD: MUN},
    P.PRODUCE_ACCESS_REPORT: {COORDINATOR: NAT},
    # --- documents of a case: the intake's for the team that runs it, the
    # stay's for the offer's own staff (a document marked as holding the
    # address also needs READ_DWELLING_ADDRESS on the stay's dwelling).
    P.INTAKE_DOCUMENTS: {COORDINATOR: NAT},
    P.STAY_DOCUMENTS: dict(_OFFER_STAFF),
    # --- routines: the offer's internal documents. Its staff read them and
    # the project lead writes and approves them; the directorate sees which
    # exist and when they were reviewed, never their text. The team allocates
    # from the offer's information sheet (VIEW_OFFERS), not from its routines.
    P.VIEW_ROUTINE_STATUS: {DIRECTORATE_REPRESENTATIVE: NAT, **_OFFER_STAFF},
    # The directorate reads the approved text only where the offer shares it
    # (condition "routines_shared").
    P.READ_ROUTINES: {DIRECTORATE_REPRESENTATIVE: NAT, **_OFFER_STAFF},
    P.MANAGE_ROUTINES: {PROJECT_LEAD: MUN},
}


@dataclass(frozen=True)
class Condition:
    """A cell that depends on the object's state: ``name`` is implemented in access/scopes.py."""

    name: str
    perms: frozenset[Perm]
    roles: frozenset[str]
    text: str


_THREAT_WORK = frozenset({P.VIEW_THREAT_SUMMARY, P.VIEW_THREAT_DETAILS, P.WRITE_THREAT_ASSESSMENTS})
CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "live_stay",
        frozenset({P.VIEW_STAY_SECURITY}),
        frozenset({LOCAL_POLICE}),
        "only while the stay is allocated, lived in or moved out; "
        "not after it is closed or withdrawn",
    ),
    Condition(
        "case_open",
        _THREAT_WORK,
        frozenset({LOCAL_POLICE}),
        "only while the case is open: the allocation is live, its stay is not "
        "closed or withdrawn, and the assessment has not ended without a place",
    ),
    Condition(
        "police_consent",
        _THREAT_WORK | {P.VIEW_ASSESSMENTS},
        frozenset({POLICE_REPRESENTATIVE}),
        "only while the person has a valid consent (given, not expired, not "
        "withdrawn) to share with the team's police for a threat assessment",
    ),
    Condition(
        "not_own",
        frozenset({P.REVIEW_AUDIT}),
        frozenset({TEAM_LEAD}),
        "never the lead's own break-the-glass accesses",
    ),
    Condition(
        "decidable",
        frozenset({P.VIEW_APPROVALS}),
        frozenset(ACCESS[P.VIEW_APPROVALS]),
        "also the pending requests the user may decide (access.approvals.can_decide)",
    ),
    Condition(
        "routines_shared",
        frozenset({P.READ_ROUTINES}),
        frozenset({DIRECTORATE_REPRESENTATIVE}),
        "only the approved versions of offers whose project lead shares their routines; "
        "never drafts or read confirmations",
    ),
)

# What an active break-the-glass access adds for its one stay (SECURITY.md 7):
# what a follow-up worker reads about the resident and their security, never
# the address, the intake, the threat assessment, the stay's notes or a write.
BREAK_GLASS_PERMISSIONS: frozenset[Perm] = frozenset(
    {P.VIEW_RESIDENTS, P.VIEW_FOLLOWUP, P.VIEW_SECURITY_MEASURES, P.READ_SECURITY_NOTES}
)


def reach(perm: Perm, role: str) -> Reach | None:
    """How far ``role`` reaches with ``perm``; None when it does not hold it."""
    return ACCESS.get(perm, {}).get(role)


def condition(perm: Perm, role: str) -> Condition | None:
    for candidate in CONDITIONS:
        if perm in candidate.perms and role in candidate.roles:
            return candidate
    return None


def permissions_of(role: str) -> frozenset[Perm]:
    """Every permission ``role`` (or ``TEAM_LEAD``) holds."""
    return frozenset(perm for perm, row in ACCESS.items() if role in row)


def roles_with(perm: Perm) -> frozenset[str]:
    """The roles (never the lead flag) that hold ``perm``."""
    return frozenset(role for role in ACCESS.get(perm, {}) if role in ROLES)
