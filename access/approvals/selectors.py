"""Reads of approval requests: the user's own and those waiting for them, one request, and whether someone has had an address.

Part of two-person approval (``access.approvals``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policy, reads, unlock
from access.approvals.base import Kind, Status, subject_for
from access.approvers import prime_subjects
from access.models import AddressDisclosure, ApprovalRequest
from access.policy import Perm
from accounts.actors import Actor, Viewer, signed_in
from audit.models import AuditEntry

_ADDRESS_HAD_ACTIONS = ("housing.dwelling.created", "housing.dwelling.address_viewed")


def for_user(*, fetched_by: Viewer) -> QuerySet[ApprovalRequest]:
    return policy.visible(
        fetched_by,
        ApprovalRequest.objects.select_related("requested_by", "decided_by"),
        Perm.VIEW_APPROVALS,
    ).order_by("-created_at", "-pk")


def waiting_for(*, fetched_by: Viewer) -> list[ApprovalRequest]:
    """Pending, unexpired requests this user may decide.

    The policy's scope already holds exactly the pending requests the user may
    decide (``access.approvers.decidable``) besides their own, and a user never
    decides their own, so what is waiting is the scope's pending requests less
    the user's: the rule is asked once, in the scope.
    """
    actor = signed_in(fetched_by)
    if actor is None:
        return []
    return list(
        for_user(fetched_by=actor)
        .filter(status=Status.PENDING, expires_at__gt=timezone.now())
        .exclude(requested_by=actor)
        .select_related("pending_grant", "pending_organisation_change")
    )


def open_request(*, user: Actor, kind: str, obj: Any) -> ApprovalRequest | None:
    """The user's own newest request for this act that is waiting, or approved and unused."""
    return (
        ApprovalRequest.objects.filter(
            kind=kind,
            subject=subject_for(obj),
            requested_by=user.pk,
            status__in=[Status.PENDING, Status.APPROVED],
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


def approval_get(
    *, fetched_by: Viewer, pk: Any, request: HttpRequest | None = None
) -> ApprovalRequest:
    """One request the user may see, or 404; a GET shows its reason and notes (audited)."""
    approval = policy.get_object_for(
        fetched_by,
        ApprovalRequest.objects.select_related("requested_by", "decided_by"),
        Perm.VIEW_APPROVALS,
        pk=pk,
    )
    if request is None or request.method == "GET":
        reads.APPROVAL.record(actor=fetched_by, objects=[approval], request=request)
    return approval


def described(approvals: list[ApprovalRequest]) -> list[tuple[ApprovalRequest, str]]:
    """Each request with ``describe``'s words, the subjects read once for the whole list."""
    prime_subjects(approvals)
    return [(a, describe(a)) for a in approvals]


def describe(approval: ApprovalRequest) -> str:
    """What the request is about, in words and without personal data."""
    from access import grants

    obj = approval.subject_object()
    if approval.kind == Kind.ADDRESS_DISCLOSURE and obj is not None:
        return _("Adressen til bolig %(label)s i %(offer)s") % {
            "label": obj.label,
            "offer": obj.offer.name,
        }
    if approval.kind == Kind.BULK_EXPORT and obj is not None:
        return _("Beboerlisten for %(offer)s som CSV-fil") % {"offer": obj.name}
    if approval.kind == Kind.ACCOUNT_UNLOCK:
        return unlock.describe(approval)
    if approval.kind == Kind.ENROLMENT_RESET:
        from access.enrolment_reset import describe_reset

        return describe_reset(approval)
    return grants.describe(approval) or approval.subject


def has_had_address(*, user: Actor, dwelling: Any) -> bool:
    if AddressDisclosure.objects.filter(user_id=user.pk, dwelling_id=dwelling.pk).exists():
        return True
    return AuditEntry.objects.filter(
        actor_id=user.pk,
        action__in=_ADDRESS_HAD_ACTIONS,
        object_type="housing.Dwelling",
        object_id=str(dwelling.pk),
    ).exists()
