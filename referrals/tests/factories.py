"""factory_boy factories for intake and allocation (and the housing rows they need).

Everything is synthetic: names like "Test Person 3", identity numbers with
month + 40 (never issued to real people).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from accounts.models import Organisation
from core import dates
from housing.models import Dwelling, Offer, Place, SecurityClearance
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


def years_ago(years: int, days: int = 0) -> dt.date:
    today = dates.today()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born - dt.timedelta(days=days)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    kind = Organisation.Kind.MUNICIPALITY
    is_synthetic = True


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    class Meta:
        model = Offer

    municipality = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Testtilbud {n}")
    offer_type = Offer.Type.COLLECTIVE
    fits_women = True
    fits_men = True
    fits_couples = True
    fits_single_parents = True
    intensity = Offer.Intensity.HIGH
    on_call = Offer.OnCall.MUNICIPAL_24H
    is_synthetic = True


class DwellingFactory(factory.django.DjangoModelFactory[Dwelling]):
    class Meta:
        model = Dwelling

    offer = factory.SubFactory(OfferFactory)
    label = factory.Sequence(lambda n: f"T-{n}")
    address = factory.Sequence(lambda n: f"Hemmeligveien {n}")
    in_use_from = factory.LazyFunction(lambda: dates.today() - dt.timedelta(days=400))
    is_synthetic = True


class PlaceFactory(factory.django.DjangoModelFactory[Place]):
    class Meta:
        model = Place

    dwelling = factory.SubFactory(DwellingFactory)
    label = factory.Sequence(lambda n: str(n))
    active_from = factory.LazyFunction(lambda: dates.today() - dt.timedelta(days=400))
    is_synthetic = True


def clear(dwelling: Dwelling, *, by: Any, valid_days: int = 200) -> SecurityClearance:
    """A valid police clearance with every minimum requirement met."""
    district = dwelling.offer.municipality.police_district or OrganisationFactory.create(
        name="Testdistrikt", kind=Organisation.Kind.POLICE_DISTRICT
    )
    return SecurityClearance.objects.create(
        dwelling=dwelling,
        police_district=district,
        recorded_by=by,
        cleared_on=dates.today() - dt.timedelta(days=10),
        valid_until=dates.today() + dt.timedelta(days=valid_days),
        min_door_peephole=True,
        min_shatterproof_glass=True,
        min_two_ways_out=True,
        min_no_direct_insight=True,
        is_synthetic=True,
    )


def cleared_place(*, municipality: Organisation, by: Any, **offer: Any) -> Place:
    """A free place in a cleared dwelling of a new offer in ``municipality``."""
    place = PlaceFactory.create(
        dwelling__offer__municipality=municipality,
        **{f"dwelling__offer__{k}": v for k, v in offer.items()},
    )
    clear(place.dwelling, by=by)
    return place


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
    wishes = "MARKER-WISHES"
    is_synthetic = True


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    class Meta:
        model = Consent

    purpose = Consent.Purpose.POLICE_THREAT_ASSESSMENT
    recipient_kind = Consent.RecipientKind.TEAM_POLICE
    recipient_organisation = None
    given_on = factory.LazyFunction(lambda: dates.today() - dt.timedelta(days=1))
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
