"""Marker scan (SECURITY.md 3, 16 and 23): no sensitive value outside its grant.

The authorization matrix's world (``access/tests/matrix.py``) is built, then
every encrypted field of every row in the database gets a unique marker
(``MRK-<model>.<field>-<pk>-<random>``; the identity number an 11-digit
number, as a real one). For every role of the cast and anonymous, signed in
with a fresh re-authentication (the most a session can show):

* GET every route: parameter-free ones once, object routes with the own,
  other and closed objects (the matrix registry fills them);
* POST the address page (the only place the address is shown, after
  re-authentication), the statistics exports as CSV, XLSX and PDF, and the
  resident-list export (bob holds an approved export);
* POST the art. 15 report (access:access_report) on the own and the closed
  resident: a role that may produce it (the coordinator) gets the PDF,
  checked under its own rule (ART15_PERSON_PATHS, ART15_NEVER: the person's
  own data only, never the address or the police's threat assessments, no
  staff identity); any other role's answer is checked as every page;
* decode every answer (HTML, JSON, CSV, XLSX cells, PDF text via pypdf) and
  look for every marker: a marker is a *hit* unless ``GRANTS`` below says the
  role may read that field of that row, asked of ``policy.visible``;
* every URL requested, every ``Location`` header and every URL inside a page
  (href, src, action, hx-*) must hold no marker at all, granted or not: no
  personal data in URLs (SECURITY.md 16);
* at the end every log line of the run (``tests.logscan``) must hold no
  marker (SECURITY.md 23).

Every encrypted field must have a marker in the world (asserted), so a new
field without rows fails the scan instead of going unscanned.
Granted sightings are counted too and must not be zero: a scan that cannot
see a granted name or address would pass vacuously. Figures go to
``tests.security_figures`` ("markers").
"""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from access import policy
from access.tests import audit_coverage
from access.tests.matrix import VARIANTS, World, plan_for
from access.tests.route_samples import Route, SampleContext, all_routes, build_path
from access.tests.test_csrf_and_methods import GET_MAY_APPEND
from conftest import sign_in
from core.fields import EncryptedFieldMixin, EncryptedJSONField
from tests.logscan import assert_no_markers_in_logs, captured_lines
from tests.security_figures import record

P = policy.Perm
ROUTES = all_routes()

# --- grants -----------------------------------------------------------------------
# Who may read a marked field, as the policy says: the field of row R is
# granted to a user when, for one entry (model, lookup, perms), R's pk is in
# ``policy.visible(user, model, perm).filter(<lookup>=R.pk)`` for one of the
# perms. "pk" means the row itself; otherwise the lookup goes from a scoped
# model (a stay, a plan) to the row. Keys are "app.Model" (every encrypted
# field of the model) or "app.Model.field" (that field only, overriding).
# The perms are the ones whose pages show the field (docs/access-model.md and
# the access table in access/table.py); a page that shows a field under a
# permission not listed here is a hit to be judged, not an entry to add.

Grant = tuple[str, str, tuple[policy.Perm, ...]]

_STAY_CONTENT = (P.VIEW_RESIDENTS,)
_FOLLOWUP = (P.VIEW_FOLLOWUP, P.READ_FOLLOWUP_NOTES)
_SECURITY = (P.VIEW_SECURITY_MEASURES, P.READ_SECURITY_NOTES)

