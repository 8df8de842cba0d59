"""The authorization matrix's registry: which object each URL parameter names, and a world.

SECURITY.md 2: every role × every route × objects {own, other, closed,
nonexistent}. The expected answer comes from the policy, never from a table
of outcomes: a signed-in user may open a route with objects iff
``policy.route_allows(user, requirement)`` and every object in the URL is in
``policy.visible(user, Model, perm)`` for the route's permission.

What this module adds is the knowledge the resolver lacks: which model a URL
parameter names (``ROUTE_OBJECTS``, with namespace defaults so a new
``beboere/<int:pk>/…`` page is covered without an edit) and one world with an
object of every kind in each variant:

* own: municipality A's (the cast's ``*_a`` users), or the team's,
* other: municipality B's (another offer, another district),
* closed: municipality A's, but closed, moved out, withdrawn, done or out
  of use, whatever closing means for the kind (None when it has no such state),
* nonexistent: an id that exists nowhere.

Parameters that name no object (``fmt``, allauth's keys, the admin's pages,
which are not scoped by ``visible``) take their values from
``route_samples``. A route with a parameter known to neither fails the matrix
(``test_it_covers_every_route``). The marker scan (test_marker_scan.py)
reuses the world with markers in every encrypted field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.utils import timezone

from access import policy
from access.tests.route_samples import Route, SampleContext, discover, sample_for

VARIANTS = ("own", "other", "closed", "nonexistent")
NONEXISTENT_PK = 987_654_321


@dataclass(frozen=True)
class ObjectParam:
    """A URL parameter naming an object of ``kind``, checked as ``model`` under ``perm``.

    ``perm`` None means the route's own permission; set it only where the view
    fetches the object under another permission (e.g. it opens an inquiry to
    create an assessment from it).
    """

    kind: str
    model: str
    perm: policy.Perm | None = None


def _p(kind: str, model: str, perm: policy.Perm | None = None) -> ObjectParam:
    return ObjectParam(kind, model, perm)


P = policy.Perm
OFFER = _p("offer", "housing.Offer")
DWELLING = _p("dwelling", "housing.Dwelling")
STAY = _p("stay", "stays.Stay")
FOLLOWED_STAY = _p("stay", "followup.FollowedStay")
REPORTED_STAY = _p("stay", "reporting.ReportedStay")
DECIDED_STAY = _p("stay", "decisions.DecidedStay")
MEETING_STAY = _p("stay", "meetings.MeetingStay")
MEETING = _p("meeting", "meetings.Meeting")
BREAK_GLASS = _p("break_glass", "access.BreakGlassAccess")
DOCUMENT_STAY = _p("stay", "documents.DocumentStay")
DOCUMENT_PERSON = _p("person", "documents.DocumentPerson")

# Namespace defaults: (namespace, parameter) -> object. A new route in these
# apps with these parameters is covered without touching this file.
NAMESPACE_OBJECTS: dict[tuple[str, str], ObjectParam] = {
    ("stays", "pk"): STAY,
    ("stays", "offer_pk"): OFFER,
    ("followup", "stay_id"): FOLLOWED_STAY,
    ("meetings", "stay_id"): MEETING_STAY,
    ("meetings", "meeting_id"): MEETING,
    ("reporting", "pk"): REPORTED_STAY,
    ("decisions", "stay_id"): DECIDED_STAY,
    ("documents", "stay_id"): DOCUMENT_STAY,
    ("documents", "person_id"): DOCUMENT_PERSON,
    ("routines", "offer_pk"): _p("offer", "routines.RoutineOffer"),
    ("advisory", "pk"): _p("advisory_contact", "advisory.AdvisoryContact"),
}

# Route -> parameter -> object, where the namespace default does not fit.
ROUTE_OBJECTS: dict[str, dict[str, ObjectParam]] = {
    **{
        f"housing:{name}": {"pk": OFFER}
        for name in ("offer_detail", "offer_edit", "dwelling_create", "partner_create")
    },
    **{
        f"housing:{name}": {"pk": DWELLING}
        for name in (
            "dwelling_detail",
            "dwelling_address",
            "dwelling_places",
            "dwelling_take_out_of_use",
            "clearance_create",
        )
    },
    "housing:recommendation_done": {"pk": _p("recommendation", "housing.ClearanceRecommendation")},
    "housing:contact_create": {"pk": _p("partner", "housing.PartnerService")},
    "referrals:inquiry_detail": {"pk": _p("inquiry", "referrals.Inquiry")},
    "referrals:inquiry_correct": {"pk": _p("inquiry", "referrals.Inquiry")},
    "referrals:inquiry_no_place": {"pk": _p("inquiry", "referrals.Inquiry")},
    "referrals:assessment_create": {"pk": _p("inquiry", "referrals.Inquiry", P.EDIT_INQUIRIES)},
    **{
        f"referrals:{name}": {"pk": _p("assessment", "referrals.Assessment")}
        for name in (
            "assessment_detail",
            "assessment_correct",
            "assessment_withdraw",
            "consent_create",
            "share_with_police",
            "match",
        )
    },
    "referrals:threat_create": {
        "pk": _p("assessment", "referrals.Assessment", P.WRITE_THREAT_ASSESSMENTS)
    },
    "referrals:consent_withdraw": {"pk": _p("consent", "referrals.Consent")},
    "referrals:threat_detail": {"pk": _p("threat", "referrals.ThreatAssessment")},
    "referrals:allocation_withdraw": {"pk": _p("allocation", "referrals.Allocation")},
    "referrals:package": {"pk": _p("allocation", "referrals.Allocation")},
    "stays:household_remove": {"pk": STAY, "member_pk": _p("member", "stays.HouseholdMember")},
    "stays:timetable_item_edit": {
        "pk": STAY,
        "item_pk": _p("timetable_item", "stays.ArrivalTimetableItem"),
    },
    "stays:partner_remove": {"pk": STAY, "link_pk": _p("stay_partner", "stays.StayPartner")},
    "stays:template_item_edit": {
        "offer_pk": OFFER,
        "item_pk": _p("template_item", "stays.ArrivalTemplateItem", P.MANAGE_OFFERS),
    },
    "stays:template_item_delete": {
        "offer_pk": OFFER,
        "item_pk": _p("template_item", "stays.ArrivalTemplateItem", P.MANAGE_OFFERS),
    },
    "followup:measure_edit": {
        "stay_id": FOLLOWED_STAY,
        "measure_id": _p("measure", "followup.SecurityMeasure"),
    },
    **{
        f"followup:{name}": {
            "stay_id": FOLLOWED_STAY,
            "contact_id": _p("contact", "followup.Contact"),
        }
        for name in ("contact_correct", "contact_history")
    },
    "followup:progress_set": {
        "stay_id": FOLLOWED_STAY,
        "item_id": _p("goal", "followup.PlanGoal", P.RECORD_FOLLOWUP),
    },
    "decisions:decision_edit": {
        "stay_id": DECIDED_STAY,
        "decision_id": _p("decision", "decisions.Decision"),
    },
    "documents:stay_document_download": {
        "stay_id": DOCUMENT_STAY,
        "document_id": _p("stay_document", "documents.StayDocument"),
    },
    "documents:person_document_download": {
        "person_id": DOCUMENT_PERSON,
        "document_id": _p("person_document", "documents.PersonDocument"),
    },
    "meetings:consent_withdraw": {
        "stay_id": MEETING_STAY,
        "consent_id": _p("meeting_consent", "meetings.MeetingConsent"),
    },
    "meetings:task_done": {
        "stay_id": MEETING_STAY,
        "meeting_id": MEETING,
        "task_id": _p("meeting_task", "meetings.MeetingTask"),
    },
    # Also tagged EDIT_INQUIRIES; the view fetches the contact under RECORD_ADVISORY.
    "advisory:contact_to_inquiry": {
        "pk": _p("advisory_contact", "advisory.AdvisoryContact", P.RECORD_ADVISORY)
    },
    "reporting:report_detail": {"pk": _p("report", "reporting.MilestoneReport")},
    "routines:file": {
        "offer_pk": _p("offer", "routines.RoutineOffer"),
        "version_pk": _p("routine_file", "routines.RoutineVersion"),
    },
    "reporting:report_mark_read": {"pk": _p("report", "reporting.MilestoneReport")},
    # The access app: break-the-glass, two-person approval, exports.
    "access:break_glass_opened": {"pk": BREAK_GLASS},
    "access:break_glass_review": {"pk": BREAK_GLASS},
    **{
        f"access:{name}": {"pk": _p("approval", "access.ApprovalRequest")}
        for name in ("approval_detail", "approval_approve", "approval_reject")
    },
    "access:address_request": {"pk": DWELLING},
    # Tagged with two permissions (EXPORT_RESIDENT_LIST, MANAGE_OFFERS); the
    # views fetch the offer under MANAGE_OFFERS (access.views._export_offer).
    **{
        f"access:{name}": {"pk": _p("offer", "housing.Offer", P.MANAGE_OFFERS)}
        for name in ("resident_export", "resident_export_download")
    },
}

# Parameters that name no object: a fixed value, the same for every variant.
FIXED_PARAMS: dict[str, dict[str, Any]] = {
    "followup:progress_set": {"kind": "mal"},
    "reporting:milestone_submit": {"kind": "three_months"},
    "reporting:statistics_export": {"fmt": "csv"},
    **{
        f"routines:{name}": {"kind": "security_work"}
        for name in ("routine", "edit", "approve", "confirm")
    },
    "routines:file": {"kind": "security_work"},
}

# followup.PlanGoal has no scope of its own: the view reaches goals through
# the stay's plan. The matrix checks it through its stay.
VIA_STAY = {"followup.PlanGoal": ("plan__stay", "followup.FollowedStay")}


@dataclass(frozen=True)
class Plan:
    """How the matrix fills one route: object parameters, fixed ones, or a sample."""

    objects: dict[str, ObjectParam]
    fixed: Callable[[SampleContext], dict[str, Any]] | None

    @property
    def variants(self) -> tuple[str, ...]:
        return VARIANTS if self.objects else ("fixed",)


_SAMPLES = discover()


def plan_for(route: Route) -> Plan | None:
    """The route's plan, or None when a parameter is known to nobody (fails the build)."""
    namespace = route.name.split(":")[0] if ":" in route.name else ""
    objects: dict[str, ObjectParam] = {}
    fixed = dict(FIXED_PARAMS.get(route.key, {}))
    explicit = ROUTE_OBJECTS.get(route.key, {})
    rest: list[str] = []
    for param in route.params:
        if param in explicit:
            objects[param] = explicit[param]
        elif (namespace, param) in NAMESPACE_OBJECTS:
            objects[param] = NAMESPACE_OBJECTS[(namespace, param)]
        elif param not in fixed:
            rest.append(param)
    if not rest:
        return Plan(objects, (lambda ctx: dict(fixed)) if fixed or not objects else None)
    if objects:
        return None  # half known: say so rather than guess
    # No object parameter: third-party and admin routes, filled by route_samples.
    sample = sample_for(route, _SAMPLES)
    if sample is None:
        return None
    return Plan({}, sample)


