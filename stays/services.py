"""Writes for stays. Issue 4 only creates a stay when an allocation is accepted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import record
from core import dates
from stays.models import Stay


@transaction.atomic
def stay_create(*, allocation: Any, by: Any) -> Stay:
    """Create the stay for an accepted allocation (status ``allocated``, not yet moved in).

    The place stays *held* in housing's ledger until the arrival is recorded
    (issue 5 turns the booking into *occupied* on the day the person moves in).
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