GRANTS: dict[str, list[Grant]] = {
    # The secret address: READ_DWELLING_ADDRESS on that dwelling, and only on
    # the address page (ADDRESS_ROUTES) after re-authentication.
    "housing.Dwelling.address": [("housing.Dwelling", "pk", (P.READ_DWELLING_ADDRESS,))],
    "housing.Dwelling": [("housing.Dwelling", "pk", (P.VIEW_DWELLINGS,))],
    "housing.SecurityClearance": [
        ("housing.SecurityClearance", "pk", (P.VIEW_DWELLINGS, P.RECORD_CLEARANCE))
    ],
    "housing.ClearanceRecommendation": [
        ("housing.ClearanceRecommendation", "pk", (P.VIEW_DWELLINGS, P.RECORD_CLEARANCE))
    ],
    "referrals.Inquiry": [("referrals.Inquiry", "pk", (P.VIEW_INQUIRIES,))],
    # A name: whoever may see the person's case (the team; the offer's staff
    # through the information package; the district's police through the
    # threat assessment) or the person's stay (staff; police: security subset).
    "referrals.Person.name": [
        (
            "referrals.Person",
            "pk",
            (P.VIEW_ASSESSMENTS, P.VIEW_OFFER_INBOX, P.VIEW_THREAT_SUMMARY),
        ),
        ("stays.Stay", "person", (P.VIEW_RESIDENTS, P.VIEW_STAY_SECURITY)),
    ],
    # Identity number and phone: the team's case work only.
    "referrals.Person": [("referrals.Person", "pk", (P.VIEW_ASSESSMENTS,))],
    "referrals.Assessment": [("referrals.Assessment", "pk", (P.VIEW_ASSESSMENTS,))],
    # The information package for the receiving offer (docs/data-model.md,
    # referrals.selectors.PACKAGE_FIELDS): needs and wishes, and the threat
    # summary's measures; never the threat details.
    **{
        f"referrals.Assessment.{field}": [
            ("referrals.Assessment", "pk", (P.VIEW_ASSESSMENTS, P.VIEW_OFFER_INBOX))
        ]
        for field in ("needs_note", "interpreter_language", "wishes")
    },
    # Police writing the threat assessment see the team's note on the threat
    # picture (referrals.selectors.read_for_threat_assessment logs it).
    "referrals.Assessment.threat_note": [
        ("referrals.Assessment", "pk", (P.VIEW_ASSESSMENTS, P.WRITE_THREAT_ASSESSMENTS))
    ],
    "referrals.ThreatAssessment.measures_note": [
        ("referrals.ThreatAssessment", "pk", (P.VIEW_THREAT_SUMMARY, P.VIEW_THREAT_DETAILS)),
        ("referrals.Allocation", "assessment__threat_assessments", (P.VIEW_OFFER_INBOX,)),
    ],
    "referrals.Consent": [("referrals.Consent", "pk", (P.VIEW_ASSESSMENTS, P.RECORD_CONSENT))],
    "referrals.ThreatAssessment": [("referrals.ThreatAssessment", "pk", (P.VIEW_THREAT_DETAILS,))],
    "referrals.Allocation": [
        (
            "referrals.Allocation",
            "pk",
            (P.ALLOCATE_PLACES, P.VIEW_ASSESSMENTS, P.VIEW_OFFER_INBOX),
        )
    ],
    "stays.Stay": [("stays.Stay", "pk", _STAY_CONTENT)],
    # The rows of a stay (the pages stays:overview and stays:notes; the notes page
    # shows the move-out reasons, the transfer notes and the goal-indicator notes,
    # but only after a POST, which the scan does not make; stays:transfer
    # and the close form under MANAGE_STAY/CLOSE_STAY, held by the same staff):
    # the offer's own staff, as the access table says (docs/access-model.md).
    # The police's security page shows the transfer list's security point by
    # state and date only, never its note.
    **{
        label: [(label, "pk", _STAY_CONTENT)]
        for label in (
            "stays.PlannedMoveOutChange",
            "stays.HouseholdMember",
            "stays.ArrivalTimetableItem",
            "stays.TransferItem",
            "stays.GoalIndicatorAssessment",
        )
    },
    # The timetable's descriptions: the notes page, the printout for the
    # resident (READ_STAY_NOTES) and the edit form (MANAGE_STAY); never the
    # timetable page, so never under break-the-glass.
    "stays.ArrivalTimetableItem.description": [
        ("stays.Stay", "timetable", (P.READ_STAY_NOTES, P.MANAGE_STAY))
    ],
    "followup.ActionPlan": [("followup.ActionPlan", "pk", _FOLLOWUP)],
    "followup.PlanGoal": [("followup.ActionPlan", "goals", _FOLLOWUP)],
    "followup.PlanAction": [("followup.ActionPlan", "goals__actions", _FOLLOWUP)],
    "followup.PlanEvaluation": [("followup.ActionPlan", "evaluations", _FOLLOWUP)],
    # The area notes: the pages followup:areas (VIEW_FOLLOWUP, the notes shown to
    # READ_FOLLOWUP_NOTES) and followup:areas_edit (RECORD_FOLLOWUP): the municipality's
    # follow-up staff (the access table, docs/access-model.md), never the police.
    "followup.FollowupArea": [("followup.FollowupArea", "pk", _FOLLOWUP)],
    "followup.Contact": [("followup.Contact", "pk", (P.READ_FOLLOWUP_NOTES,))],
    # A corrected contact's earlier note: its history page after «Vis notater»
    # (READ_FOLLOWUP_NOTES, like the note itself).
    "followup.ContactCorrection": [("followup.Contact", "corrections", (P.READ_FOLLOWUP_NOTES,))],
    "followup.SecurityMeasure": [("followup.SecurityMeasure", "pk", _SECURITY)],
    "followup.CrisisScenario": [("followup.CrisisScenario", "pk", _SECURITY)],
    "followup.ThreatChange": [("followup.ThreatChange", "pk", _SECURITY)],
    "followup.ConversationItem": [("followup.SecurityConversation", "items", _SECURITY)],
    # What a decision granted or refused and the plan's coordinator: the pages
    # decisions:decisions (VIEW_DECISIONS, the texts after «vis»),
    # decision_edit and plan_edit (RECORD_DECISIONS): the offer's staff only.
    "decisions.Decision": [("decisions.Decision", "pk", (P.VIEW_DECISIONS, P.RECORD_DECISIONS))],
    "decisions.IndividualPlan": [
        ("decisions.IndividualPlan", "pk", (P.VIEW_DECISIONS, P.RECORD_DECISIONS))
    ],
    "reporting.MilestoneReport": [
        (
            "reporting.MilestoneReport",
            "pk",
            (P.READ_MILESTONE_REPORTS, P.SUBMIT_MILESTONE_REPORT),
        )
    ],
    # Agenda, minutes, decisions and tasks: the meeting pages, the minutes
    # form and the minutes PDF, for the offer's own staff.
    "meetings.Meeting": [("meetings.Meeting", "pk", (P.VIEW_MEETINGS, P.RECORD_MEETINGS))],
    "meetings.MeetingTask": [("meetings.MeetingTask", "pk", (P.VIEW_MEETINGS,))],
    "access.BreakGlassAccess": [
        ("access.BreakGlassAccess", "pk", (P.REVIEW_AUDIT, P.USE_BREAK_GLASS))
    ],
    # The documents of a case: the list shows title and description, the
    # download (ONLY_ON_ROUTES) the file; the offer's staff for a stay's, the
    # team for the intake's (docs/access-model.md).
    "documents.StayDocument": [("documents.StayDocument", "pk", (P.STAY_DOCUMENTS,))],
    "documents.PersonDocument": [("documents.PersonDocument", "pk", (P.INTAKE_DOCUMENTS,))],
    # A routine's attached document: only its download (ONLY_ON_ROUTES), for
    # whoever reads the version (the offer's staff; the directorate where shared).
    "routines.RoutineVersion.file": [("routines.RoutineVersion", "pk", (P.READ_ROUTINES,))],
    "access.ApprovalRequest": [("access.ApprovalRequest", "pk", (P.VIEW_APPROVALS,))],
    # The name (with consent) and the note: the contact's page and the form that
    # turns it into an inquiry (its reason is filled in with the note); the team only.
    "advisory.AdvisoryContact": [
        ("advisory.AdvisoryContact", "pk", (P.VIEW_ADVISORY, P.RECORD_ADVISORY))
    ],
    # How a person's identity was checked for an art. 15 report and why staff
    # names were included: written by access.views.access_report, shown on no
    # page and in no export (the report itself holds no access-app rows).
    "access.AccessReport": [],
}
# --- the art. 15 report: an explicit rule of its own ---------------------------------
# The report (access.art15, POST access:access_report) shows ONE person their
# own data, whatever the role's other grants say. In its PDF a marker is
# allowed only when its row is about that person (the lookup from the model
# to the person below; a model not listed is a hit) and its field is not one
# the report must hold back:
# * never the secret address: a report can be lost or intercepted on its way;
# * never the police's threat assessments (referrals.ThreatAssessment, both
#   fields; followup.ThreatChange): they name threat actors, may be exempt
#   from access, and a person under pressure can be made to ask for a report;
# and it names no staff member (checked in Scan.check_art15) unless the
# coordinator asks for names with a reason, which the scan does not.
ART15_PERSON_PATHS: dict[str, str] = {
    "referrals.Person": "pk",
    "referrals.Assessment": "person",
    "referrals.Consent": "person",
    "referrals.Allocation": "assessment__person",
    "stays.Stay": "person",
    **{
        label: "stay__person"
        for label in (
            "stays.PlannedMoveOutChange",
            "stays.HouseholdMember",
            "stays.ArrivalTimetableItem",
            "stays.TransferItem",
            "stays.GoalIndicatorAssessment",
            "followup.ActionPlan",
            "followup.FollowupArea",
            "followup.Contact",
            "followup.SecurityMeasure",
            "followup.CrisisScenario",
            "decisions.Decision",
            "decisions.IndividualPlan",
            "meetings.Meeting",
            "meetings.MeetingTask",
            "reporting.MilestoneReport",
            "documents.StayDocument",
        )
    },
    "documents.PersonDocument": "person",
}
ART15_NEVER = {
    "housing.Dwelling.address",
    "referrals.ThreatAssessment.details",
    "referrals.ThreatAssessment.measures_note",
    "followup.ThreatChange.detail",
    # The report says which documents exist, never what is in them.
    "documents.StayDocument.content",
    "documents.PersonDocument.content",
}
ART15_ROUTE = "access:access_report"