def requirement_perm(requirement: Any, param: ObjectParam) -> policy.Perm:
    if param.perm is not None:
        return param.perm
    perms = tuple(requirement)
    assert len(perms) == 1, f"object route with {len(perms)} permissions: say which one"
    return policy.Perm(perms[0])


def object_visible(user: Any, param: ObjectParam, obj: Model | None, perm: policy.Perm) -> bool:
    """The policy's answer for one object (None: it does not exist)."""
    if obj is None:
        return False
    label = param.model
    pk = obj.pk
    if label in VIA_STAY:
        path, label = VIA_STAY[label]
        pk = type(obj)._default_manager.filter(pk=obj.pk).values_list(path, flat=True).get()
    model = apps.get_model(label)
    return policy.visible(user, model, perm).filter(pk=pk).exists()


# --- the world -------------------------------------------------------------------


class World:
    """Objects of every kind in every variant, built once per test and on demand."""

    def __init__(self, ctx: SampleContext) -> None:
        self.ctx = ctx
        self.objects: dict[str, dict[str, Model | None]] = {}
        self._built: set[str] = set()

    def get(self, kind: str, variant: str) -> Model | None:
        if variant == "nonexistent":
            return None
        group = _GROUP_OF[kind]
        if group not in self._built:
            self._built.add(group)
            _BUILDERS[group](self)
        return self.objects[kind][variant]

    def put(self, kind: str, own: Any, other: Any, closed: Any) -> None:
        self.objects[kind] = {"own": own, "other": other, "closed": closed}

    def all_objects(self) -> list[Model]:
        return [o for v in self.objects.values() for o in v.values() if o is not None]


