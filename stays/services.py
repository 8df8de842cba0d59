"""Writes for stays: creation, arrival, timetable, move-out, extension, aftercare, closure.

Every function is atomic, checks the domain rules (raising a ValidationError
keyed by form field, so nothing is saved and the form shows the message next
to the field) and writes its audit row in the same transaction: field names
only, never values. Callers have checked access through the policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from core import dates, faults
from stays import selectors
from stays.models import (
    GOAL_INDICATORS,
    Achievement,
    ArrivalTemplateItem,
    ArrivalTimetableItem,
    Destination,
    GoalIndicatorAssessment,
    HouseholdMember,
    PlannedMoveOutChange,
    Stay,
    StayPartner,
    TransferItem,
)

OVER_NINE_MONTHS = "Oppholdet går over 9 måneder. Skriv begrunnelse og ny sluttdato."
MISSING_INDICATORS = "Fyll ut alle de sju måloppnåelsesindikatorene før du avslutter."


def _d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _locked(stay: Stay, *statuses: str) -> Stay:
    locked = Stay.objects.select_for_update().select_related("offer").get(pk=stay.pk)
    if statuses and locked.status not in statuses:
        raise ValidationError(
            _("Oppholdet har status «%(status)s», og dette kan ikke gjøres nå.")
            % {"status": locked.get_status_display()}
        )
    return locked


# --- creation and withdrawal (called by referrals) ---------------------------


@transaction.atomic
def stay_create(*, allocation: Any, by: Any) -> Stay:
    """Create the stay for an accepted allocation (status ``allocated``, not yet moved in).

    The place stays *held* in housing's ledger until the arrival is recorded:
    ``stay_move_in`` turns the booking into *occupied* on the day the person
    moves in, so a withdrawal before arrival only has a hold to cancel.
    """
    if allocation.status != "accepted" or allocation.booking_id is None:
        raise ValidationError("Bare en akseptert tildeling med reservert plass kan bli et opphold.")
    assessment = allocation.assessment
    stay = Stay(
        person=assessment.person,
        allocation=allocation,
        booking=allocation.booking,
        offer=allocation.place.dwelling.offer,
        allocated_on=allocation.answered_on or dates.today(),
        planned_move_out_on=allocation.planned_end_on,
        gender=assessment.person.gender,
        birth_year=assessment.person.birth_date.year,
        with_partner=assessment.has_partner,
        children_count=assessment.children.count(),
        is_synthetic=allocation.is_synthetic,
    )
    stay.full_clean()
    stay.save()
    faults.point("stay.create.after_stay")
    record(
        actor=by,
        action="stays.stay.created",
        obj=stay,
        fields=[
            "person",
            "allocation",
            "booking",
            "offer",
            "allocated_on",
            "planned_move_out_on",
            "gender",
            "birth_year",
            "with_partner",
            "children_count",
        ],
        purpose="tildeling akseptert",
    )
    return stay


@transaction.atomic
def stay_withdraw_before_arrival(*, stay: Stay, by: Any) -> Stay:
    """The person withdrew after acceptance but before moving in (counted as withdrawn)."""
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    if stay.moved_in_on is not None:
        raise ValidationError("Personen har allerede flyttet inn.")
    stay.status = Stay.Status.WITHDRAWN
    stay.save(update_fields=["status", "updated_at"])
    record(
        actor=by,
        action="stays.stay.withdrawn",
        obj=stay,
        fields=["status"],
        purpose="trakk seg før innflytting",
    )
    return stay


# --- arrival -----------------------------------------------------------------------------


@transaction.atomic
def stay_move_in(*, stay: Stay, moved_in_on: dt.date, by: Any) -> Stay:
    """Register the moving-in day: the 9-month clock starts, the place becomes occupied.

    Also lays out the first two weeks from the offer's timetable template.
    """
    from housing import services as housing_services

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
    stay.full_clean()
    stay.save(update_fields=["moved_in_on", "status", "updated_at"])
    if stay.booking is not None:
        housing_services.booking_occupy(booking=stay.booking, on=moved_in_on, by=by)
    record(
        actor=by,
        action="stays.stay.moved_in",
        obj=stay,
        fields=["moved_in_on", "status"],
        purpose="innflytting",
    )
    timetable_generate(stay=stay, by=by)
    return stay


def _refresh_household_snapshot(stay: Stay) -> None:
    """The snapshot follows who actually lives there once the arrival is registered."""
    members = list(stay.household.all())
    stay.with_partner = any(m.kind == HouseholdMember.Kind.PARTNER for m in members)
    stay.children_count = sum(1 for m in members if m.kind == HouseholdMember.Kind.CHILD)
    stay.save(update_fields=["with_partner", "children_count", "updated_at"])


@transaction.atomic
def household_member_add(
    *, stay: Stay, kind: str, birth_year: int, first_name: str = "", by: Any
) -> HouseholdMember:
    """A partner or child living with the resident (first name or initial only)."""
    stay = _locked(stay, Stay.Status.ALLOCATED, Stay.Status.LIVING)
    this_year = dates.today().year
    if not 1900 <= birth_year <= this_year:
        raise ValidationError(
            {"birth_year": _("Skriv et fødselsår mellom 1900 og %(year)s.") % {"year": this_year}}
        )
    if kind == HouseholdMember.Kind.PARTNER and stay.household.filter(kind=kind).exists():
        raise ValidationError({"kind": _("Det er allerede registrert en partner.")})
    if len(first_name.strip()) > 30:
        raise ValidationError({"first_name": _("Skriv bare fornavn eller forbokstav.")})
    member = HouseholdMember(
        stay=stay,
        kind=kind,
        birth_year=birth_year,
        first_name=first_name.strip(),
        is_synthetic=stay.is_synthetic,
    )
    member.full_clean()
    member.save()
    _refresh_household_snapshot(stay)
    record(
        actor=by,
        action="stays.household.added",
        obj=member,
        fields=["kind", "birth_year", "first_name"],
        purpose="husstand ved innflytting",
    )
    return member


@transaction.atomic
def household_member_remove(*, member: HouseholdMember, by: Any) -> None:
    stay = _locked(member.stay, Stay.Status.ALLOCATED, Stay.Status.LIVING)
    record(
        actor=by,
        action="stays.household.removed",
        obj=member,
        fields=["kind", "birth_year", "first_name"],
        purpose="husstand endret",
    )
    member.delete()
    _refresh_household_snapshot(stay)


# --- the arrival timetable ------------------------------------------------------

# Good practice from the 2011 national evaluation of the service (Rambøll, §5.1.1):
# (working day, title, who, description).
DEFAULT_TEMPLATE: list[tuple[int, str, str, str]] = [
    (
        0,
        "Velkommen: informasjonsskriv og hva botilbudet er",
        "Miljøterapeut",
        "Vi går gjennom informasjonsskrivene og hva bo- og støttetilbudet er. Du kan spørre om alt.",
    ),
    (
        0,
        "Leiekontrakt og taushetsplikt",
        "Miljøterapeut",
        "Vi går gjennom leiekontrakten og hva taushetsplikt betyr. Adressen din skal du ikke gi til noen.",
    ),
    (
        1,
        "Møte med politiet om sikkerhet (sikkerhetssamtale)",
        "Politiets kontaktperson og miljøterapeut",
        "Hvordan alarmen virker og hvem du ringer, trygg bruk av telefon og sosiale medier, og hva du gjør hvis noe skjer.",
    ),
    (
        1,
        "Søknad om voldsalarm",
        "Miljøterapeut",
        "Vi fyller ut søknaden om voldsalarm sammen.",
    ),
    (
        2,
        "Møte med NAV",
        "NAV-veileder og miljøterapeut",
        "Penger til å leve av, og hva som skjer videre.",
    ),
    (
        3,
        "Oppfølgingssamtale",
        "Miljøterapeut",
        "Hvordan har de første dagene vært? Vi tar informasjonen en gang til.",
    ),
    (4, "Time hos fastlege", "Fastlege og miljøterapeut", "Helse og eventuelle behov for hjelp."),
    (
        5,
        "Møte med familievernkontoret",
        "Familievernkontoret og miljøterapeut",
        "Hva familievernkontoret kan hjelpe med.",
    ),
    (
        6,
        "Avklare skole eller arbeid",
        "Miljøterapeut",
        "Hva vil du gjøre på dagtid? Skole, jobb eller kurs.",
    ),
    (8, "Oppfølgingssamtale", "Miljøterapeut", "Hvordan går det? Hva trenger du nå?"),
    (
        9,
        "Lage individuell handlingsplan",
        "Du og miljøterapeuten",
        "Vi skriver planen sammen, med dine mål og dine ord.",
    ),
]


def template_items(offer: Any) -> list[ArrivalTemplateItem]:
    """The offer's template; the evaluation's defaults until the offer has its own."""
    items = list(ArrivalTemplateItem.objects.filter(offer=offer))
    if items:
        return items
    return [
        ArrivalTemplateItem(
            offer=offer, day_offset=day, title=title, attendees=who, description=text
        )
        for day, title, who, text in DEFAULT_TEMPLATE
    ]


@transaction.atomic
def template_seed_defaults(*, offer: Any, by: Any) -> list[ArrivalTemplateItem]:
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
    *, offer: Any, values: Mapping[str, Any], item: ArrivalTemplateItem | None = None, by: Any
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
def template_item_delete(*, item: ArrivalTemplateItem, by: Any) -> None:
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
def timetable_generate(*, stay: Stay, by: Any) -> list[ArrivalTimetableItem]:
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
    by: Any,
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


# --- planned move-out, extension, housing plan ---------------------------------


def _check_nine_months(
    stay: Stay, end: dt.date, extension_reason: str, field: str = "extension_reason"
) -> bool:
    """Raise unless ``end`` is within 9 months or comes with a reason. True when it extends."""
    limit = selectors.nine_months_end(stay)
    if limit is None or end <= limit:
        return False
    covered = (
        stay.extended_until is not None and end <= stay.extended_until and stay.extension_reason
    )
    if covered:
        return False
    if not extension_reason.strip():
        raise ValidationError(
            {field: _("Oppholdet går over 9 måneder. Skriv begrunnelse og ny sluttdato.")}
        )
    return True


@transaction.atomic
def planned_move_out_change(
    *, stay: Stay, new_date: dt.date, reason: str, extension_reason: str = "", by: Any
) -> Stay:
    """Change the planned move-out date, keeping the history (old, new, why, who, when).

    A date past 9 months after moving in needs a reason for the longer
    follow-up; the new date is then the extension's end date.
    """
    stay = _locked(stay, Stay.Status.ALLOCATED, Stay.Status.LIVING)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Skriv hvorfor datoen endres.")
    start = stay.moved_in_on or stay.allocated_on
    if new_date < start:
        errors["new_date"] = _("Planlagt utflytting kan ikke være før %(date)s.") % {
            "date": _d(start)
        }
    if errors:
        raise ValidationError(errors)
    extends = _check_nine_months(stay, new_date, extension_reason)
    change = PlannedMoveOutChange(
        stay=stay,
        old_date=stay.planned_move_out_on,
        new_date=new_date,
        reason=reason.strip(),
        changed_by=by,
        is_synthetic=stay.is_synthetic,
    )
    change.save()
    stay.planned_move_out_on = new_date
    fields = ["planned_move_out_on"]
    if extends:
        stay.extended_until = new_date
        stay.extension_reason = extension_reason.strip()
        fields += ["extended_until", "extension_reason"]
    stay.full_clean()
    stay.save(update_fields=[*fields, "updated_at"])
    if stay.booking_id is not None:
        from housing.models import PlaceBooking

        PlaceBooking.objects.filter(pk=stay.booking_id).update(planned_end_on=new_date)
    record(
        actor=by,
        action="stays.stay.planned_move_out_changed",
        obj=stay,
        fields=[*fields, "move_out_changes"],
        purpose="planlagt utflytting",
    )
    if extends:
        record(
            actor=by,
            action="stays.stay.extended",
            obj=stay,
            fields=["extended_until", "extension_reason"],
            purpose="oppfølging ut over 9 måneder",
        )
    return stay


@transaction.atomic
def housing_plan_save(*, stay: Stay, text: str, by: Any) -> Stay:
    """The plan for permanent housing (reported after 3 months)."""
    stay = _locked(stay, Stay.Status.ALLOCATED, Stay.Status.LIVING, Stay.Status.MOVED_OUT)
    stay.housing_plan = text.strip()
    stay.save(update_fields=["housing_plan", "updated_at"])
    record(
        actor=by,
        action="stays.stay.housing_plan_saved",
        obj=stay,
        fields=["housing_plan"],
        purpose="plan for permanent bolig",
    )
    return stay


@transaction.atomic
def transfer_checklist_save(
    *, stay: Stay, values: Mapping[str, Mapping[str, Any]], by: Any
) -> list[TransferItem]:
    """Save the transfer checklist: per point a state, a date (required when done) and a note.

    ``values`` maps the point's code to ``{"state", "done_on", "note"}``.
    """
    stay = _locked(stay, Stay.Status.LIVING, Stay.Status.MOVED_OUT)
    today = dates.today()
    errors: dict[str, str] = {}
    for code, row in values.items():
        state, done_on = row.get("state"), row.get("done_on")
        if code not in TransferItem.Item.values:
            raise ValidationError(_("Ukjent punkt i listen."))
        if state == TransferItem.State.DONE and done_on is None:
            errors[f"{code}_done_on"] = _("Skriv datoen da dette ble gjort.")
        if done_on is not None and done_on > today:
            errors[f"{code}_done_on"] = _("Datoen kan ikke være fram i tid.")
    if errors:
        raise ValidationError(errors)
    saved = []
    for code, row in values.items():
        item, _created = TransferItem.objects.get_or_create(
            stay=stay, item=code, defaults={"is_synthetic": stay.is_synthetic}
        )
        item.state = row.get("state") or TransferItem.State.PENDING
        item.done_on = row.get("done_on")
        item.note = (row.get("note") or "").strip()
        item.full_clean()
        item.save()
        saved.append(item)
    record(
        actor=by,
        action="stays.transfer_checklist.saved",
        obj=stay,
        fields=["transfer_items.state", "transfer_items.done_on", "transfer_items.note"],
        purpose="overføring ved utflytting",
    )
    return saved


# --- move-out and aftercare ----------------------------------------------------


@transaction.atomic
def stay_move_out(
    *,
    stay: Stay,
    moved_out_on: dt.date,
    destination: str,
    extension_reason: str = "",
    by: Any,
) -> Stay:
    """Register the actual move-out and where the resident went; the place is freed.

    A move-out past 9 months needs a recorded reason (the move-out day is then
    the extension's end).
    """
    from housing import services as housing_services

    stay = _locked(stay, Stay.Status.LIVING)
    assert stay.moved_in_on is not None
    errors: dict[str, str] = {}
    if moved_out_on < stay.moved_in_on:
        errors["moved_out_on"] = _(
            "Utflyttingsdatoen kan ikke være før innflyttingsdatoen (%(date)s)."
        ) % {"date": _d(stay.moved_in_on)}
    elif moved_out_on > dates.today():
        errors["moved_out_on"] = _(
            "Utflyttingsdatoen kan ikke være fram i tid. Endre planlagt utflytting i stedet."
        )
    if destination not in Destination.values:
        errors["destination"] = _("Velg hvor beboeren flyttet. Velg «Ukjent» hvis dere ikke vet.")
    if errors:
        raise ValidationError(errors)
    extends = _check_nine_months(stay, moved_out_on, extension_reason)
    stay.moved_out_on = moved_out_on
    stay.destination = destination
    stay.status = Stay.Status.MOVED_OUT
    fields = ["moved_out_on", "destination", "status"]
    if extends:
        stay.extended_until = moved_out_on
        stay.extension_reason = extension_reason.strip()
        fields += ["extended_until", "extension_reason"]
    stay.full_clean()
    stay.save(update_fields=[*fields, "updated_at"])
    faults.point("stay.move_out.after_stay")
    if stay.booking is not None:
        housing_services.booking_end(booking=stay.booking, ends_on=moved_out_on, by=by)
    faults.point("stay.move_out.after_booking")
    record(actor=by, action="stays.stay.moved_out", obj=stay, fields=fields, purpose="utflytting")
    faults.point("stay.move_out.after_audit")
    return stay


@transaction.atomic
def aftercare_save(
    *, stay: Stay, starts_on: dt.date, ends_on: dt.date, reason: str = "", by: Any
) -> Stay:
    """An aftercare period after move-out (platform §5).

    Follow-up that reaches past the ordinary 9 months (or the recorded
    extension) needs a reason.
    """
    stay = _locked(stay, Stay.Status.MOVED_OUT)
    assert stay.moved_out_on is not None
    errors: dict[str, str] = {}
    if starts_on < stay.moved_out_on:
        errors["starts_on"] = _("Ettervernet kan ikke starte før utflyttingen (%(date)s).") % {
            "date": _d(stay.moved_out_on)
        }
    if ends_on < starts_on:
        errors["ends_on"] = _("Sluttdatoen kan ikke være før startdatoen.")
    if errors:
        raise ValidationError(errors)
    ordinary_end = selectors.followup_ends_on(stay)
    if ordinary_end is not None and ends_on > ordinary_end and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Ettervernet går ut over den vanlige oppfølgingstiden (til %(date)s). Skriv hvorfor beboeren har særskilt behov for det."
                )
                % {"date": _d(ordinary_end)}
            }
        )
    stay.aftercare_from = starts_on
    stay.aftercare_until = ends_on
    stay.aftercare_reason = reason.strip()
    stay.full_clean()
    stay.save(update_fields=["aftercare_from", "aftercare_until", "aftercare_reason", "updated_at"])
    record(
        actor=by,
        action="stays.stay.aftercare_saved",
        obj=stay,
        fields=["aftercare_from", "aftercare_until", "aftercare_reason"],
        purpose="ettervern",
    )
    return stay


# --- closure -------------------------------------------------------------------


@transaction.atomic
def stay_close(
    *,
    stay: Stay,
    closed_on: dt.date,
    indicators: Mapping[str, str],
    notes: Mapping[str, str],
    destination: str,
    by: Any,
) -> Stay:
    """Close the follow-up with the seven goal indicators (platform §6) and the destination.

    Refused unless every indicator is yes/partly/no.
    """
    stay = _locked(stay, Stay.Status.MOVED_OUT)
    assert stay.moved_out_on is not None
    errors: dict[str, str] = {}
    missing = [
        code for code, _label in GOAL_INDICATORS if indicators.get(code) not in Achievement.values
    ]
    for code in missing:
        errors[code] = _("Fyll ut alle de sju måloppnåelsesindikatorene før du avslutter.")
    if destination not in Destination.values:
        errors["destination"] = _("Velg hvor beboeren flyttet. Velg «Ukjent» hvis dere ikke vet.")
    if closed_on < stay.moved_out_on:
        errors["closed_on"] = _("Oppholdet kan ikke avsluttes før utflyttingen (%(date)s).") % {
            "date": _d(stay.moved_out_on)
        }
    elif closed_on > dates.today():
        errors["closed_on"] = _("Avslutningsdatoen kan ikke være fram i tid.")
    if errors:
        raise ValidationError(errors)
    assessment = GoalIndicatorAssessment(
        stay=stay, assessed_on=closed_on, assessed_by=by, is_synthetic=stay.is_synthetic
    )
    for code, _label in GOAL_INDICATORS:
        setattr(assessment, code, indicators[code])
        setattr(assessment, f"{code}_note", (notes.get(code) or "").strip())
    assessment.full_clean()
    assessment.save()
    stay.closed_on = closed_on
    stay.destination = destination
    stay.status = Stay.Status.CLOSED
    if stay.aftercare_until is not None and stay.aftercare_until > closed_on:
        stay.aftercare_until = closed_on
    stay.full_clean()
    stay.save(update_fields=["closed_on", "destination", "status", "aftercare_until", "updated_at"])
    record(
        actor=by,
        action="stays.stay.closed",
        obj=stay,
        fields=[
            "closed_on",
            "destination",
            "status",
            *[code for code, _label in GOAL_INDICATORS],
            *[f"{code}_note" for code, _label in GOAL_INDICATORS],
        ],
        purpose="avslutning med måloppnåelse",
    )
    return stay


# --- partner services per resident --------------------------------------------


@transaction.atomic
def stay_partner_add(*, stay: Stay, partner: Any, contact: Any = None, by: Any) -> StayPartner:
    """Link a partner service from the offer's own register (and optionally its contact)."""
    stay = _locked(stay, Stay.Status.ALLOCATED, Stay.Status.LIVING, Stay.Status.MOVED_OUT)
    if partner.offer_id != stay.offer_id:
        raise ValidationError({"partner": _("Velg en tjeneste fra botilbudets egen liste.")})
    if contact is not None and contact.partner_id != partner.pk:
        raise ValidationError({"contact": _("Kontaktpersonen hører til en annen tjeneste.")})
    if stay.partners.filter(partner=partner).exists():
        raise ValidationError({"partner": _("Denne tjenesten er allerede lagt til.")})
    link = StayPartner(stay=stay, partner=partner, contact=contact, is_synthetic=stay.is_synthetic)
    link.full_clean()
    link.save()
    record(
        actor=by,
        action="stays.partner.added",
        obj=link,
        fields=["partner", "contact"],
        purpose="samarbeidspartnere for beboeren",
    )
    return link


@transaction.atomic
def stay_partner_remove(*, link: StayPartner, by: Any) -> None:
    record(
        actor=by,
        action="stays.partner.removed",
        obj=link,
        fields=["partner", "contact"],
        purpose="samarbeidspartnere for beboeren",
    )
    link.delete()
