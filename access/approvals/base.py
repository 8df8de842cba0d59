"""What every part of two-person approval shares: the kinds, the subject reference, who may decide, and the scope.

Part of two-person approval (``access.approvals``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from access import policy
from access.approvers import decidable, eligible_approver
from access.models import ApprovalRequest
from access.policy import Perm
from accounts.actors import Actor, Viewer, signed_in

APPROVAL_DAYS = 7


Kind = ApprovalRequest.Kind


Status = ApprovalRequest.Status


class ApprovalRequired(Exception):
    """The act needs an approved request that the user does not have (yet)."""

    def __init__(self, kind: str, subject: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.subject = subject


def subject_for(obj: Any) -> str:
    """An opaque reference: model label and id, never a name or an address."""
    return f"{obj._meta.label}:{obj.pk}"


def can_decide(user: Viewer, approval: ApprovalRequest) -> bool:
    """May ``user`` approve or reject this request? Never their own (see access.approvers)."""
    actor = signed_in(user)
    return actor is not None and eligible_approver(actor, approval)


@policy.scope("access.ApprovalRequest")
def _scope(user: Actor, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    """Own requests, requests the user decided, and pending ones the user may decide."""
    if perm != Perm.VIEW_APPROVALS:
        return queryset.none()
    pending = ApprovalRequest.objects.filter(status=Status.PENDING).select_related(
        "requested_by", "pending_grant", "pending_organisation_change"
    )
    mine = [a.pk for a in decidable(user, list(pending))]
    return queryset.filter(Q(requested_by=user) | Q(decided_by=user) | Q(pk__in=mine))
