"""factory_boy factories for housing. Every record is synthetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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

# A string that must never appear in a response to someone without address access.
ADDRESS_MARKER = "Hemmeligveien 7"


class MunicipalityFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    kind = Organisation.Kind.MUNICIPALITY
    is_synthetic = True


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    class Meta:
        model = Offer

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Botilbud {n}")
    offer_type = Offer.Type.COLLECTIVE
    fits_women = True
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
    in_use_from = factory.LazyFunction(lambda: dates.today() - dt.timedelta(days=365))
    is_synthetic = True


class PlaceFactory(factory.django.DjangoModelFactory[Place]):
    class Meta:
        model = Place

    dwelling = factory.SubFactory(DwellingFactory)
    label = factory.Sequence(lambda n: str(n + 1))
    active_from = factory.LazyAttribute(lambda o: o.dwelling.in_use_from)
    is_synthetic = True


class ClearanceFactory(factory.django.DjangoModelFactory[SecurityClearance]):
    """A valid clearance: made 100 days ago, valid a year ahead, minimums met."""

    class Meta:
        model = SecurityClearance

    dwelling = factory.SubFactory(DwellingFactory)
    police_district = factory.LazyAttribute(lambda o: o.dwelling.offer.municipality.police_district)
    recorded_by = None
    cleared_on = factory.LazyFunction(lambda: dates.today() - dt.timedelta(days=100))
    valid_until = factory.LazyFunction(lambda: dates.today() + dt.timedelta(days=365))
    min_door_peephole = True
    min_shatterproof_glass = True
    min_two_ways_out = True
    min_no_direct_insight = True
    is_synthetic = True


class BookingFactory(factory.django.DjangoModelFactory[PlaceBooking]):
    class Meta:
        model = PlaceBooking

    place = factory.SubFactory(PlaceFactory)
    starts_on = factory.LazyFunction(lambda: dates.today() - dt.timedelta(days=30))
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
