"""A small world that grows: the rows every list page shows, for the query-count tests.

``World(cast, orgs)`` starts empty; ``world.grow()`` adds one of each kind of
row the list pages show, half of them in municipality A (what Bob, Berit and
Lars see) and half in municipality B (what they must not see, but the
competence team does): a living resident in each, with a contact and a
milestone report sent; an open inquiry; assessments waiting for consent, for
a threat assessment and for a proposal; a proposal to A waiting for an
answer; a dwelling and a partner service on A's first offer; contacts,
measures, goals, household members and timetable rows on A's first resident
(whose own pages list them); a break-the-glass access and an approval
request. Everything goes through the services where one exists, so the audit
rows are the real ones; the rest through ``tests.factories``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import dates
from tests import factories as f

MOVED_IN_DAYS_AGO = 200  # past the three- and six-month reports: both are owed


def _ago(days: int) -> dt.date:
    return dates.today() - dt.timedelta(days=days)


class World:
    """Grows by one of everything per ``grow()``; ``stay``/``offer`` are A's first ones."""

    def __init__(self, cast: dict[str, Any], orgs: dict[str, Any]) -> None:
        from accounts.models import Membership, Role, User

        self.cast, self.orgs = cast, orgs
        self.rounds = 0
        lead_b = User.objects.create_user(username="brita", password="korrekt-hest-batteri-stift")
        Membership.objects.create(
            user=lead_b, organisation=orgs["municipality_b"], role=Role.PROJECT_LEAD
        )
        self.lead_b = lead_b
        self.stay: Any = None
        self.offer: Any = None
        self.goal: Any = None
        self.assessment: Any = None

    # --- one of everything ------------------------------------------------------------

    def grow(self, times: int = 1) -> None:
        from access import policy
        from accounts.models import Role
        from conftest import make_member

        for _ in range(times):
            self.rounds += 1
            a = self._resident("municipality_a", self.cast["project_lead_a"], "followup_worker_a")
            self._resident("municipality_b", self.lead_b, "followup_worker_b")
            if self.stay is None:
                self.stay, self.offer = a, a.offer
                self._first_resident_plan()
            self._on_first_resident()
            self._intake()
            self._on_first_offer()
            self._oversight()
            make_member(Role.FOLLOWUP_WORKER, self.orgs["municipality_b"])  # user administration
        # The cast's users cache memberships and break-the-glass rows.
        for user in self.cast.values():
            policy.forget_break_glass(user)
            policy.forget_cached_memberships(user)

    def _resident(self, municipality: str, lead: Any, worker: str) -> Any:
        """A living resident with one contact and the three-month report sent (unread)."""
        from followup import services as followup
        from reporting.models import MilestoneReport

        stay = f.stay_through_services(
            municipality=self.orgs[municipality],
            coordinator=self.cast["coordinator"],
            police=self.cast["police_representative"],
            lead=lead,
            allocated_days_ago=MOVED_IN_DAYS_AGO + 5,
            moved_in_days_ago=MOVED_IN_DAYS_AGO,
            worker=self.cast[worker],
        )
        followup.contact_create(
            stay=stay,
            by=self.cast[worker],
            contact_on=_ago(3),
            minutes=30,
            form="phone",
            with_whom="resident",
            themes=["economy"],
        )
        due = _ago(MOVED_IN_DAYS_AGO - 90)
        MilestoneReport.objects.create(
            stay=stay,
            kind="three_months",
            due_on=due,
            status_text="Går bra",
            housing_plan="Søker kommunal bolig",
            place_vacant=False,
            submitted_by=lead,
            submitted_on=due,
            is_synthetic=True,
        )
        return stay

    def _first_resident_plan(self) -> None:
        from followup import services as followup

        plan = followup.plan_save(
            stay=self.stay, by=self.cast["project_lead_a"], made_on=_ago(150), own_words="Egne ord"
        )
        self.goal = followup.goal_create(plan=plan, by=self.cast["project_lead_a"], text="Skole")

    def _on_first_resident(self) -> None:
        """Rows on A's first resident's own pages: contacts, measures, goals, household…"""
        from followup import services as followup
        from stays.models import ArrivalTimetableItem, HouseholdMember, StayPartner

        stay, worker, lead = self.stay, self.cast["followup_worker_a"], self.cast["project_lead_a"]
        n = self.rounds
        partner = f.PartnerFactory.create(offer=stay.offer)
        f.ContactFactory.create(partner=partner)
        followup.contact_create(
            stay=stay,
            by=worker,
            contact_on=_ago(n),
            minutes=45,
            form="in_person",
            with_whom="partner_service",
            partner=partner,
            themes=["school_work", "mental_health"],
            note="Snakket om skolen",
        )
        followup.measure_save(
            stay=stay, by=lead, kind="other", chosen=True, reason="Risiko", applied_on=_ago(n)
        )
        followup.action_create(goal=self.goal, by=lead, text=f"Tiltak {n}", responsible="Berit")
        HouseholdMember.objects.create(stay=stay, kind="child", birth_year=2020, first_name="Barn")
        ArrivalTimetableItem.objects.create(
            stay=stay, on=stay.moved_in_on, title=f"Bank {n}", description="Møte i banken"
        )
        StayPartner.objects.create(stay=stay, partner=partner)

    def _intake(self) -> None:
        """An open inquiry; assessments waiting for consent, threat assessment and a proposal."""
        from referrals import services
        from referrals.models import Consent

        coordinator, police = self.cast["coordinator"], self.cast["police_representative"]
        f.InquiryFactory.create(registered_by=coordinator)
        self._advisory(coordinator)
        f.AssessmentFactory.create(assessed_by_user=coordinator)  # waiting for consent
        waiting = f.AssessmentFactory.create(assessed_by_user=coordinator)
        f.ConsentFactory.create(person=waiting.person, recorded_by=coordinator)
        for municipality in ("municipality_a", "municipality_b"):
            assessment, _threat = f.ready_for_a_place(
                municipality=self.orgs[municipality], coordinator=coordinator, police=police
            )
            place = f.cleared_place(municipality=self.orgs[municipality], by=coordinator)
            services.allocation_propose(
                assessment=assessment,
                place=place,
                expected_arrival_on=dates.today() + dt.timedelta(days=3),
                by=coordinator,
            )
        ready = f.AssessmentFactory.create(assessed_by_user=coordinator)
        f.ConsentFactory.create(
            person=ready.person,
            recorded_by=coordinator,
            purpose=Consent.Purpose.RECEIVING_OFFER,
            recipient_kind=Consent.RecipientKind.MUNICIPALITY,
            recipient_organisation=self.orgs["municipality_a"],
        )
        f.ThreatAssessmentFactory.create(assessment=ready, written_by=police)
        # The first one's page lists its person's consents: one more each time.
        self.assessment = self.assessment or ready
        f.ConsentFactory.create(
            person=self.assessment.person,
            recorded_by=coordinator,
            purpose=Consent.Purpose.RECEIVING_OFFER,
            recipient_kind=Consent.RecipientKind.MUNICIPALITY,
            recipient_organisation=self.orgs["municipality_b"],
        )

    def _advisory(self, coordinator: Any) -> None:
        """Two advisory contacts (one became an inquiry) and a course: the team's list grows."""
        from advisory import selectors, services

        for topics in (["forced_marriage"], ["social_control", "other"]):
            contact = services.contact_create(
                contact_on=dates.today(),
                asked_by="service",
                service_kind="nav",
                channel="phone",
                topics=topics,
                note="Spørsmål fra NAV",
                by=coordinator,
            )
        services.contact_to_inquiry(
            contact=contact, by=coordinator, **selectors.inquiry_facts(contact)
        )
        services.course_create(
            held_on=dates.today(), audience="school", participants=20, by=coordinator
        )

    def _on_first_offer(self) -> None:
        """A dwelling with a place, a partner service and an arrival-template row."""
        from stays.models import ArrivalTemplateItem

        ArrivalTemplateItem.objects.create(
            offer=self.offer,
            day_offset=self.rounds,
            title=f"Velkomst {self.rounds}",
            is_synthetic=True,
        )
        dwelling = f.DwellingFactory.create(offer=self.offer)
        f.PlaceFactory.create(dwelling=dwelling)
        f.clear(dwelling, by=self.cast["coordinator"])
        f.ContactFactory.create(partner=f.PartnerFactory.create(offer=self.offer))

    def _oversight(self) -> None:
        """A break-the-glass access and an address request waiting for Bob.

        The access is a row, not ``breakglass.open_access``: the service allows
        five a day per user, counted from the audit log's real clock.
        """
        from access.approvals.services import request_approval
        from access.models import ApprovalRequest, BreakGlassAccess
        from stays.models import Stay

        other = Stay.objects.filter(offer__municipality=self.orgs["municipality_b"]).latest("pk")
        opened = dt.datetime.now(dt.UTC) - dt.timedelta(days=self.rounds)
        BreakGlassAccess.objects.create(
            user=self.cast["followup_worker_a"],
            stay=other,
            reason="Alarm utløst, må se sikkerhetstiltak",
            looked_up_by=BreakGlassAccess.LookedUpBy.REFERENCE,
            opened_at=opened,
            expires_at=opened + dt.timedelta(minutes=60),
            is_synthetic=True,
        )
        request_approval(
            user=self.cast["followup_worker_a"],
            kind=ApprovalRequest.Kind.ADDRESS_DISCLOSURE,
            subject_obj=f.DwellingFactory.create(offer=self.offer),
            reason="Skal følge beboeren hjem i kveld",
        )