# Fields shown only on these routes, even to a role that holds the grant.
ONLY_ON_ROUTES: dict[str, set[str]] = {
    "housing.Dwelling.address": {"housing:dwelling_address"},
    "documents.StayDocument.content": {"documents:stay_document_download"},
    "documents.PersonDocument.content": {"documents:person_document_download"},
    "routines.RoutineVersion.file": {"routines:file"},
}


@dataclass(frozen=True)
class Marker:
    value: str
    label: str  # app.Model
    field: str
    pk: int

    @property
    def key(self) -> str:
        return f"{self.label}.{self.field}"


def grants_for(marker: Marker) -> list[Grant]:
    if marker.key in GRANTS:
        return GRANTS[marker.key]
    assert marker.label in GRANTS, f"no grant entry for {marker.key}: add one to GRANTS"
    return GRANTS[marker.label]


def granted(user: Any, marker: Marker, route_key: str, cache: dict[Any, bool]) -> bool:
    if user is None:
        return False
    only = ONLY_ON_ROUTES.get(marker.key)
    if only is not None and route_key not in only:
        return False
    key = (user.pk, marker.key, marker.pk)
    if key not in cache:
        cache[key] = any(
            policy.visible(user, apps.get_model(label), perm).filter(**{lookup: marker.pk}).exists()
            for label, lookup, perms in grants_for(marker)
            for perm in perms
        )
    return cache[key]