def _today() -> dt.date:
    from core import dates

    return dates.today()


def _project_lead(world: World, municipality: Any) -> Any:
    from accounts.models import Membership, Role, User

    cast = world.ctx.cast
    if municipality == world.ctx.orgs["municipality_a"]:
        return cast["project_lead_a"]
    key = f"project_lead-{municipality.pk}"
    if key not in world.ctx.cache:
        user = User.objects.create_user(username=f"matrix-pl-{municipality.pk}")
        Membership.objects.create(user=user, organisation=municipality, role=Role.PROJECT_LEAD)
        world.ctx.cache[key] = user
    return world.ctx.cache[key]


def _build_housing(world: World) -> None:
    from housing.models import ClearanceRecommendation, Dwelling
    from tests.factories import (
        ClearanceFactory,
        ContactFactory,
        DwellingFactory,
        OfferFactory,
        PartnerFactory,
        PlaceFactory,
    )

    orgs, coordinator = world.ctx.orgs, world.ctx.cast["coordinator"]
    made: dict[str, dict[str, Any]] = {}
    for variant, municipality in (("own", "municipality_a"), ("other", "municipality_b")):
        offer = OfferFactory.create(municipality=orgs[municipality], name=f"Matrise {variant}")
        dwelling = DwellingFactory.create(offer=offer, label=f"M-{variant}")
        PlaceFactory.create(dwelling=dwelling)
        clearance: Any = ClearanceFactory.create(dwelling=dwelling, recorded_by=coordinator)
        partner = PartnerFactory.create(offer=offer)
        ContactFactory.create(partner=partner)
        made[variant] = {
            "offer": offer,
            "dwelling": dwelling,
            "clearance": clearance,
            "recommendation": ClearanceRecommendation.objects.create(
                clearance=clearance, text="Skift lås", is_synthetic=True
            ),
            "partner": partner,
        }
    own = made["own"]
    today = _today()
    closed_dwelling = DwellingFactory.create(
        offer=own["offer"],
        label="M-closed",
        in_use=False,
        in_use_from=today - dt.timedelta(days=400),
        out_of_use_from=today - dt.timedelta(days=10),
        out_of_use_reason=Dwelling.OutOfUseReason.LEASE_ENDED,
        out_of_use_note="Kontrakten gikk ut",
    )
    done = ClearanceRecommendation.objects.create(
        clearance=own["clearance"],
        text="Sett opp kamera",
        carried_out=True,
        carried_out_on=today,
        is_synthetic=True,
    )
    world.put("offer", own["offer"], made["other"]["offer"], None)
    world.put("dwelling", own["dwelling"], made["other"]["dwelling"], closed_dwelling)
    world.put("recommendation", own["recommendation"], made["other"]["recommendation"], done)
    world.put("partner", own["partner"], made["other"]["partner"], None)
    world.put(
        "routine_file",
        _routine_file(world, own["offer"]),
        _routine_file(world, made["other"]["offer"]),
        None,
    )


