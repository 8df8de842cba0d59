"""The stay's life as a whole: creation, withdrawal before arrival, planned move-out, housing plan.

Atomic, validated and audited like every write of the stay (``stays.services``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates, faults
from stays.models import (
    HouseholdMember,
    PlannedMoveOutChange,
    Stay,
)
from stays.services.base import _check_nine_months, _d, _locked

# --- creation and withdrawal (called by referrals) ---------------------------


@transaction.atomic
def stay_create(*, allocation: Any, by: Actor) -> Stay:
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
    _carry_household(stay, assessment, by=by)
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


def _carry_household(stay: Stay, assessment: Any, *, by: Actor) -> None:
    """The children the assessment recorded move in with the resident: nobody types them again.

    A partner is not carried: the assessment knows only that one comes, not
    their birth year, so the household page asks for it.
    """
    for child in assessment.children.all():
        member = HouseholdMember.objects.create(
            stay=stay,
            kind=HouseholdMember.Kind.CHILD,
            birth_year=child.birth_year,
            is_synthetic=stay.is_synthetic,
        )
        record(
            actor=by,
            action="stays.household.added",
            obj=member,
            fields=["kind", "birth_year"],
            purpose="husstand fra kartleggingen",
        )


@transaction.atomic
def stay_withdraw_before_arrival(*, stay: Stay, by: Actor) -> Stay:
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


# --- planned move-out, extension, housing plan ---------------------------------


@transaction.atomic
def planned_move_out_change(
    *, stay: Stay, new_date: dt.date, reason: str, extension_reason: str = "", by: Actor
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
def housing_plan_save(*, stay: Stay, text: str, by: Actor) -> Stay:
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