# --- the marked world ---------------------------------------------------------------


def _identity_marker() -> str:
    # 11 digits, as a fødselsnummer: starts with 9 so it is no date anyone types.
    return "9" + "".join(secrets.choice("0123456789") for _ in range(10))


def _fields_of(model: type[Model]) -> list[Any]:
    if model._meta.proxy:  # followup.FollowedStay, reporting.ReportedStay: stays.Stay's
        return []
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedFieldMixin) and not isinstance(f, EncryptedJSONField)
    ]


def encrypted_fields() -> list[str]:
    return [f"{m._meta.label}.{f.name}" for m in apps.get_models() for f in _fields_of(m)]


def mark_everything() -> dict[str, Marker]:
    """Give every encrypted text field of every row a unique marker; value -> marker."""
    markers: dict[str, Marker] = {}
    for model in apps.get_models():
        fields = _fields_of(model)
        if not fields:
            continue
        label = model._meta.label
        for pk in model._default_manager.values_list("pk", flat=True):
            values: dict[str, str] = {}
            for field in fields:
                if field.name == "identity_number":
                    value = _identity_marker()
                else:
                    value = f"MRK-{label}.{field.name}-{pk}-{secrets.token_hex(3)}"
                values[field.name] = value
                markers[value] = Marker(value, label, field.name, pk)
            model._default_manager.filter(pk=pk).update(**values)
    return markers