def _routine_file(world: World, offer: Any) -> Any:
    """An approved routine version of ``offer`` with a small PDF attached (routines)."""
    from core.files.samples import minimal_pdf
    from routines.models import RoutineVersion

    data = minimal_pdf("Rutine")
    lead = _project_lead(world, offer.municipality)
    today = _today()
    return RoutineVersion.objects.create(
        offer=offer,
        kind="security_work",
        number=1,
        file=data,
        file_content_type="application/pdf",
        file_size=len(data),
        written_by=lead,
        approved_by=lead,
        approved_on=today,
        next_review_on=today + dt.timedelta(days=365),
        is_synthetic=True,
    )


def _case(world: World, municipality: Any, *, accept: bool) -> dict[str, Any]:
    """A person assessed, consented, threat-assessed and proposed to an offer in ``municipality``."""
    from referrals import services
    from referrals.models import Consent
    from stays import services as stay_services
    from tests import factories as f

    coordinator = world.ctx.cast["coordinator"]
    place = f.cleared_place(municipality=municipality, by=coordinator)
    assessment: Any = f.AssessmentFactory.create(assessed_by_user=coordinator)
    f.ConsentFactory.create(person=assessment.person, recorded_by=coordinator)
    consent = f.ConsentFactory.create(
        person=assessment.person,
        recorded_by=coordinator,
        purpose=Consent.Purpose.RECEIVING_OFFER,
        recipient_kind=Consent.RecipientKind.MUNICIPALITY,
        recipient_organisation=municipality,
    )
    threat = f.ThreatAssessmentFactory.create(
        assessment=assessment, written_by=world.ctx.cast["police_representative"]
    )
    allocation = services.allocation_propose(
        assessment=assessment,
        place=place,
        expected_arrival_on=_today() + dt.timedelta(days=3),
        arrival_notes="Henting på stasjonen",
        by=coordinator,
    )
    stay = None
    if accept:
        stay = stay_services.allocation_accept(
            allocation=allocation, by=_project_lead(world, municipality)
        )
        allocation.refresh_from_db()
    return {
        "inquiry": f.InquiryFactory.create(registered_by=coordinator),
        "assessment": assessment,
        "consent": consent,
        "threat": threat,
        "allocation": allocation,
        "stay": stay,
        "offer": place.dwelling.offer,
    }


