"""Sharing an offer's approved routines with the directorate (deling av rutiner).

The offer's project lead decides; the change is audited in the same
transaction. What sharing opens is the access table's (condition
``routines_shared``): the text of the versions in force, nothing else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from access import policy
from access.policy import Perm
from accounts.actors import Actor
from audit.services import record
from housing.models import Offer
from routines.models import RoutineOffer, RoutineSharing


@transaction.atomic
def routine_sharing_set(*, offer: Offer, shares: bool, by: Actor) -> RoutineSharing:
    """Turn the sharing of ``offer``'s approved routines on or off; only its own project lead."""
    if not policy.visible(by, RoutineOffer, Perm.MANAGE_ROUTINES).filter(pk=offer.pk).exists():
        raise PermissionDenied
    sharing, _created = RoutineSharing.objects.select_for_update().get_or_create(
        offer=offer, defaults={"shares": shares, "changed_by": by}
    )
    sharing.shares = shares
    sharing.changed_by = by
    sharing.full_clean()
    sharing.save()
    if shares:
        record(actor=by, action="routines.sharing.turned_on", obj=sharing, fields=("shares",))
    else:
        record(actor=by, action="routines.sharing.turned_off", obj=sharing, fields=("shares",))
    return sharing