def build_world(ctx: SampleContext) -> World:
    world = World(ctx)
    for kind in ("dwelling", "stay", "inquiry", "break_glass", "report", "advisory_contact"):
        world.get(kind, "own")
    for variant in ("own", "other"):
        _follow_up(world, variant)
    _access_reports(world)
    return world


def _access_reports(world: World) -> None:
    """Art. 15 reports (access.AccessReport) about the own, other and closed residents.

    Made by the coordinator, the only role that may, through ``art15.generate``.
    """
    from oversight import art15

    coordinator = world.ctx.cast["coordinator"]
    for variant, method in (("own", "other"), ("other", "bankid"), ("closed", "other")):
        stay: Any = world.get("stay", variant)
        art15.generate(
            user=coordinator,
            person_id=stay.person_id,
            identity_checked=True,
            identity_method=method,
            identity_note="Viste pass ved oppmøte",
            include_names=variant == "own",
            names_reason="Personen ba om navnene på dem som har sett saken",
        )


def _follow_up(world: World, variant: str) -> None:
    """The follow-up rows the matrix world lacks, so their encrypted fields get markers too."""
    from core import dates
    from followup import services
    from followup.models import ActionPlan, ChecklistItem, Contact, PlanGoal

    stay: Any = world.get("stay", variant)
    cast = world.ctx.cast
    today = dates.today()
    police, staff = cast["local_police_a"], cast["followup_worker_a"]
    services.conversation_save(
        stay=stay,
        by=police,
        held_on=today,
        police_participants="Politiet",
        staff_participants="Tilbudet",
        items={item: (True, "Gjennomgått") for item in ChecklistItem.values},
        scenarios=[("Hvis noen følger etter meg", "Jeg ringer 112")],
    )
    services.threat_change_create(
        stay=stay, by=police, recorded_on=today, risk_level="high", detail="Ny bil sett"
    )
    plan = ActionPlan.objects.get(stay=stay)
    services.evaluation_create(plan=plan, by=staff, evaluated_on=today, summary="Går framover")
    goal = PlanGoal.objects.filter(plan=plan).first()
    assert goal is not None
    services.action_create(goal=goal, by=staff, text="Søke skoleplass", responsible="Berit")
    services.contact_create(
        stay=stay,
        by=staff,
        contact_on=today,
        minutes=30,
        form=Contact.Form.IN_PERSON,
        with_whom=Contact.With.values[0],
        note="Snakket om skolen",
    )


def _allow_exports(world: World, ctx: SampleContext) -> None:
    """Bob has had the own dwelling's address and holds an approved resident-list export."""
    from access import approvals
    from access.models import AddressDisclosure, ApprovalRequest

    bob, alice = ctx.cast["project_lead_a"], ctx.cast["coordinator"]
    dwelling: Any = world.get("dwelling", "own")
    AddressDisclosure.objects.create(user=bob, dwelling=dwelling)
    export = approvals.request_approval(
        user=bob,
        kind=ApprovalRequest.Kind.BULK_EXPORT,
        subject_obj=world.get("offer", "own"),
        reason="Trenger listen til brannøvelsen",
    )
    approvals.decide(user=alice, approval_id=export.pk, approve=True)


# Tables a GET may write: the audit log, the session's own bookkeeping and the
# ledgers the CSRF/method walk allows with its reasons (GET_MAY_APPEND: showing
# the information package is its disclosure to the offer).
# The kept statistics of finished years are a cache of counts the first
# reader fills (test_csrf_and_methods.IGNORED says why a GET may).
_MAY_CHANGE_ON_GET = {
    "audit.AuditEntry", "audit.AuditHead", "sessions.Session", "reporting.StatisticsYear",
    *GET_MAY_APPEND,
}  # fmt: skip


def database_state() -> dict[str, tuple[Any, ...]]:
    """Per table: row count, highest pk and latest change, to see whether anything was written."""
    from django.db.models import Max

    state: dict[str, tuple[Any, ...]] = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.proxy or label in _MAY_CHANGE_ON_GET:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        aggregates = {"pk": Max("pk")}
        if "updated_at" in names:
            aggregates["updated"] = Max("updated_at")
        found = model._default_manager.aggregate(**aggregates)
        state[label] = (model._default_manager.count(), *found.values())
    return state


