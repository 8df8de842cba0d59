"""Writes for offers, dwellings, places, clearances, bookings and partners.

Every function is atomic, validates with ``full_clean()`` and writes its
audit row in the same transaction (field names only, never values: the
address must never reach the log). Callers have already checked access
through the policy; these functions check the domain rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import record
from core import dates
from housing import selectors
from housing.models import (
    ClearanceRecommendation,
    Dwelling,
    Offer,
    PartnerContact,
    PartnerService,
    Place,
    PlaceBooking,
    SecurityClearance,
)

# The fields a clearance form may set (everything but who and where).
CLEARANCE_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in SecurityClearance._meta.get_fields()
    if getattr(f, "editable", False)
    and f.name
    not in {
        "id",
        "dwelling",
        "police_district",
        "recorded_by",
        "created_at",
        "updated_at",
        "is_synthetic",
    }
)
OFFER_FIELDS: tuple[str, ...] = (
    "name",
    "offer_type",
    "fits_women",
    "fits_men",
    "fits_couples",
    "fits_single_parents",
    "women_only_without_children",
    "intensity",
    "followup_fte",
    "project_lead_fte",
    "on_call",
    "on_call_until",
    "description",
)


# --- offers -------------------------------------------------------------------


def _check_offer(offer: Offer) -> None:
    errors: dict[str, str] = {}
    if offer.on_call == Offer.OnCall.PHONE_UNTIL and offer.on_call_until is None:
        errors["on_call_until"] = _(
            "Skriv klokkeslettet telefonvakten varer til, for eksempel 22:00."
        )
    if offer.women_only_without_children and (
        offer.fits_men or offer.fits_couples or offer.fits_single_parents
    ):
        errors["women_only_without_children"] = _(
            "Et tilbud bare for kvinner uten barn kan ikke også passe for menn, par eller enslige forsørgere."
        )
    if not any(
        [
            offer.fits_women,
            offer.fits_men,
            offer.fits_couples,
            offer.fits_single_parents,
            offer.women_only_without_children,
        ]
    ):
        errors["fits_women"] = _("Kryss av for minst én gruppe tilbudet passer for.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offer_create(*, municipality: Any, by: Any, is_synthetic: bool = False, **values: Any) -> Offer:
    """Create an offer for a host municipality."""
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    offer = Offer(municipality=municipality, is_synthetic=is_synthetic, **values)
    if offer.on_call != Offer.OnCall.PHONE_UNTIL:
        offer.on_call_until = None
    _check_offer(offer)
    offer.full_clean()
    offer.save()
    record(
        actor=by,
        action="housing.offer.created",
        obj=offer,
        fields=list(values),
        purpose="botilbud",
    )
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, by: Any, values: Mapping[str, Any]) -> Offer:
    """Change an offer's description fields; audits the names of the fields that changed."""
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    changed = [name for name, value in values.items() if getattr(offer, name) != value]
    for name in changed:
        setattr(offer, name, values[name])
    if offer.on_call != Offer.OnCall.PHONE_UNTIL and offer.on_call_until is not None:
        offer.on_call_until = None
        if "on_call_until" not in changed:
            changed.append("on_call_until")
    _check_offer(offer)
    offer.full_clean()
    if changed:
        offer.save(update_fields=[*changed, "updated_at"])
        record(
            actor=by,
            action="housing.offer.updated",
            obj=offer,
            fields=changed,
            purpose="botilbud",
        )
    return offer


# --- dwellings and places -------------------------------------------------------


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
    by: Any,
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
    *, dwelling: Dwelling, place_count: int, by: Any, on: dt.date | None = None
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
    by: Any,
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


# --- security clearances ------------------------------------------------------------


