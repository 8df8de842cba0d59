"""Bookings, the capacity ledger: a place held for an allocation, occupied, ended or cancelled.

Atomic, validated and audited like every write of housing (``housing.services``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.actors import Actor, SystemActor
from audit.services import record
from housing import selectors
from housing.models import (
    Place,
    PlaceBooking,
)


def _overlapping(
    place: Place, starts_on: dt.date, ends_on: dt.date | None
) -> QuerySet[PlaceBooking]:
    """Held/occupied bookings of ``place`` overlapping ``[starts_on, ends_on)``."""
    clash = PlaceBooking.objects.filter(place=place, status__in=PlaceBooking.TAKING).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)
    )
    if ends_on is not None:
        clash = clash.filter(starts_on__lt=ends_on)
    return clash


@transaction.atomic
def place_book(
    *,
    place: Place,
    starts_on: dt.date,
    planned_end_on: dt.date | None = None,
    status: str = PlaceBooking.Status.HELD,
    hold_expires_on: dt.date | None = None,
    by: Actor,
    reference: str = "",
) -> PlaceBooking:
    """Hold or occupy a place from ``starts_on`` (open-ended until ended).

    Locks the place row, so two coordinators booking the same place queue
    and the second is refused; PostgreSQL's exclusion constraint backs this
    up. Raises ValidationError when the place is not allocatable (no valid
    clearance, dwelling out of use, place closed) or already taken.
    """
    if status not in PlaceBooking.TAKING:
        raise ValidationError({"status": _("En ny reservasjon må være «holdt av» eller «i bruk».")})
    locked = (
        Place.objects.select_for_update()
        .select_related("dwelling")
        .defer("dwelling__address")
        .get(pk=place.pk)
    )
    allocatable, reason = selectors.place_is_allocatable(locked, on=starts_on)
    if not allocatable:
        raise ValidationError(reason)
    if _overlapping(locked, starts_on, None).exists():
        raise ValidationError(
            _("Plassen er allerede tatt i denne perioden. Velg en annen plass eller en annen dato.")
        )
    booking = PlaceBooking(
        place=locked,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        status=status,
        hold_expires_on=hold_expires_on,
        reference=reference,
        created_by=by,
        is_synthetic=locked.is_synthetic,
    )
    booking.full_clean()
    booking.save()
    record(
        actor=by,
        action="housing.booking.created",
        obj=booking,
        fields=["place", "starts_on", "planned_end_on", "status", "hold_expires_on", "reference"],
        purpose="tildeling",
    )
    return booking


@transaction.atomic
def booking_occupy(*, booking: PlaceBooking, on: dt.date, by: Actor) -> PlaceBooking:
    """A held place becomes occupied on the day the resident moves in."""
    booking = PlaceBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != PlaceBooking.Status.HELD:
        raise ValidationError(_("Bare en plass som er holdt av kan tas i bruk."))
    if on < booking.starts_on:
        booking.starts_on = on
    booking.status = PlaceBooking.Status.OCCUPIED
    booking.hold_expires_on = None
    booking.full_clean()
    booking.save(update_fields=["status", "starts_on", "hold_expires_on", "updated_at"])
    record(
        actor=by,
        action="housing.booking.occupied",
        obj=booking,
        fields=["status", "starts_on"],
        purpose="innflytting",
    )
    return booking


@transaction.atomic
def booking_end(*, booking: PlaceBooking, ends_on: dt.date, by: Actor) -> PlaceBooking:
    """The resident moved out on ``ends_on``; the place is free from that day."""
    booking = PlaceBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in PlaceBooking.TAKING:
        raise ValidationError(_("Reservasjonen er allerede avsluttet."))
    if ends_on < booking.starts_on:
        raise ValidationError(
            {"ends_on": _("Utflyttingsdatoen kan ikke være før innflyttingsdatoen.")}
        )
    booking.ends_on = ends_on
    booking.status = PlaceBooking.Status.ENDED
    booking.full_clean()
    booking.save(update_fields=["ends_on", "status", "updated_at"])
    record(
        actor=by,
        action="housing.booking.ended",
        obj=booking,
        fields=["ends_on", "status"],
        purpose="utflytting",
    )
    return booking


@transaction.atomic
def booking_cancel(*, booking: PlaceBooking, by: SystemActor) -> PlaceBooking:
    """A hold that will not be used (declined, withdrawn, expired)."""
    booking = PlaceBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != PlaceBooking.Status.HELD:
        raise ValidationError(_("Bare en plass som er holdt av kan avlyses."))
    booking.status = PlaceBooking.Status.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    record(
        actor=by,
        action="housing.booking.cancelled",
        obj=booking,
        fields=["status"],
        purpose="tildeling",
    )
    return booking
