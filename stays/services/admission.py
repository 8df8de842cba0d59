"""Taking a person in (mottak) and a withdrawal before arrival: an allocation and its stay together.

Accepting an allocation creates the stay; withdrawing before arrival ends the
stay not yet begun. ``referrals`` owns the allocation's half and knows nothing
of stays, so the composition lives here, one transaction for both halves.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from access import policy
from accounts.actors import Actor
from core import faults
from referrals import services as referral_services
from referrals.models import Allocation
from stays.models import Stay
from stays.services.lifecycle import stay_create, stay_withdraw_before_arrival


@transaction.atomic
def allocation_accept(*, allocation: Allocation, by: Actor) -> Stay:
    """The offer's project lead accepts: the stay is created, the place stays held until arrival."""
    accepted = referral_services.allocation_mark_accepted(allocation=allocation, by=by)
    stay = stay_create(allocation=accepted, by=by)
    faults.point("allocation.accept.after_stay")
    return stay


@transaction.atomic
def allocation_withdraw(*, allocation: Allocation, reason: str, by: Actor) -> Allocation:
    """The person withdrew before moving in (counted in statistics); the place is released."""
    if not policy.can(by, policy.Perm.ALLOCATE_PLACES, allocation):
        raise PermissionDenied  # before anything is read, so a refusal tells nothing
    # Lock the stay first, as moving in does, so a withdrawal and an arrival
    # recorded at the same moment cannot both succeed.
    stay = Stay.objects.select_for_update().filter(allocation_id=allocation.pk).first()
    if stay is not None and stay.moved_in_on is not None:
        raise ValidationError(_("Personen har allerede flyttet inn. Avslutt oppholdet i stedet."))
    withdrawn = referral_services.allocation_mark_withdrawn(
        allocation=allocation, reason=reason, by=by
    )
    if stay is not None:
        stay_withdraw_before_arrival(stay=stay, by=by)
    return withdrawn
