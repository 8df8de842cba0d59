"""Arrival (innflytting): moving in and the first two weeks' timetable from the offer's template.

Atomic, validated and audited like every write of the stay (``stays.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates
from stays.models import (
    ArrivalTemplateItem,
    ArrivalTimetableItem,
    Stay,
)
from stays.selectors.template import DEFAULT_TEMPLATE, template_items
from stays.services.base import _d, _locked

# --- arrival -----------------------------------------------------------------------------


@transaction.atomic
def stay_move_in(*, stay: Stay, moved_in_on: dt.date, by: Actor) -> Stay:
    """Register the moving-in day: the 9-month clock starts, the place becomes occupied.

    Also lays out the first two weeks from the offer's timetable template.
    """
    from housing import services as housing_services
    from housing.models import PlaceBooking

    stay = _locked(stay, Stay.Status.ALLOCATED)
    if moved_in_on < stay.allocated_on:
        raise ValidationError(
            {
                "moved_in_on": _(
                    "Innflyttingsdatoen kan ikke være før tildelingen (%(date)s). Sjekk datoen."
                )
                % {"date": _d(stay.allocated_on)}
            }
        )
    if moved_in_on > dates.today():
        raise ValidationError(
            {
                "moved_in_on": _(
                    "Innflyttingsdatoen kan ikke være fram i tid. Registrer den når personen har flyttet inn."
                )
            }
        )
    stay.moved_in_on = moved_in_on
    stay.status = Stay.Status.LIVING
    fields = ["moved_in_on", "status"]
    # One rule for the end: 9 months from the day the person actually moved
    # in. The date set at allocation counted from the expected arrival; it
    # follows the real one unless someone has already changed it on purpose.
    nine_months = dates.add_months(moved_in_on, 9)
    follows = not stay.move_out_changes.exists() and stay.planned_move_out_on != nine_months
    if follows:
        stay.planned_move_out_on = nine_months
        fields.append("planned_move_out_on")
    stay.full_clean()
    stay.save(update_fields=[*fields, "updated_at"])
    if stay.booking is not None:
        housing_services.booking_occupy(booking=stay.booking, on=moved_in_on, by=by)
        if follows:
            # Capacity's "next planned move-out" reads the booking's copy.
            PlaceBooking.objects.filter(pk=stay.booking.pk).update(planned_end_on=nine_months)
    record(
        actor=by,
        action="stays.stay.moved_in",
        obj=stay,
        fields=fields,
        purpose="innflytting",
    )
    timetable_generate(stay=stay, by=by)
    return stay


# --- the arrival timetable ------------------------------------------------------


@transaction.atomic
def template_seed_defaults(*, offer: Any, by: Actor) -> list[ArrivalTemplateItem]:
    """Store the default template so the offer can edit it. Does nothing if it has one."""
    if ArrivalTemplateItem.objects.filter(offer=offer).exists():
        return list(ArrivalTemplateItem.objects.filter(offer=offer))
    items = [
        ArrivalTemplateItem(
            offer=offer,
            day_offset=day,
            title=title,
            attendees=who,
            description=text,
            is_synthetic=offer.is_synthetic,
        )
        for day, title, who, text in DEFAULT_TEMPLATE
    ]
    ArrivalTemplateItem.objects.bulk_create(items)
    record(
        actor=by,
        action="stays.arrival_template.seeded",
        obj=offer,
        fields=["day_offset", "title", "attendees", "description"],
        purpose="mal for timeplan",
    )
    return list(ArrivalTemplateItem.objects.filter(offer=offer))


def _check_template_values(values: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(values.get("title", "")).strip():
        errors["title"] = _("Skriv hva som skjer.")
    day = values.get("day_offset")
    if day is None or not 0 <= int(day) <= 20:
        errors["day_offset"] = _("Skriv en arbeidsdag fra 0 (innflyttingsdagen) til 20.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def template_item_save(
    *, offer: Any, values: Mapping[str, Any], item: ArrivalTemplateItem | None = None, by: Actor
) -> ArrivalTemplateItem:
    """Add or change one line of the offer's template (stores the defaults first)."""
    _check_template_values(values)
    if item is None:
        template_seed_defaults(offer=offer, by=by)
        item = ArrivalTemplateItem(offer=offer, is_synthetic=offer.is_synthetic)
    item.day_offset = int(values["day_offset"])
    item.at = values.get("at")
    item.title = str(values["title"]).strip()
    item.attendees = str(values.get("attendees") or "").strip()
    item.description = str(values.get("description") or "").strip()
    item.full_clean()
    item.save()
    record(
        actor=by,
        action="stays.arrival_template.saved",
        obj=item,
        fields=["day_offset", "at", "title", "attendees", "description"],
        purpose="mal for timeplan",
    )
    return item


@transaction.atomic
def template_item_delete(*, item: ArrivalTemplateItem, by: Actor) -> None:
    record(
        actor=by,
        action="stays.arrival_template.deleted",
        obj=item,
        fields=["title"],
        purpose="mal for timeplan",
    )
    item.delete()


def working_day(start: dt.date, offset: int) -> dt.date:
    """The ``offset``-th working day from ``start`` (0 = ``start`` or the next working day)."""
    day = dates.next_working_day(start)
    for _step in range(offset):
        day = dates.next_working_day(day + dt.timedelta(days=1))
    return day


@transaction.atomic
def timetable_generate(*, stay: Stay, by: Actor) -> list[ArrivalTimetableItem]:
    """Lay out the stay's first two weeks from the offer's template, with real dates.

    Does nothing when the stay already has a timetable (it may have been edited).
    """
    if stay.moved_in_on is None:
        raise ValidationError(_("Registrer innflyttingsdatoen først."))
    if stay.timetable.exists():
        return list(stay.timetable.all())
    rows = [
        ArrivalTimetableItem(
            stay=stay,
            on=working_day(stay.moved_in_on, item.day_offset),
            at=item.at,
            title=item.title,
            attendees=item.attendees,
            description=item.description,
            is_synthetic=stay.is_synthetic,
        )
        for item in template_items(stay.offer)
    ]
    for row in rows:
        row.save()
    record(
        actor=by,
        action="stays.timetable.generated",
        obj=stay,
        fields=["timetable"],
        purpose="timeplan ved innflytting",
    )
    return rows


@transaction.atomic
def timetable_item_save(
    *,
    stay: Stay,
    values: Mapping[str, Any],
    item: ArrivalTimetableItem | None = None,
    by: Actor,
) -> ArrivalTimetableItem:
    """Add or change one appointment in the resident's timetable."""
    stay = _locked(stay, Stay.Status.LIVING)
    errors: dict[str, str] = {}
    on = values.get("on")
    if not str(values.get("title", "")).strip():
        errors["title"] = _("Skriv hva som skjer.")
    if on is None:
        errors["on"] = _("Skriv datoen.")
    elif stay.moved_in_on and on < stay.moved_in_on:
        errors["on"] = _("Datoen kan ikke være før innflyttingen (%(date)s).") % {
            "date": _d(stay.moved_in_on)
        }
    if errors or on is None:
        raise ValidationError(errors)
    if item is None:
        item = ArrivalTimetableItem(stay=stay, is_synthetic=stay.is_synthetic)
    item.on = on
    item.at = values.get("at")
    item.title = values["title"].strip()
    item.attendees = (values.get("attendees") or "").strip()
    item.description = (values.get("description") or "").strip()
    item.full_clean()
    item.save()
    record(
        actor=by,
        action="stays.timetable.saved",
        obj=item,
        fields=["on", "at", "title", "attendees", "description"],
        purpose="timeplan ved innflytting",
    )
    return item
