"""One object per reach situation, and one user per column, for the golden behavioural test.

Users: one per role column of docs/access-model.md (project lead and follow-up
worker in municipality A, local police in police district A, the team roles
in the competence team, …), the team lead (a coordinator with ``is_lead``,
so holding both columns), and a coordinator with an open break-the-glass
access to the resident of municipality A.

Objects, seen from municipality A / police district A (``golden.Situation``):

* offer-owned (offers, dwellings, partners, statistics): in A, in A2 (another
  municipality of district A), in B (another district);
* intake (inquiry, person, assessment, consent, threat assessment): proposed
  to A, A2 or B, never proposed, proposed to A and withdrawn; and for the
  conditions: no consent to the team's police, a closed stay, an assessment
  ended without a place while the proposal is live;
* stays (and the follow-up and reporting proxies): living in A, A2, B, and
  closed in A;
* a user's own rows (break-the-glass accesses, approval requests): the
  user's, another user's, and a colleague's request the project lead decides.

``PROBES`` says which objects answer for each permission: hand-written, the
model whose page the permission opens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils import timezone

from access.tests.golden import Situation

# Permission code -> group of objects that answers for it.
PROBES: dict[str, str] = {
    **dict.fromkeys(("view_offers", "manage_offers", "export_resident_list"), "offer"),
    **dict.fromkeys(("view_capacity",), "offer"),
    **dict.fromkeys(
        ("view_dwellings", "read_dwelling_address", "manage_dwellings", "record_clearance"),
        "dwelling",
    ),
    **dict.fromkeys(("view_partners", "manage_partners"), "partner"),
    **dict.fromkeys(("view_inquiries", "edit_inquiries"), "inquiry"),
    **dict.fromkeys(
        (
            "view_assessments",
            "edit_assessments",
            "allocate_places",
            "write_threat_assessments",
            "view_offer_inbox",
            "answer_allocations",
        ),
        "assessment",
    ),
    "record_consent": "consent",
    **dict.fromkeys(("view_threat_summary", "view_threat_details"), "threat"),
    "produce_access_report": "person",
    **dict.fromkeys(
        (
            "view_residents",
            "manage_stay",
            "close_stay",
            "view_stay_security",
            "view_stay_summary",
            "read_stay_notes",
        ),
        "stay",
    ),
    **dict.fromkeys(
        (
            "view_followup",
            "record_followup",
            "read_followup_notes",
            "view_security_measures",
            "read_security_notes",
            "record_security_conversation",
            "record_threat_change",
        ),
        "followed_stay",
    ),
    **dict.fromkeys(("view_decisions", "record_decisions"), "decided_stay"),
    **dict.fromkeys(("view_meetings", "record_meetings"), "meeting_stay"),
    **dict.fromkeys(("submit_milestone_report", "read_milestone_reports"), "reported_stay"),
    **dict.fromkeys(("view_statistics", "export_statistics"), "reported_offer"),
    **dict.fromkeys(("use_break_glass", "review_audit"), "break_glass"),
    "view_approvals": "approval",
    "stay_documents": "document_stay",
    "intake_documents": "document_person",
    **dict.fromkeys(("view_routine_status", "read_routines", "manage_routines"), "routine_offer"),
    **dict.fromkeys(("view_advisory", "record_advisory"), "advisory_contact"),
}
# Permissions that open no object: only has_perm is asked.
NO_OBJECTS = frozenset(
    {"view_start_page", "administer_users", "view_own_access_log", "view_my_deadlines"}
)
MODELS = {
    "offer": "housing.Offer",
    "dwelling": "housing.Dwelling",
    "partner": "housing.PartnerService",
    "reported_offer": "reporting.ReportedOffer",
    "inquiry": "referrals.Inquiry",
    "assessment": "referrals.Assessment",
    "person": "referrals.Person",
    "consent": "referrals.Consent",
    "threat": "referrals.ThreatAssessment",
    "stay": "stays.Stay",
    "followed_stay": "followup.FollowedStay",
    "meeting_stay": "meetings.MeetingStay",
    "reported_stay": "reporting.ReportedStay",
    "decided_stay": "decisions.DecidedStay",
    "break_glass": "access.BreakGlassAccess",
    "approval": "access.ApprovalRequest",
    "document_stay": "documents.DocumentStay",
    "document_person": "documents.DocumentPerson",
    "routine_offer": "routines.RoutineOffer",
    "advisory_contact": "advisory.AdvisoryContact",
}
STAY_GROUPS = (
    "stay",
    "followed_stay",
    "meeting_stay",
    "reported_stay",
    "decided_stay",
    "document_stay",
)

# Column -> (role, organisation key in the orgs fixture).
COLUMN_MEMBERSHIPS = {
    "coordinator": ("coordinator", "team"),
    "police_representative": ("police_representative", "team"),
    "directorate_representative": ("directorate_representative", "team"),
    "project_lead": ("project_lead", "municipality_a"),
    "followup_worker": ("followup_worker", "municipality_a"),
    "local_police": ("local_police", "police_a"),
    "analyst": ("analyst", "bufdir"),
    "sysadmin": ("sysadmin", "ops"),
}


@dataclass
class World:
    # (columns the user holds, user); the glass user is kept apart.
    users: list[tuple[list[str], Any]] = field(default_factory=list)
    glass: Any = None
    # group -> [(situation, object)] for objects that are the same for every user.
    shared: dict[str, list[tuple[Situation, Model]]] = field(default_factory=dict)
    # group -> user pk -> [(situation, object)] for a user's own rows.
    personal: dict[str, dict[int, list[tuple[Situation, Model]]]] = field(default_factory=dict)

    def situations(self, group: str, user: Any) -> list[tuple[Situation, Model]]:
        if group in self.personal:
            return self.personal[group][user.pk]
        return self.shared[group]


def build(cast: dict[str, Any], orgs: dict[str, Any], member: Callable[..., Any]) -> World:
    from accounts.models import Organisation

    municipalities = {
        "A": orgs["municipality_a"],
        "A2": Organisation.objects.create(
            name="Kommune A2",
            kind=Organisation.Kind.MUNICIPALITY,
            police_district=orgs["police_a"],
        ),
        "B": orgs["municipality_b"],
    }
    world = World()
    by_column = {
        column: member(role, orgs[org], f"golden-{column}")
        for column, (role, org) in COLUMN_MEMBERSHIPS.items()
    }
    world.users = [([column], user) for column, user in by_column.items()]
    lead = member("coordinator", orgs["team"], "golden-team-lead", is_lead=True)
    world.users.append((["coordinator", "team_lead"], lead))
    _housing(world, cast, municipalities)
    _intake(world, cast, municipalities, by_column["project_lead"])
    stays = _stays(world, municipalities)
    other = member("followup_worker", orgs["municipality_b"], "golden-other")
    colleague = member("followup_worker", orgs["municipality_a"], "golden-colleague")
    _own_rows(world, stays["own"], other, colleague)
    _advisory(world, cast)
    world.glass = member("coordinator", orgs["team"], "golden-glass")
    _access(stays["own"], world.glass, expires=timezone.now() + dt.timedelta(minutes=30))
    return world


def _housing(world: World, cast: dict[str, Any], municipalities: dict[str, Any]) -> None:
    from housing.models import PartnerService
    from tests import factories as f

    for name, key in (("own", "A"), ("district", "A2"), ("other", "B")):
        place = f.cleared_place(municipality=municipalities[key], by=cast["coordinator"])
        offer = place.dwelling.offer
        partner = PartnerService.objects.create(
            offer=offer, kind=PartnerService.Kind.NAV, name=f"NAV {key}", is_synthetic=True
        )
        situation = Situation(name, municipality=key)
        if key == "B":
            # Another district's offer shares its routines; no approved version
            # is needed, the probe is the offer.
            from routines.models import RoutineSharing

            RoutineSharing.objects.create(offer=offer, shares=True, changed_by=cast["coordinator"])
            situation = Situation(name, municipality=key, shares_routines=True)
        for group, obj in (
            ("offer", offer),
            ("reported_offer", offer),
            ("routine_offer", offer),
            ("dwelling", place.dwelling),
            ("partner", partner),
        ):
            world.shared.setdefault(group, []).append((situation, obj))


def _intake(
    world: World, cast: dict[str, Any], municipalities: dict[str, Any], lead_of_a: Any
) -> None:
    from referrals import services
    from referrals.models import Assessment, Consent
    from stays import services as stay_services
    from tests import factories as f

    coordinator = cast["coordinator"]

    def case(key: str | None, *, consent: bool = True) -> dict[str, Any]:
        inquiry = f.InquiryFactory.create(registered_by=coordinator)
        assessment = f.AssessmentFactory.create(assessed_by_user=coordinator, inquiry=inquiry)
        person = assessment.person
        police = (
            f.ConsentFactory.create(person=person, recorded_by=coordinator) if consent else None
        )
        to_offer = f.ConsentFactory.create(
            person=person,
            recorded_by=coordinator,
            purpose=Consent.Purpose.RECEIVING_OFFER,
            recipient_kind=Consent.RecipientKind.MUNICIPALITY,
            recipient_organisation=municipalities[key or "A"],
        )
        threat = f.ThreatAssessmentFactory.create(
            assessment=assessment, written_by=cast["police_representative"]
        )
        allocation = None
        if key is not None:
            place = f.cleared_place(municipality=municipalities[key], by=coordinator)
            allocation = services.allocation_propose(
                assessment=assessment,
                place=place,
                expected_arrival_on=_today() + dt.timedelta(days=3),
                by=coordinator,
            )
        return {
            "inquiry": inquiry,
            "assessment": assessment,
            "person": person,
            "consent": police or to_offer,
            "threat": threat,
            "allocation": allocation,
        }

    cases: list[tuple[Situation, dict[str, Any]]] = []
    for name, key in (("own", "A"), ("district", "A2"), ("other", "B")):
        cases.append((Situation(name, key, live=True, intake=True), case(key)))
    cases.append((Situation("unproposed", intake=True), case(None)))
    withdrawn = case("A")
    stay_services.allocation_withdraw(
        allocation=withdrawn["allocation"], reason="Trakk seg", by=coordinator
    )
    cases.append((Situation("withdrawn", "A", live=False, intake=True), withdrawn))
    cases.append((Situation("no_consent", intake=True, consent=False), case(None, consent=False)))
    closed = case("A")
    stay = stay_services.allocation_accept(allocation=closed["allocation"], by=lead_of_a)
    type(stay).objects.filter(pk=stay.pk).update(status="closed", closed_on=_today())
    cases.append((Situation("closed_stay", "A", live=True, intake=True, case_open=False), closed))
    ended = case("A")
    Assessment.objects.filter(pk=ended["assessment"].pk).update(status=Assessment.Status.CLOSED)
    cases.append((Situation("ended", "A", live=True, intake=True, case_open=False), ended))
    for situation, objects in cases:
        for group in ("inquiry", "assessment", "person", "consent", "threat"):
            world.shared.setdefault(group, []).append((situation, objects[group]))
        world.shared.setdefault("document_person", []).append((situation, objects["person"]))


def _stays(world: World, municipalities: dict[str, Any]) -> dict[str, Any]:
    from stays.models import Stay
    from tests.factories import OfferFactory

    today = _today()
    made: dict[str, Any] = {}
    for name, key, status in (
        ("own", "A", "living"),
        ("district", "A2", "living"),
        ("other", "B", "living"),
        ("closed", "A", "closed"),
    ):
        stay = Stay.objects.create(
            offer=OfferFactory.create(municipality=municipalities[key]),
            status=status,
            allocated_on=today - dt.timedelta(days=100),
            moved_in_on=today - dt.timedelta(days=95),
            moved_out_on=today - dt.timedelta(days=5) if status == "closed" else None,
            closed_on=today if status == "closed" else None,
            gender="female",
            birth_year=today.year - 22,
            is_synthetic=True,
        )
        situation = Situation(name, municipality=key, stay_live=status != "closed")
        for group in STAY_GROUPS:
            world.shared.setdefault(group, []).append((situation, stay))
        made[name] = stay
    return made


def _access(stay: Any, user: Any, *, expires: dt.datetime) -> Any:
    from access.models import BreakGlassAccess

    return BreakGlassAccess.objects.create(
        user=user,
        stay=stay,
        reason="Alarm utløst, golden test",
        looked_up_by=BreakGlassAccess.LookedUpBy.REFERENCE,
        opened_at=expires - dt.timedelta(minutes=60),
        expires_at=expires,
        is_synthetic=True,
    )


def _own_rows(world: World, stay: Any, other: Any, colleague: Any) -> None:
    """Each column user's own (expired) break-the-glass access and address request."""
    from access.models import ApprovalRequest

    dwellings = {s.municipality: o for s, o in world.shared["dwelling"]}

    def request(user: Any, dwelling: Any) -> Any:
        return ApprovalRequest.objects.create(
            kind=ApprovalRequest.Kind.ADDRESS_DISCLOSURE,
            requested_by=user,
            subject=f"housing.Dwelling:{dwelling.pk}",
            reason="Skal følge beboeren hjem",
            expires_at=timezone.now() + dt.timedelta(days=7),
            is_synthetic=True,
        )

    past = timezone.now() - dt.timedelta(days=1)
    theirs_access = _access(stay, other, expires=past)
    theirs_request = request(other, dwellings["B"])
    colleagues = request(colleague, dwellings["A"])
    accesses = world.personal.setdefault("break_glass", {})
    requests: dict[int, list[tuple[Situation, Model]]] = {}
    world.personal["approval"] = requests
    for _columns, user in world.users:
        accesses[user.pk] = [
            (Situation("mine", mine=True), _access(stay, user, expires=past)),
            (Situation("theirs", mine=False), theirs_access),
        ]
        requests[user.pk] = [
            (Situation("mine", mine=True), request(user, dwellings["A"])),
            (Situation("theirs", mine=False), theirs_request),
            (Situation("colleague", mine=False, colleague=True), colleagues),
        ]


def _advisory(world: World, cast: dict[str, Any]) -> None:
    """The team's advisory contacts: one anonymous, one that became an inquiry (national rows)."""
    from advisory import selectors, services

    contacts = []
    for topics in (["forced_marriage"], ["social_control"]):
        contacts.append(
            services.contact_create(
                contact_on=_today(),
                asked_by="person",
                channel="phone",
                topics=topics,
                note="Golden",
                by=cast["coordinator"],
            )
        )
    services.contact_to_inquiry(
        contact=contacts[1], by=cast["coordinator"], **selectors.inquiry_facts(contacts[1])
    )
    for name, contact in zip(("team", "team_inquiry"), contacts, strict=True):
        world.shared.setdefault("advisory_contact", []).append((Situation(name), contact))


def _today() -> dt.date:
    from core import dates

    return dates.today()
