"""factory_boy factories for every app's tests: one offer, dwelling, place and stay, built one way.

Everything is synthetic: names like "Test Person 3", identity numbers with
month + 40 (never issued to real people), addresses that carry
``ADDRESS_MARKER`` so a leak is easy to find.

A stay comes in two shapes, both from here:
- ``StayFactory``: the stay row alone, without person, allocation or booking,
  as the stay contract allows and the historical import makes. For tests of
  what is computed from a stay's dates (follow-up weeks, reports, deadlines).
- ``stay_through_services``: a person assessed, consented and threat-assessed,
  a place proposed and accepted, then moved in, moved out and closed through
  the real services, each writing its audit rows. For tests of the case itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from accounts.models import Organisation
from core import dates
from housing.models import (
    Dwelling,
    Offer,
    PartnerContact,
    PartnerService,
    Place,
    PlaceBooking,
    SecurityClearance,
)
from referrals.identity import synthetic_identity_number
from referrals.models import (
    Assessment,
    Consent,
    Criterion,
    Gender,
    Inquiry,
    Intensity,
    Person,
    ThreatAssessment,
    YesNoUnclear,
)
from stays.models import GOAL_INDICATORS, Stay

# A string that must never appear in a response to someone without address access.
ADDRESS_MARKER = "Hemmeligveien 7"


def years_ago(years: int, days: int = 0) -> dt.date:
    today = dates.today()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born - dt.timedelta(days=days)


def _days_ago(days: int) -> dt.date:
    return dates.today() - dt.timedelta(days=days)


# --- housing ------------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    """A municipality unless told otherwise."""

    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    kind = Organisation.Kind.MUNICIPALITY
    is_synthetic = True


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    """An offer that fits everyone (women, men, couples, single parents) at medium intensity."""

    class Meta:
        model = Offer

    municipality = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Testtilbud {n}")
    offer_type = Offer.Type.COLLECTIVE
    fits_women = True
    fits_men = True
    fits_couples = True
    fits_single_parents = True
    intensity = Offer.Intensity.MEDIUM
    followup_fte = Decimal("1.00")
    project_lead_fte = Decimal("0.20")
    on_call = Offer.OnCall.CRISIS_CENTRE
    is_synthetic = True


class DwellingFactory(factory.django.DjangoModelFactory[Dwelling]):
    class Meta:
        model = Dwelling

    offer = factory.SubFactory(OfferFactory)
    label = factory.Sequence(lambda n: f"T-{n}")
    address = factory.Sequence(lambda n: f"{ADDRESS_MARKER}, leilighet {n}, 0000 Oppdiktet")
    in_use_from = factory.LazyFunction(lambda: _days_ago(365))
    is_synthetic = True


class PlaceFactory(factory.django.DjangoModelFactory[Place]):
    class Meta:
        model = Place

    dwelling = factory.SubFactory(DwellingFactory)
    label = factory.Sequence(lambda n: str(n + 1))
    active_from = factory.LazyAttribute(lambda o: o.dwelling.in_use_from)
    is_synthetic = True


def _police_district(dwelling: Dwelling) -> Organisation:
    return dwelling.offer.municipality.police_district or OrganisationFactory.create(
        name="Testdistrikt", kind=Organisation.Kind.POLICE_DISTRICT
    )


class ClearanceFactory(factory.django.DjangoModelFactory[SecurityClearance]):
    """A valid clearance: made 100 days ago, valid a year ahead, minimums met."""

    class Meta:
        model = SecurityClearance

    dwelling = factory.SubFactory(DwellingFactory)
    police_district = factory.LazyAttribute(lambda o: _police_district(o.dwelling))
    recorded_by = None
    cleared_on = factory.LazyFunction(lambda: _days_ago(100))
    valid_until = factory.LazyFunction(lambda: dates.today() + dt.timedelta(days=365))
    min_door_peephole = True
    min_shatterproof_glass = True
    min_two_ways_out = True
    min_no_direct_insight = True
    is_synthetic = True


def clear(dwelling: Dwelling, *, by: Any, valid_days: int = 200) -> SecurityClearance:
    """A valid police clearance made 10 days ago, with every minimum requirement met."""
    return ClearanceFactory.create(
        dwelling=dwelling,
        recorded_by=by,
        cleared_on=_days_ago(10),
        valid_until=dates.today() + dt.timedelta(days=valid_days),
    )


def cleared_place(*, municipality: Organisation, by: Any, **offer: Any) -> Place:
    """A free place in a cleared dwelling of a new offer in ``municipality``."""
    place = PlaceFactory.create(
        dwelling__offer__municipality=municipality,
        **{f"dwelling__offer__{k}": v for k, v in offer.items()},
    )
    clear(place.dwelling, by=by)
    return place


class BookingFactory(factory.django.DjangoModelFactory[PlaceBooking]):
    class Meta:
        model = PlaceBooking

    place = factory.SubFactory(PlaceFactory)
    starts_on = factory.LazyFunction(lambda: _days_ago(30))
    status = PlaceBooking.Status.OCCUPIED
    created_by = None
    is_synthetic = True


class PartnerFactory(factory.django.DjangoModelFactory[PartnerService]):
    class Meta:
        model = PartnerService

    offer = factory.SubFactory(OfferFactory)
    kind = PartnerService.Kind.NAV
    name = factory.Sequence(lambda n: f"Tjeneste {n}")
    is_synthetic = True


class ContactFactory(factory.django.DjangoModelFactory[PartnerContact]):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    is_synthetic = True


# --- intake and allocation -------------------------------------------------------------


class InquiryFactory(factory.django.DjangoModelFactory[Inquiry]):
    class Meta:
        model = Inquiry

    contact_kind = "crisis_centre"
    channel = "phone"
    received_on = factory.LazyFunction(dates.today)
    reason = "MARKER-INQUIRY-REASON"
    registered_by = None
    is_synthetic = True


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Test Person {n}")
    birth_date = factory.Sequence(lambda n: years_ago(22, days=n % 3000))
    identity_number = factory.LazyAttributeSequence(
        lambda o, n: synthetic_identity_number(o.birth_date, n // 3000)
    )
    phone = "MARKER-PHONE"
    gender = Gender.FEMALE
    is_synthetic = True


class AssessmentFactory(factory.django.DjangoModelFactory[Assessment]):
    class Meta:
        model = Assessment

    person = factory.SubFactory(PersonFactory)
    assessed_on = factory.LazyFunction(dates.today)
    assessed_by = Assessment.AssessedBy.TEAM
    age_status = Criterion.MET
    need_status = Criterion.MET
    ground_fear_forced_marriage = True
    benefit_status = Criterion.MET
    fit_to_live_alone = True
    needs_followup = True
    wants_it = True
    accepts_rules = True
    accepts_limited_stay = True
    threat_status = Criterion.MET
    threat_note = "MARKER-THREAT-NOTE"
    lawful_residence = YesNoUnclear.YES
    followup_intensity = Intensity.MEDIUM
    needs_note = "MARKER-NEEDS-NOTE"
    interpreter_language = "MARKER-INTERPRETER-LANGUAGE"
    wishes = "MARKER-WISHES"
    is_synthetic = True


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    class Meta:
        model = Consent

    purpose = Consent.Purpose.POLICE_THREAT_ASSESSMENT
    recipient_kind = Consent.RecipientKind.TEAM_POLICE
    recipient_organisation = None
    given_on = factory.LazyFunction(lambda: _days_ago(1))
    method = Consent.Method.WRITTEN
    is_synthetic = True


class ThreatAssessmentFactory(factory.django.DjangoModelFactory[ThreatAssessment]):
    class Meta:
        model = ThreatAssessment

    assessed_by = ThreatAssessment.AssessedBy.TEAM_POLICE
    police_district = None
    assessed_on = factory.LazyFunction(dates.today)
    risk_level = ThreatAssessment.Risk.HIGH
    details = "MARKER-THREAT-DETAILS"
    measure_violence_alarm = True
    is_synthetic = True


def ready_for_a_place(
    *, municipality: Organisation, coordinator: Any, police: Any
) -> tuple[Assessment, ThreatAssessment]:
    """A person assessed, consenting to the police assessment and to an offer from ``municipality``."""
    assessment = AssessmentFactory.create(assessed_by_user=coordinator)
    person = assessment.person
    ConsentFactory.create(person=person, recorded_by=coordinator)
    ConsentFactory.create(
        person=person,
        recorded_by=coordinator,
        purpose=Consent.Purpose.RECEIVING_OFFER,
        recipient_kind=Consent.RecipientKind.MUNICIPALITY,
        recipient_organisation=municipality,
    )
    threat = ThreatAssessmentFactory.create(assessment=assessment, written_by=police)
    return assessment, threat


# --- stays ------------------------------------------------------------------------------


def _status(o: Any) -> str:
    if o.closed_on:
        return Stay.Status.CLOSED
    if o.moved_out_on:
        return Stay.Status.MOVED_OUT
    return Stay.Status.LIVING if o.moved_in_on else Stay.Status.ALLOCATED


class StayFactory(factory.django.DjangoModelFactory[Stay]):
    """A stay row without person, allocation or booking; its status follows from its dates."""

    class Meta:
        model = Stay

    offer = factory.SubFactory(OfferFactory)
    moved_in_on = None
    planned_move_out_on = None
    moved_out_on = None
    closed_on = None
    allocated_on = factory.LazyAttribute(
        lambda o: (o.moved_in_on or dates.today()) - dt.timedelta(days=5)
    )
    status = factory.LazyAttribute(_status)
    gender = Gender.FEMALE
    is_synthetic = True


def stay_through_services(
    *,
    municipality: Organisation,
    coordinator: Any,
    police: Any,
    lead: Any,
    allocated_days_ago: int = 0,
    moved_in_days_ago: int | None = None,
    moved_out_days_ago: int | None = None,
    closed: bool = False,
    worker: Any = None,
) -> Stay:
    """A stay made as a real one is, up to the state asked for.

    Allocated: a cleared place in ``municipality`` proposed by ``coordinator``
    and accepted by the offer's ``lead``; ``allocated_days_ago`` backdates the
    allocation so the person can move in months ago. Living, moved out
    (to their own home) and closed (every indicator met): by ``worker``.
    """
    from referrals import services as referral_services
    from stays import services as stay_services

    place = cleared_place(municipality=municipality, by=coordinator)
    assessment, _threat = ready_for_a_place(
        municipality=municipality, coordinator=coordinator, police=police
    )
    allocation = referral_services.allocation_propose(
        assessment=assessment, place=place, expected_arrival_on=dates.today(), by=coordinator
    )
    stay = stay_services.allocation_accept(allocation=allocation, by=lead)
    if allocated_days_ago:
        Stay.objects.filter(pk=stay.pk).update(allocated_on=_days_ago(allocated_days_ago))
        stay.refresh_from_db()
    if moved_in_days_ago is not None:
        stay = stay_services.stay_move_in(
            stay=stay, moved_in_on=_days_ago(moved_in_days_ago), by=worker
        )
    if moved_out_days_ago is not None:
        stay = stay_services.stay_move_out(
            stay=stay,
            moved_out_on=_days_ago(moved_out_days_ago),
            destination="own_home_alone",
            by=worker,
        )
    if closed:
        stay = stay_services.stay_close(
            stay=stay,
            closed_on=dates.today(),
            indicators={code: "yes" for code, _label in GOAL_INDICATORS},
            notes={},
            destination="own_home_alone",
            by=worker,
        )
    return stay