def _build_referrals(world: World) -> None:
    from referrals import services
    from referrals.models import Assessment, Inquiry
    from stays import services as stay_services

    orgs, coordinator = world.ctx.orgs, world.ctx.cast["coordinator"]
    own = _case(world, orgs["municipality_a"], accept=False)
    other = _case(world, orgs["municipality_b"], accept=False)
    closed = _case(world, orgs["municipality_a"], accept=False)
    stay_services.allocation_withdraw(
        allocation=closed["allocation"], reason="Trakk seg", by=coordinator
    )
    Assessment.objects.filter(pk=closed["assessment"].pk).update(status=Assessment.Status.CLOSED)
    Inquiry.objects.filter(pk=closed["inquiry"].pk).update(
        outcome=Inquiry.Outcome.NO_PLACE,
        no_place_reason=Inquiry.NoPlaceReason.RELATIVES,
        closed_on=_today(),
    )
    services.consent_withdraw(
        consent=closed["consent"], withdrawn_on=_today(), reason="Ombestemte seg", by=coordinator
    )
    for case in (own, other, closed):
        for kind in ("inquiry", "assessment", "consent", "allocation"):
            case[kind].refresh_from_db()
    for kind in ("inquiry", "assessment", "consent", "threat", "allocation"):
        world.put(kind, own[kind], other[kind], closed[kind])
    persons = [case["assessment"].person for case in (own, other, closed)]
    world.put("person", *persons)
    world.put("person_document", *(_document(world, person=p) for p in persons))


def _document(world: World, **owner: Any) -> Any:
    """A small PDF kept about a person in the intake or about a stay (documents)."""
    from core.files.samples import minimal_pdf
    from documents.models import PersonDocument, StayDocument

    model = StayDocument if "stay" in owner else PersonDocument
    data = minimal_pdf("Samtykke")
    return model.objects.create(
        **owner,
        uploaded_by=world.ctx.cast["coordinator"],
        kind="consent",
        title="Samtykke",
        content=data,
        content_type="application/pdf",
        size=len(data),
        is_synthetic=True,
    )


