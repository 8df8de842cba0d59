"""Dwellings (boliger) and their places (plasser): creation, place count, out of use.

Atomic, validated and audited like every write of housing (``housing.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.actors import Actor
from audit.services import record
from core import dates
from housing.models import (
    Dwelling,
    Offer,
    Place,
    PlaceBooking,
)


def _taking_bookings(
    places: Iterable[Place] | QuerySet[Place], on: dt.date
) -> QuerySet[PlaceBooking]:
    """Held or occupied bookings of these places that last on or after ``on``."""
    return PlaceBooking.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on),
        place__in=places,
        status__in=PlaceBooking.TAKING,
    )


@transaction.atomic
def dwelling_create(
    *,
    offer: Offer,
    label: str,
    address: str,
    place_count: int,
    in_use_from: dt.date,
    by: Actor,
    is_synthetic: bool = False,
) -> Dwelling:
    """Add a dwelling with ``place_count`` places. It needs a clearance before allocation."""
    if place_count < 1:
        raise ValidationError({"place_count": _("En bolig må ha minst én plass.")})
    if not address.strip():
        raise ValidationError({"address": _("Skriv adressen til boligen.")})
    dwelling = Dwelling(
        offer=offer,
        label=label.strip(),
        address=address.strip(),
        in_use_from=in_use_from,
        is_synthetic=is_synthetic,
    )
    dwelling.full_clean()
    dwelling.save()
    for number in range(1, place_count + 1):
        place = Place(
            dwelling=dwelling, label=str(number), active_from=in_use_from, is_synthetic=is_synthetic
        )
        place.full_clean()
        place.save()
    record(
        actor=by,
        action="housing.dwelling.created",
        obj=dwelling,
        fields=["label", "address", "in_use_from", "places"],
        purpose="kapasitet",
    )
    return dwelling


@transaction.atomic
def dwelling_set_place_count(
    *, dwelling: Dwelling, place_count: int, by: Actor, on: dt.date | None = None
) -> Dwelling:
    """Add places, or close free ones; never below the places held or occupied.

    Closed places keep their history (``active_until``), so past capacity
    stays right.
    """
    on = on or dates.today()
    dwelling = Dwelling.objects.select_for_update().defer("address").get(pk=dwelling.pk)
    if not dwelling.in_use:
        raise ValidationError(_("Boligen er tatt ut av bruk. Antall plasser kan ikke endres."))
    if place_count < 1:
        raise ValidationError(
            {
                "place_count": _(
                    "En bolig må ha minst én plass. Skal boligen ikke brukes, velg «Ta ut av bruk»."
                )
            }
        )
    places = list(Place.objects.select_for_update().filter(dwelling=dwelling).order_by("pk"))
    active = [p for p in places if p.active]
    taken_ids = set(_taking_bookings(active, on).values_list("place_id", flat=True))
    if place_count < len(taken_ids):
        raise ValidationError(
            {
                "place_count": ngettext(
                    "%(count)d plass i boligen er i bruk eller holdt av. Antall plasser kan ikke være lavere enn %(count)d.",
                    "%(count)d plasser i boligen er i bruk eller holdt av. Antall plasser kan ikke være lavere enn %(count)d.",
                    len(taken_ids),
                )
                % {"count": len(taken_ids)}
            }
        )
    if place_count == len(active):
        return dwelling
    if place_count < len(active):
        # Close the newest free places first.
        free = [p for p in reversed(active) if p.pk not in taken_ids]
        for place in free[: len(active) - place_count]:
            place.active = False
            place.active_until = max(on, place.active_from)
            place.full_clean()
            place.save(update_fields=["active", "active_until", "updated_at"])
    else:
        used = {p.label for p in places}
        number = 1
        for _i in range(place_count - len(active)):
            while str(number) in used:
                number += 1
            used.add(str(number))
            place = Place(
                dwelling=dwelling,
                label=str(number),
                active_from=max(on, dwelling.in_use_from),
                is_synthetic=dwelling.is_synthetic,
            )
            place.full_clean()
            place.save()
    record(
        actor=by,
        action="housing.dwelling.capacity_changed",
        obj=dwelling,
        fields=["places"],
        purpose="kapasitet",
    )
    return dwelling


@transaction.atomic
def dwelling_take_out_of_use(
    *,
    dwelling: Dwelling,
    reason: str,
    note: str = "",
    relocation_note: str = "",
    on: dt.date | None = None,
    by: Actor,
) -> Dwelling:
    """Take a dwelling out of use (e.g. its address is compromised).

    Its places leave the capacity from ``on``. Residents living there, and
    places held for someone, are flagged for relocation; that needs a written
    relocation plan.
    """
    on = on or dates.today()
    dwelling = Dwelling.objects.select_for_update().get(pk=dwelling.pk)
    errors: dict[str, str] = {}
    if not dwelling.in_use:
        raise ValidationError(_("Boligen er allerede tatt ut av bruk."))
    if reason not in Dwelling.OutOfUseReason.values:
        errors["reason"] = _("Velg hvorfor boligen tas ut av bruk.")
    if on < dwelling.in_use_from:
        errors["out_of_use_from"] = _("Datoen kan ikke være før boligen ble tatt i bruk.")
    active = list(_taking_bookings(Place.objects.filter(dwelling=dwelling), on).select_for_update())
    if active and not relocation_note.strip():
        errors["relocation_note"] = ngettext(
            "%(count)d plass i boligen er i bruk eller holdt av. Skriv hvordan beboeren skal flyttes før du tar boligen ut av bruk.",
            "%(count)d plasser i boligen er i bruk eller holdt av. Skriv hvordan beboerne skal flyttes før du tar boligen ut av bruk.",
            len(active),
        ) % {"count": len(active)}
    if errors:
        raise ValidationError(errors)
    dwelling.in_use = False
    dwelling.out_of_use_from = on
    dwelling.out_of_use_reason = reason
    dwelling.out_of_use_note = note.strip()
    dwelling.relocation_note = relocation_note.strip()
    dwelling.full_clean()
    dwelling.save(
        update_fields=[
            "in_use",
            "out_of_use_from",
            "out_of_use_reason",
            "out_of_use_note",
            "relocation_note",
            "updated_at",
        ]
    )
    record(
        actor=by,
        action="housing.dwelling.taken_out_of_use",
        obj=dwelling,
        fields=[
            "in_use",
            "out_of_use_from",
            "out_of_use_reason",
            "out_of_use_note",
            "relocation_note",
        ],
        purpose="kapasitet",
    )
    for booking in active:
        booking.needs_relocation = True
        booking.save(update_fields=["needs_relocation", "updated_at"])
        record(
            actor=by,
            action="housing.booking.relocation_flagged",
            obj=booking,
            fields=["needs_relocation"],
            purpose="kapasitet",
        )
    return dwelling