# --- reading answers ------------------------------------------------------------------

_URL_ATTRS = re.compile(
    r"(?:href|src|action|formaction|hx-get|hx-post|hx-put|hx-delete|hx-patch|data-url)"
    r'\s*=\s*"([^"]*)"'
)


def body_text(response: Any) -> str:
    """The answer as text, whatever its type."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind and not content.startswith(b"%PDF"):
        # A case document's file (documents) holds the marker text itself once marked.
        return content.decode("utf-8", errors="replace")
    if "pdf" in kind:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return (
            "\n".join(page.extract_text() or "" for page in reader.pages)
            + "\n"
            + str(reader.metadata or "")
        )
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            "\t".join("" if c is None else str(c) for c in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return unescape(content.decode("utf-8", errors="replace"))


def searchable(response: Any, text: str) -> str:
    """The text to look for markers in: a PDF's table cells wrap a long marker
    over lines, so its text is also searched with all whitespace taken out
    (a marker holds none)."""
    if "pdf" in response.get("Content-Type", ""):
        return text + "\n" + re.sub(r"\s+", "", text)
    return text


def urls_in(response: Any, text: str) -> list[str]:
    found = [unquote(unescape(u)) for u in _URL_ATTRS.findall(text)]
    if response.get("Location"):
        found.append(unquote(response["Location"]))
    return found


# --- the scan -------------------------------------------------------------------------


@dataclass
class Scan:
    user: Any
    markers: dict[str, Marker]
    pattern: re.Pattern[str]
    responses: int = 0
    exports: int = 0
    granted_sightings: int = 0
    # Under break-the-glass: the covering row's purpose must start with this.
    required_purpose: str = ""

    def __post_init__(self) -> None:
        self.hits: list[str] = []
        self.url_hits: list[str] = []
        self.cache: dict[Any, bool] = {}
        self.seen_granted: set[str] = set()
        # Audit coverage (SECURITY.md 33): granted sightings without a row.
        self.uncovered: list[str] = []
        self.rows: list[Any] = []
        self.show_links: list[str] = []

    def send(self, client: Client, method: str, path: str, data: Any = None) -> Any:
        """Make one request and keep the audit rows the user wrote in it (for ``audited``)."""
        before = audit_coverage.head_seq()
        response = getattr(client, method.lower())(path, data)
        self.rows = audit_coverage.rows_since(before, self.user)
        return response

    def audited(self, method: str, path: str, marker: Marker) -> None:
        """Is this granted sighting covered by a row the same request wrote?"""
        rows = audit_coverage.covering(self.rows, marker.label, marker.field, marker.pk)
        if not [r for r in rows if r.purpose.startswith(self.required_purpose)]:
            name = self.user.username if self.user is not None else "anonymous"
            why = f" with the purpose {self.required_purpose!r}" if rows else ""
            self.uncovered.append(
                f"{name} {method} {path}: {marker.key} of {marker.label} {marker.pk}"
                f" has no audit row{why}"
            )

    def check(self, method: str, path: str, route_key: str, response: Any) -> None:
        self.responses += 1
        name = self.user.username if self.user is not None else "anonymous"
        text = body_text(response)
        # Links to the same page with a query («vis»): encrypted text shown on request.
        self.show_links = sorted(
            {unescape(u) for u in _URL_ATTRS.findall(text) if u.startswith("?") and len(u) > 1}
            if "?" not in path
            else set()
        )
        for url in [unquote(path), *urls_in(response, text)]:
            for value in set(self.pattern.findall(url)):
                self.url_hits.append(f"{name} {method} {path}: {self.markers[value].key} in {url}")
        for value in set(self.pattern.findall(searchable(response, text))):
            marker = self.markers[value]
            if granted(self.user, marker, route_key, self.cache):
                self.granted_sightings += 1
                self.seen_granted.add(marker.key)
                self.audited(method, path, marker)
            else:
                self.hits.append(
                    f"{name} {method} {path} ({response.status_code}): "
                    f"{marker.key} of {marker.label} {marker.pk}"
                )

    def check_art15(self, path: str, response: Any, person_pk: int) -> None:
        """The art. 15 PDF under its own rule (ART15_PERSON_PATHS, ART15_NEVER)."""
        from accounts.models import User

        self.responses += 1
        self.exports += 1
        name = self.user.username
        assert response.status_code == 200 and "pdf" in response.get("Content-Type", ""), (
            f"{name}: no art. 15 report ({response.status_code})"
        )
        text = body_text(response)
        for url in [unquote(path), *urls_in(response, text)]:
            for value in set(self.pattern.findall(url)):
                self.url_hits.append(f"{name} POST {path}: {self.markers[value].key} in {url}")
        for value in set(self.pattern.findall(searchable(response, text))):
            marker = self.markers[value]
            lookup = ART15_PERSON_PATHS.get(marker.label)
            own = (
                marker.key not in ART15_NEVER
                and lookup is not None
                and apps.get_model(marker.label)
                ._default_manager.filter(pk=marker.pk)
                .filter(**{lookup: person_pk})
                .exists()
            )
            if own:
                self.granted_sightings += 1
                self.seen_granted.add(f"art15:{marker.key}")
                self.audited("POST", path, marker)
            else:
                self.hits.append(
                    f"{name} POST {path} (art. 15 report on person {person_pk}): "
                    f"{marker.key} of {marker.label} {marker.pk}"
                )
        # No staff identity: no username, name or e-mail of any user.
        flat = " ".join(text.split()).lower()
        for user in User.objects.all():
            for word in (user.username, user.first_name, user.last_name, user.email):
                if word and re.search(rf"\b{re.escape(word.lower())}\b", flat):
                    self.hits.append(f"{name} POST {path}: staff identity {word!r} in the report")


def _art15(scan: Scan, client: Client, world: World, user: Any) -> None:
    """The art. 15 report on the own and the closed resident, for every role.

    A role that may produce it (PRODUCE_ACCESS_REPORT: the coordinator) gets
    the PDF, checked under the report's own rule; any other role gets a page
    that is checked as every page is (and must hold no marker at all).
    """
    path = reverse(ART15_ROUTE)
    for variant in ("own", "closed"):
        stay: Any = world.get("stay", variant)
        response = scan.send(
            client,
            "POST",
            path,
            {
                # The reference, not the identity number: the markers were
                # written past the blind index, and a number in a form is no
                # better a test of the report.
                "identity_number": "",
                "person_ref": str(stay.person_id),
                "identity_checked": "on",
                "identity_method": "in_person_id",
                "identity_note": "",
                "names_reason": "",
            },
        )
        if user is not None and policy.has_perm(user, P.PRODUCE_ACCESS_REPORT):
            scan.check_art15(path, response, stay.person_id)
        else:
            assert response.status_code in (302, 403, 404), (variant, response.status_code)
            scan.check("POST", path, ART15_ROUTE, response)


def _paths(route: Route, world: World, ctx: SampleContext) -> list[str]:
    plan = plan_for(route)
    assert plan is not None, f"{route.key}: not in the matrix registry"
    if not plan.objects:
        assert plan.fixed is not None
        return [build_path(route, plan.fixed(ctx))]
    paths = []
    for variant in VARIANTS:
        if variant == "nonexistent":
            continue
        objects = {p: world.get(spec.kind, variant) for p, spec in plan.objects.items()}
        if any(o is None for o in objects.values()):
            continue
        kwargs = plan.fixed(ctx) if plan.fixed is not None else {}
        kwargs.update({p: o.pk for p, o in objects.items() if isinstance(o, Model)})
        paths.append(build_path(route, kwargs))
    return paths


def _exports(scan: Scan, client: Client, world: World, user: Any) -> None:
    """The exports: statistics in every format, the resident list, the address reveal."""
    for fmt in ("csv", "xlsx", "pdf"):
        path = reverse("reporting:statistics_export", args=[fmt])
        scan.check("GET", path, "reporting:statistics_export", scan.send(client, "GET", path))
        scan.exports += 1
    offer = world.get("offer", "own")
    assert offer is not None
    path = reverse("access:resident_export_download", args=[offer.pk])
    scan.check("POST", path, "access:resident_export_download", scan.send(client, "POST", path))
    scan.exports += 1
    # An address needs a passkey used just now (access.signin.passkeys); last, since
    # the test authenticator row would upset the passkey pages walked above.
    reveal = (
        sign_in(Client(), user, reauthenticated=True, webauthn=True) if user is not None else client
    )
    for variant in ("own", "other", "closed"):
        dwelling = world.get("dwelling", variant)
        assert dwelling is not None
        path = reverse("housing:dwelling_address", args=[dwelling.pk])
        scan.check("POST", path, "housing:dwelling_address", scan.send(reveal, "POST", path))


ROLES = ["anonymous", "coordinator", "police_representative", "directorate_representative"]
ROLES += ["project_lead_a", "followup_worker_a", "followup_worker_b", "local_police_a"]
ROLES += ["analyst", "sysadmin"]


@pytest.mark.parametrize("role", ROLES)
def test_no_marker_outside_the_roles_grants(role: str, cast: Any, orgs: Any) -> None:
    user = None if role == "anonymous" else cast[role]
    ctx = SampleContext(cast=cast, orgs=orgs, user=user)
    world = build_world(ctx)
    _allow_exports(world, ctx)
    markers = mark_everything()
    # Every encrypted field has a row in the world: a new field without one
    # would never be scanned (add its rows to the world, or to build_world).
    unmarked = set(encrypted_fields()) - {m.key for m in markers.values()}
    assert not unmarked, f"encrypted fields with no row in the world: {sorted(unmarked)}"
    for member in cast.values():
        policy.forget_break_glass(member)
        policy.forget_cached_memberships(member)
    pattern = re.compile("|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True)))
    scan = Scan(user, markers, pattern)
    client = sign_in(Client(), user, reauthenticated=True) if user is not None else Client()

    state = database_state()
    for route in ROUTES:
        for path in _paths(route, world, ctx):
            scan.check("GET", path, route.key, scan.send(client, "GET", path))
            # A deliberate «vis» on the page (?vis=1, ?trussel=1): follow it too.
            for query in scan.show_links:
                scan.check("GET", path + query, route.key, scan.send(client, "GET", path + query))
    # SECURITY.md 15: the GETs changed nothing but the audit log.
    changed = {k for k, v in database_state().items() if state.get(k) != v}
    _art15(scan, client, world, user)
    _exports(scan, client, world, user)
    assert_no_markers_in_logs(markers)

    record(
        "markers",
        {
            "role": role,
            "markers": len(markers),
            "fields": len({m.key for m in markers.values()}),
            "fields_total": len(encrypted_fields()),
            "responses": scan.responses,
            "exports": scan.exports,
            "log_lines": len(captured_lines()),
            "hits": len(scan.hits),
            "granted_sightings": scan.granted_sightings,
            "url_hits": len(scan.url_hits),
        },
    )
    record(
        "audit_coverage",
        {
            "role": role,
            "sightings": scan.granted_sightings,
            "uncovered": len(scan.uncovered),
        },
    )
    assert scan.hits == [], "markers outside the role's grants:\n" + "\n".join(scan.hits)
    assert scan.url_hits == [], "markers in URLs:\n" + "\n".join(scan.url_hits)
    assert not changed, f"GET requests changed {sorted(changed)}"
    # SECURITY.md 21 and 33: whatever the role sees, the audit log knows.
    assert not scan.uncovered, "sightings without an audit row:\n" + "\n".join(scan.uncovered)
    # The positive control: the scan sees what the role may see.
    expected_sightings = {
        "project_lead_a": {"referrals.Person.name", "housing.Dwelling.address"},
        "coordinator": {
            "referrals.Person.name",
            "referrals.Person.identity_number",
            # The art. 15 report shows the person their own name and notes.
            "art15:referrals.Person.name",
            "art15:stays.GoalIndicatorAssessment.social_network_note",
            "art15:followup.FollowupArea.notes",
        },
        "local_police_a": {"referrals.ThreatAssessment.details"},
    }.get(role, set())
    assert expected_sightings <= scan.seen_granted, (
        f"the scan did not see {expected_sightings - scan.seen_granted} for {role}"
    )