def _stay_rows(world: World, stay: Any) -> dict[str, Any]:
    from decisions import services as decisions
    from followup import services as followup
    from reporting.models import MilestoneReport
    from stays import services as stays
    from stays.models import ArrivalTimetableItem, HouseholdMember, StayPartner

    lead = _project_lead(world, stay.offer.municipality)
    today = _today()
    from tests.factories import PartnerFactory

    partner = PartnerFactory.create(offer=stay.offer)
    measure = followup.measure_save(
        stay=stay, by=lead, kind="code_6", chosen=True, reason="Høy risiko", applied_on=today
    )
    plan = followup.plan_save(stay=stay, by=lead, made_on=today, own_words="Egne ord")
    # The notes written while living there, through their services: a changed
    # move-out date, the transfer checklist, a follow-up area.
    stays.planned_move_out_change(
        stay=stay,
        new_date=stay.moved_in_on + dt.timedelta(days=250),
        reason="Venter på kommunal bolig",
        by=lead,
    )
    stays.transfer_checklist_save(
        stay=stay,
        values={"nav": {"state": "done", "done_on": today, "note": "Møte med NAV avtalt"}},
        by=lead,
    )
    followup.areas_save(
        stay=stay, by=lead, values={("mapping", 0): ("in_progress", "Kartlegging pågår")}
    )
    # A contact written by the municipality's follow-up worker and corrected
    # once, so the correction pages have an author, a lead and a history.
    cast = world.ctx.cast
    writer = (
        cast["followup_worker_a"]
        if stay.offer.municipality == world.ctx.orgs["municipality_a"]
        else cast["followup_worker_b"]
    )
    contact = followup.contact_create(
        stay=stay,
        by=writer,
        contact_on=today,
        minutes=45,
        form="in_person",
        with_whom="resident",
        themes=["school_work"],
        note="Snakket om skolen",
    )
    followup.contact_correct(
        contact=contact,
        by=writer,
        minutes=60,
        form="phone",
        themes=["school_work", "economy"],
        note="Snakket om skolen og økonomien",
        why="Feil antall minutter",
    )
    decided_on = today - dt.timedelta(days=3)
    # A meeting with a consented participant, minutes and a task (meetings).
    from meetings import services as meetings

    meeting_consent = meetings.consent_create(
        stay=stay, by=lead, partner=partner, given_on=today - dt.timedelta(days=30)
    )
    meeting = meetings.meeting_create(
        stay=stay,
        by=lead,
        kind="strategy_after",
        held_at=timezone.now() - dt.timedelta(days=1),
        agenda="Skole og bolig",
        resident_takes_part=True,
    )
    meetings.participant_add(meeting=meeting, by=lead, partner=partner)
    meetings.minutes_save(meeting=meeting, by=lead, minutes="Referat", decisions="Beslutning")
    meeting_task = meetings.task_create(
        meeting=meeting,
        by=lead,
        description="Søke skoleplass",
        responsible_user=None,
        responsible_partner=partner,
        due_on=today + dt.timedelta(days=7),
    )
    return {
        "meeting": meeting,
        "meeting_consent": meeting_consent,
        "meeting_task": meeting_task,
        "contact": contact,
        # A refused decision and an individual plan with a coordinator (decisions).
        "decision": decisions.decision_save(
            stay=stay,
            by=lead,
            service="nav",
            decided_on=decided_on,
            outcome="refused",
            what="Avslag på sosialhjelp",
        ),
        "individual_plan": decisions.plan_save(
            stay=stay,
            by=lead,
            has_right="yes",
            has_plan=True,
            plan_since=decided_on,
            coordinator="Kari Koordinator, NAV",
        ),
        "stay_document": _document(world, stay=stay),
        "member": HouseholdMember.objects.create(
            stay=stay, kind="child", birth_year=today.year - 2, first_name="Barn"
        ),
        "timetable_item": ArrivalTimetableItem.objects.create(
            stay=stay, on=today, title="Bank", description="Møte i banken"
        ),
        "stay_partner": StayPartner.objects.create(stay=stay, partner=partner),
        "measure": measure,
        "goal": followup.goal_create(plan=plan, by=lead, text="Skole"),
        "report": MilestoneReport.objects.create(
            stay=stay,
            kind="three_months",
            due_on=stay.moved_in_on + dt.timedelta(days=90),
            status_text="Går bra",
            housing_plan="Søker kommunal bolig",
            place_vacant=False,
            submitted_by=lead,
            submitted_on=stay.moved_in_on + dt.timedelta(days=90),
            is_synthetic=True,
        ),
    }


