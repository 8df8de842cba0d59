"""Synthetic residents at every phase in municipalities A and B (demo mode only).

Just arrived, mid-stay, overdue (past 9 months, no extension), extended,
moved out, in aftercare and closed, with dates relative to today. Residents
sit on housing's demo bookings (occupied for those living there, ended for
those who moved out), whose dates are aligned to the stay so capacity and
stays tell the same story. Names are "Demo Beboer A1" and so on; everything
is ``is_synthetic``. Idempotent: runs once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from accounts.demo import require_demo_mode
from accounts.models import User
from core import dates
from housing.models import PartnerService, Place, PlaceBooking
from referrals.models import Person
from stays import services
from stays.models import (
    GOAL_INDICATORS,
    Destination,
    GoalIndicatorAssessment,
    HouseholdMember,
    PlannedMoveOutChange,
    Stay,
    TransferItem,
)

DAY = dt.timedelta(days=1)
LIVING = [("just_arrived", 5), ("mid_stay", 100), ("overdue", 285), ("extended", 300)]
FINISHED = ["moved_out", "aftercare", "closed"]
MUNICIPALITIES = {"Kommune A": ("A", "miljo.a"), "Kommune B": ("B", "miljo.b")}


def _person(label: str, number: int) -> Person:
    return Person.objects.create(
        name=f"Demo Beboer {label}{number}",
        birth_date=dt.date(dates.today().year - 20 - number % 4, 1 + number % 12, 10),
        gender="male" if number == 4 else "female",
        is_synthetic=True,
    )


def _free_history_before(booking: PlaceBooking, start: dt.date) -> None:
    """Move an earlier (ended) demo booking on the same place back before ``start``."""
    for old in PlaceBooking.objects.filter(
        place=booking.place, status=PlaceBooking.Status.ENDED, ends_on__gt=start
    ).exclude(pk=booking.pk):
        assert old.ends_on is not None
        length = old.ends_on - old.starts_on
        old.ends_on = start - DAY
        old.starts_on = old.ends_on - length
        old.planned_end_on = old.ends_on
        old.save(update_fields=["starts_on", "ends_on", "planned_end_on", "updated_at"])


def _free_place_booking(municipality: str, by: User) -> PlaceBooking | None:
    """A booking for one more demo resident: a free place, else a demo hold."""
    taken = PlaceBooking.objects.filter(status__in=PlaceBooking.TAKING).values("place_id")
    place = (
        Place.objects.filter(dwelling__offer__municipality__name=municipality, active=True)
        .exclude(pk__in=taken)
        .select_related("dwelling__offer")
        .first()
    )
    if place is None:
        # Every place is taken: turn a demo hold into the resident's booking.
        held = PlaceBooking.objects.filter(
            place__dwelling__offer__municipality__name=municipality,
            status=PlaceBooking.Status.HELD,
            reference__startswith="demo-",
        ).first()
        if held is not None:
            held.status = PlaceBooking.Status.OCCUPIED
            held.hold_expires_on = None
            held.save(update_fields=["status", "hold_expires_on", "updated_at"])
        return held
    return PlaceBooking.objects.create(
        place=place,
        starts_on=dates.today(),
        status=PlaceBooking.Status.OCCUPIED,
        reference=f"demo-stay-{place.pk}",
        created_by=by,
        is_synthetic=True,
    )


def _living(municipality: str, label: str, worker: User, today: dt.date) -> None:
    bookings = list(
        PlaceBooking.objects.filter(
            place__dwelling__offer__municipality__name=municipality,
            status=PlaceBooking.Status.OCCUPIED,
            reference__startswith="demo-",
        ).select_related("place__dwelling__offer")
    )
    for number, (phase, days_ago) in enumerate(LIVING, start=1):
        booking = bookings.pop(0) if bookings else _free_place_booking(municipality, worker)
        if booking is None:
            return
        moved_in = today - DAY * days_ago
        planned = {
            "just_arrived": dates.add_months(moved_in, 8),
            "mid_stay": dates.add_months(moved_in, 7),
            "overdue": today - DAY * 3,
            "extended": today + DAY * 45,
        }[phase]
        _free_history_before(booking, moved_in)
        booking.starts_on = moved_in
        booking.planned_end_on = planned
        booking.save(update_fields=["starts_on", "planned_end_on", "updated_at"])
        stay = Stay.objects.create(
            person=_person(label, number),
            booking=booking,
            offer=booking.place.dwelling.offer,
            status=Stay.Status.LIVING,
            allocated_on=moved_in - DAY * 7,
            moved_in_on=moved_in,
            planned_move_out_on=planned,
            gender="male" if number == 4 else "female",
            birth_year=today.year - 20 - number % 4,
            is_synthetic=True,
        )
        if phase == "extended":
            stay.extended_until = planned
            stay.extension_reason = "Demo: venter på strengt fortrolig adresse (kode 6)."
            stay.save(update_fields=["extended_until", "extension_reason"])
            PlannedMoveOutChange.objects.create(
                stay=stay,
                old_date=dates.add_months(moved_in, 9),
                new_date=planned,
                reason="Demo: ny bolig er ikke klar før kode 6 er innvilget.",
                changed_by=worker,
                is_synthetic=True,
            )
        if phase == "mid_stay":
            stay.housing_plan = "Demo: søker kommunal bolig i en annen kommune."
            stay.save(update_fields=["housing_plan"])
            HouseholdMember.objects.create(
                stay=stay,
                kind="child",
                birth_year=today.year - 3,
                first_name="D",
                is_synthetic=True,
            )
            stay.children_count = 1
            stay.save(update_fields=["children_count"])
        services.timetable_generate(stay=stay, by=worker)
        nav = PartnerService.objects.filter(offer=stay.offer, kind=PartnerService.Kind.NAV).first()
        if nav is not None:
            services.stay_partner_add(stay=stay, partner=nav, by=worker)


def _finished(municipality: str, label: str, worker: User, today: dt.date) -> None:
    bookings = list(
        PlaceBooking.objects.filter(
            place__dwelling__offer__municipality__name=municipality,
            status=PlaceBooking.Status.ENDED,
            reference__startswith="demo-",
            ends_on__lt=today - DAY * 30,
        ).select_related("place__dwelling__offer")
    )
    destinations = [Destination.OWN_HOME_ALONE, Destination.OWN_HOME_FRIENDS, Destination.FAMILY]
    for number, phase in enumerate(FINISHED, start=len(LIVING) + 1):
        if not bookings:
            return
        booking = bookings.pop(0)
        assert booking.ends_on is not None
        stay = Stay.objects.create(
            person=_person(label, number),
            booking=booking,
            offer=booking.place.dwelling.offer,
            status=Stay.Status.MOVED_OUT,
            allocated_on=booking.starts_on - DAY * 5,
            moved_in_on=booking.starts_on,
            planned_move_out_on=booking.ends_on,
            moved_out_on=booking.ends_on,
            destination=destinations[number % 3],
            gender="female",
            birth_year=today.year - 21,
            is_synthetic=True,
        )
        for item in TransferItem.Item.values:
            TransferItem.objects.create(
                stay=stay,
                item=item,
                state=TransferItem.State.DONE
                if item != "school"
                else TransferItem.State.NOT_NEEDED,
                done_on=booking.ends_on - DAY * 3 if item != "school" else None,
                is_synthetic=True,
            )
        if phase == "aftercare":
            stay.aftercare_from = booking.ends_on
            stay.aftercare_until = today + DAY * 30
            stay.aftercare_reason = "Demo: særskilt behov for oppfølging etter flytting."
            stay.save(update_fields=["aftercare_from", "aftercare_until", "aftercare_reason"])
        if phase == "closed":
            values: dict[str, Any] = {code: "yes" for code, _label in GOAL_INDICATORS}
            values["social_network"] = "partly"
            GoalIndicatorAssessment.objects.create(
                stay=stay,
                assessed_on=booking.ends_on + DAY * 14,
                assessed_by=worker,
                social_network_note="Demo: har én venn og går på nettverksgruppe.",
                is_synthetic=True,
                **values,
            )
            stay.status = Stay.Status.CLOSED
            stay.closed_on = booking.ends_on + DAY * 14
            stay.save(update_fields=["status", "closed_on"])


@transaction.atomic
def load_stays() -> None:
    """Residents at every phase in municipalities A and B, once."""
    require_demo_mode()
    if Stay.objects.filter(is_synthetic=True, booking__reference__startswith="demo-").exists():
        return
    today = dates.today()
    for municipality, (label, username) in MUNICIPALITIES.items():
        worker = User.objects.get(username=username, is_synthetic=True)
        _living(municipality, label, worker, today)
        _finished(municipality, label, worker, today)