@transaction.atomic
def clearance_record(
    *,
    dwelling: Dwelling,
    values: Mapping[str, Any],
    recommendations: Iterable[str] = (),
    by: Any,
) -> SecurityClearance:
    """Write down a police security clearance of a dwelling, with its recommendations."""
    unknown = set(values) - set(CLEARANCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown clearance fields: {sorted(unknown)}")
    dwelling = (
        Dwelling.objects.select_related("offer__municipality").defer("address").get(pk=dwelling.pk)
    )
    district = dwelling.offer.municipality.police_district
    if district is None:
        raise ValidationError(
            _(
                "Vertskommunen er ikke knyttet til et politidistrikt. Be systemadministratoren rette det."
            )
        )
    clearance = SecurityClearance(
        dwelling=dwelling,
        police_district=district,
        recorded_by=by,
        is_synthetic=dwelling.is_synthetic,
        **values,
    )
    errors: dict[str, str] = {}
    today = dates.today()
    if clearance.cleared_on and clearance.cleared_on > today:
        errors["cleared_on"] = _(
            "Klareringsdatoen kan ikke være fram i tid. Skriv datoen politiet gjorde vurderingen."
        )
    if (
        clearance.cleared_on
        and clearance.valid_until
        and clearance.valid_until < clearance.cleared_on
    ):
        errors["valid_until"] = _(
            "«Gyldig til og med» kan ikke være før klareringsdatoen. Sjekk begge datoene."
        )
    if errors:
        raise ValidationError(errors)
    clearance.full_clean()
    clearance.save()
    texts = [text.strip() for text in recommendations if text.strip()]
    for text in texts:
        recommendation = ClearanceRecommendation(
            clearance=clearance, text=text, is_synthetic=clearance.is_synthetic
        )
        recommendation.full_clean()
        recommendation.save()
    record(
        actor=by,
        action="housing.clearance.recorded",
        obj=clearance,
        fields=[*values, "recommendations"] if texts else list(values),
        purpose="sikkerhetsklarering",
    )
    return clearance


@transaction.atomic
def recommendation_mark_carried_out(
    *, recommendation: ClearanceRecommendation, carried_out_on: dt.date, by: Any
) -> ClearanceRecommendation:
    """Record that a recommended security measure was carried out."""
    if carried_out_on > dates.today():
        raise ValidationError({"carried_out_on": _("Datoen kan ikke være fram i tid.")})
    recommendation = ClearanceRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    recommendation.carried_out = True
    recommendation.carried_out_on = carried_out_on
    recommendation.full_clean()
    recommendation.save(update_fields=["carried_out", "carried_out_on", "updated_at"])
    record(
        actor=by,
        action="housing.recommendation.carried_out",
        obj=recommendation,
        fields=["carried_out", "carried_out_on"],
        purpose="sikkerhetsklarering",
    )
    return recommendation


# --- bookings (the capacity ledger) -------------------------------------------------


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
    by: Any,
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
def booking_occupy(*, booking: PlaceBooking, on: dt.date, by: Any) -> PlaceBooking:
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
def booking_end(*, booking: PlaceBooking, ends_on: dt.date, by: Any) -> PlaceBooking:
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
def booking_cancel(*, booking: PlaceBooking, by: Any) -> PlaceBooking:
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


# --- partner services ----------------------------------------------------------------


@transaction.atomic
def partner_create(
    *,
    offer: Offer,
    kind: str,
    name: str,
    has_agreement: bool = False,
    agreement_on: dt.date | None = None,
    agreement_expires_on: dt.date | None = None,
    by: Any,
    is_synthetic: bool = False,
) -> PartnerService:
    """Register a partner service of an offer."""
    errors: dict[str, str] = {}
    if not has_agreement and (agreement_on or agreement_expires_on):
        errors["has_agreement"] = _(
            "Kryss av for formell samarbeidsavtale, eller fjern datoene for avtalen."
        )
    if agreement_on and agreement_expires_on and agreement_expires_on < agreement_on:
        errors["agreement_expires_on"] = _("Avtalen kan ikke utløpe før den ble inngått.")
    if errors:
        raise ValidationError(errors)
    partner = PartnerService(
        offer=offer,
        kind=kind,
        name=name.strip(),
        has_agreement=has_agreement,
        agreement_on=agreement_on,
        agreement_expires_on=agreement_expires_on,
        is_synthetic=is_synthetic,
    )
    partner.full_clean()
    partner.save()
    record(
        actor=by,
        action="housing.partner.created",
        obj=partner,
        fields=["kind", "name", "has_agreement", "agreement_on", "agreement_expires_on"],
        purpose="samarbeid",
    )
    return partner


@transaction.atomic
def partner_contact_add(
    *,
    partner: PartnerService,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
    by: Any,
) -> PartnerContact:
    """Add a staff contact person to a partner service."""
    contact = PartnerContact(
        partner=partner,
        name=name.strip(),
        role=role.strip(),
        phone=phone.strip(),
        email=email.strip(),
        is_synthetic=partner.is_synthetic,
    )
    contact.full_clean()
    contact.save()
    record(
        actor=by,
        action="housing.partner.contact_added",
        obj=contact,
        fields=["name", "role", "phone", "email"],
        purpose="samarbeid",
    )
    return contact