def _build_stays(world: World) -> None:
    from stays import services as stay_services
    from stays.models import GOAL_INDICATORS, ArrivalTemplateItem, GoalIndicatorAssessment, Stay

    orgs = world.ctx.orgs
    today = _today()
    stays: dict[str, Any] = {}
    for variant, municipality in (
        ("own", "municipality_a"),
        ("other", "municipality_b"),
        ("closed", "municipality_a"),
    ):
        case = _case(world, orgs[municipality], accept=True)
        stay = case["stay"]
        moved_in = today - dt.timedelta(days=200)
        Stay.objects.filter(pk=stay.pk).update(
            status=Stay.Status.LIVING,
            allocated_on=moved_in - dt.timedelta(days=5),
            moved_in_on=moved_in,
            planned_move_out_on=moved_in + dt.timedelta(days=365),
        )
        stay.refresh_from_db()
        stays[variant] = (stay, _stay_rows(world, stay), case["offer"])
    closed_stay = stays["closed"][0]
    # Moved out (the place booking is left as it is), then closed through the
    # service, which writes the goal-indicator assessment with its notes.
    Stay.objects.filter(pk=closed_stay.pk).update(
        status=Stay.Status.MOVED_OUT,
        moved_out_on=today - dt.timedelta(days=20),
        destination="own_home_alone",
    )
    closed_stay.refresh_from_db()
    stay_services.stay_close(
        stay=closed_stay,
        closed_on=today - dt.timedelta(days=10),
        indicators=dict.fromkeys((code for code, _label in GOAL_INDICATORS), "partly"),
        notes={code: "Merknad ved avslutning" for code, _label in GOAL_INDICATORS},
        destination="own_home_alone",
        by=_project_lead(world, closed_stay.offer.municipality),
    )
    # The service writes the assessment only at closing; the living stays get
    # one too, so a note of another municipality's resident is in the scan.
    indicators = {
        variant: GoalIndicatorAssessment.objects.create(
            stay=stays[variant][0],
            assessed_on=today,
            assessed_by=_project_lead(world, stays[variant][0].offer.municipality),
            **dict.fromkeys((code for code, _label in GOAL_INDICATORS), "yes"),
            **{f"{code}_note": "Merknad" for code, _label in GOAL_INDICATORS},
        )
        for variant in ("own", "other")
    }
    world.put(
        "goal_indicators",
        indicators["own"],
        indicators["other"],
        GoalIndicatorAssessment.objects.get(stay=closed_stay),
    )
    world.put("stay", stays["own"][0], stays["other"][0], Stay.objects.get(pk=closed_stay.pk))
    for kind in stays["own"][1]:
        world.put(kind, stays["own"][1][kind], stays["other"][1][kind], stays["closed"][1][kind])
    own_item, other_item = (
        ArrivalTemplateItem.objects.create(
            offer=world.get("offer", v),  # type: ignore[misc]
            day_offset=1,
            title="Velkomst",
            is_synthetic=True,
        )
        for v in ("own", "other")
    )
    world.put("template_item", own_item, other_item, None)


def _build_access(world: World) -> None:
    """Break-the-glass accesses and approval requests, made through their services.

    * break_glass: own = berit (municipality A) opened a resident of B, still
      open; other = charlie (municipality B) opened a resident of A; closed =
      berit's earlier access, expired and reviewed by the team lead.
    * approval: own = berit asks to see a dwelling address of A (pending, for
      bob to decide); other = charlie asks for one of B (pending, for B's
      project lead); closed = berit's request for A's closed dwelling,
      rejected by bob.
    """
    from access import approvals, policy
    from access.models import ApprovalRequest, BreakGlassAccess
    from oversight import breakglass
    from stays.models import Stay

    cast = world.ctx.cast
    berit, charlie, bob = (
        cast["followup_worker_a"],
        cast["followup_worker_b"],
        cast["project_lead_a"],
    )
    own_stay, other_stay = world.get("stay", "own"), world.get("stay", "other")
    assert isinstance(own_stay, Stay) and isinstance(other_stay, Stay)
    reason = "Alarm utløst, må se sikkerhetstiltak"
    earlier = breakglass.open_access(
        user=berit,
        reference=other_stay.reference,
        reason=reason,
        now=dt.datetime.now(dt.UTC) - dt.timedelta(days=2),
    )
    breakglass.record_review(
        reviewer=cast["coordinator"],
        access_id=earlier.pk,
        outcome=BreakGlassAccess.Review.JUSTIFIED,
        note="",
    )
    own = breakglass.open_access(user=berit, reference=other_stay.reference, reason=reason)
    other = breakglass.open_access(user=charlie, reference=own_stay.reference, reason=reason)
    world.put("break_glass", own, other, BreakGlassAccess.objects.get(pk=earlier.pk))

    kind = ApprovalRequest.Kind.ADDRESS_DISCLOSURE
    why = "Skal følge beboeren hjem i kveld"
    mine = approvals.request_approval(
        user=berit, kind=kind, subject_obj=world.get("dwelling", "own"), reason=why
    )
    theirs = approvals.request_approval(
        user=charlie, kind=kind, subject_obj=world.get("dwelling", "other"), reason=why
    )
    rejected = approvals.request_approval(
        user=berit, kind=kind, subject_obj=world.get("dwelling", "closed"), reason=why
    )
    approvals.decide(user=bob, approval_id=rejected.pk, approve=False, note="Ikke nødvendig")
    world.put("approval", mine, theirs, ApprovalRequest.objects.get(pk=rejected.pk))
    # The cast's users cache their break-the-glass rows and memberships: the
    # policy must see the accesses opened above.
    for user in cast.values():
        policy.forget_break_glass(user)
        policy.forget_cached_memberships(user)


def _build_advisory(world: World) -> None:
    """The team's contacts are national: own = open, closed = became an inquiry.

    There is no "other": a contact belongs to no municipality.
    """
    from advisory import selectors, services
    from advisory.models import AdvisoryContact

    coordinator = world.ctx.cast["coordinator"]

    def contact(**extra: Any) -> Any:
        return services.contact_create(
            contact_on=_today(),
            asked_by="service",
            service_kind="school",
            channel="phone",
            topics=["forced_marriage"],
            note="Lærer ringte",
            by=coordinator,
            **extra,
        )

    # Both with a consented name: the marker scan writes a marker into every name.
    own = contact(name_consent=True, name="Navn med samtykke")
    closed = contact(name_consent=True, name="Annet navn med samtykke")
    services.contact_to_inquiry(contact=closed, by=coordinator, **selectors.inquiry_facts(closed))
    world.put("advisory_contact", own, None, AdvisoryContact.objects.get(pk=closed.pk))


_BUILDERS: dict[str, Callable[[World], None]] = {
    "housing": _build_housing,
    "referrals": _build_referrals,
    "stays": _build_stays,
    "access": _build_access,
    "advisory": _build_advisory,
}
_GROUP_OF = {
    **dict.fromkeys(("offer", "dwelling", "recommendation", "partner"), "housing"),
    "routine_file": "housing",
    **dict.fromkeys(
        ("inquiry", "assessment", "consent", "threat", "allocation", "person", "person_document"),
        "referrals",
    ),
    **dict.fromkeys(
        (
            "stay",
            "contact",
            "member",
            "timetable_item",
            "stay_partner",
            "measure",
            "goal",
            "report",
            "meeting",
            "meeting_consent",
            "meeting_task",
            "template_item",
            "goal_indicators",
            "decision",
            "individual_plan",
            "stay_document",
        ),
        "stays",
    ),
    **dict.fromkeys(("break_glass", "approval"), "access"),
    "advisory_contact": "advisory",
}
