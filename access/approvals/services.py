"""Writes of two-person approval: asking, deciding, expiring, using an approval once, the address gate.

Part of two-person approval (``access.approvals``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policy, unlock
from access.approvals.base import (
    APPROVAL_DAYS,
    ApprovalRequired,
    Kind,
    Status,
    can_decide,
    subject_for,
)
from access.approvals.selectors import has_had_address
from access.models import AddressDisclosure, ApprovalRequest
from access.policy import Perm
from accounts.actors import Actor, SystemActor
from audit.services import record


def expire_due(*, now: dt.datetime | None = None) -> int:
    """Mark pending requests and unused approvals past their time as expired (audited)."""
    now = now or timezone.now()
    due = ApprovalRequest.objects.filter(expires_at__lte=now).filter(
        Q(status=Status.PENDING) | Q(status=Status.APPROVED, used_at__isnull=True)
    )
    count = 0
    with transaction.atomic():
        for approval in due.select_for_update():
            approval.status = Status.EXPIRED
            approval.decided_by = None
            approval.decided_at = None
            approval.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
            record(
                actor=None,
                action="access.approval.expired",
                obj=approval,
                fields=["status"],
                purpose=f"godkjenning: {approval.kind}",
            )
            count += 1
    return count


def audit_approval(
    actor: SystemActor, action: str, approval: ApprovalRequest, request: HttpRequest | None
) -> None:
    """One audit row for a step of a request (requested, approved, used …)."""
    record(
        actor=actor,
        action=action,
        obj=approval,
        fields=["status"],
        purpose=f"godkjenning: {approval.kind}",
        request=request,
    )


def _check_requester(user: Actor, kind: str, subject_obj: Any) -> None:
    """The requester must be someone who could do the act after approval (else 404)."""
    if kind == Kind.ADDRESS_DISCLOSURE:
        policy.get_object_for(
            user, type(subject_obj), Perm.READ_DWELLING_ADDRESS, pk=subject_obj.pk
        )
    elif kind == Kind.BULK_EXPORT:
        policy.get_object_for(user, type(subject_obj), Perm.MANAGE_OFFERS, pk=subject_obj.pk)
        if not policy.has_perm(user, Perm.EXPORT_RESIDENT_LIST):
            raise ValidationError(_("Du kan ikke eksportere beboerlisten."), code="not_allowed")
    elif kind == Kind.ACCOUNT_UNLOCK:
        unlock.check_requester(user, subject_obj)
    elif kind == Kind.ENROLMENT_RESET:
        if not policy.has_perm(user, Perm.ADMINISTER_USERS):
            raise ValidationError(
                _("Bare administratorer kan lage nye lenker."), code="not_allowed"
            )
    else:
        raise ValidationError(_("Ukjent type godkjenning."), code="kind")


def request_approval(
    *,
    user: Actor,
    kind: str,
    subject_obj: Any,
    reason: str,
    request: HttpRequest | None = None,
) -> ApprovalRequest:
    """Ask for a second person's approval; an open request for the same thing is reused."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            _("Skriv hvorfor du trenger dette (minst 10 tegn)."), code="reason_required"
        )
    _check_requester(user, kind, subject_obj)
    # Housekeeping on a write, never on a GET (SECURITY.md 15): pages treat
    # anything past expires_at as expired whether or not it is marked yet.
    expire_due()
    subject = subject_for(subject_obj)
    now = timezone.now()
    with transaction.atomic():
        existing = ApprovalRequest.objects.filter(
            kind=kind,
            subject=subject,
            requested_by=user,
            status__in=[Status.PENDING, Status.APPROVED],
            used_at__isnull=True,
            expires_at__gt=now,
        ).first()
        if existing is not None:
            return existing
        approval = ApprovalRequest.objects.create(
            kind=kind,
            requested_by=user,
            subject=subject,
            reason=reason,
            expires_at=now + dt.timedelta(days=APPROVAL_DAYS),
        )
        audit_approval(user, "access.approval.requested", approval, request)
    return approval


def decide(
    *,
    user: Actor,
    approval_id: Any,
    approve: bool,
    note: str = "",
    request: HttpRequest | None = None,
) -> ApprovalRequest:
    """Approve or reject a pending request; never one's own. Approving an admin request applies it."""
    from access import grants

    expire_due()
    with transaction.atomic():
        approval = policy.get_object_for(
            user,
            ApprovalRequest.objects.select_for_update().select_related("requested_by"),
            Perm.VIEW_APPROVALS,
            pk=approval_id,
        )
        if approval.requested_by_id == user.pk:
            raise ValidationError(
                _("Du kan ikke godkjenne din egen forespørsel. En annen person må gjøre det."),
                code="self",
            )
        if approval.status != Status.PENDING or approval.expires_at <= timezone.now():
            raise ValidationError(_("Denne forespørselen er ikke lenger åpen."), code="closed")
        if not can_decide(user, approval):
            raise ValidationError(
                _("Du kan ikke avgjøre denne forespørselen."), code="not_eligible"
            )
        approval.status = Status.APPROVED if approve else Status.REJECTED
        approval.decided_by = user
        approval.decided_at = timezone.now()
        approval.decision_note = (note or "").strip()
        approval.save(
            update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
        )
        audit_approval(
            user,
            "access.approval.approved" if approve else "access.approval.rejected",
            approval,
            request,
        )
        if approve and approval.kind in grants.ADMIN_KINDS:
            grants.apply(by=user, approval=approval, request=request)
        if approve and approval.kind == Kind.ACCOUNT_UNLOCK:
            unlock.apply(user=user, approval=approval, request=request)
        if approve and approval.kind == Kind.ENROLMENT_RESET:
            from access.enrolment_reset import apply_approved_reset

            apply_approved_reset(approver=user, approval=approval, request=request)
    return approval


def consume(
    *, user: Actor, kind: str, subject_obj: Any, request: HttpRequest | None = None
) -> ApprovalRequest:
    """Use the user's approved, unused approval for this act once, or raise ApprovalRequired."""
    subject = subject_for(subject_obj)
    with transaction.atomic():
        approval = (
            ApprovalRequest.objects.select_for_update()
            .filter(
                kind=kind,
                subject=subject,
                requested_by=user,
                status=Status.APPROVED,
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .order_by("decided_at")
            .first()
        )
        if approval is None:
            raise ApprovalRequired(kind, subject)
        approval.used_at = timezone.now()
        approval.save(update_fields=["used_at", "updated_at"])
        audit_approval(user, "access.approval.used", approval, request)
    return approval


def address_gate(*, user: Actor, dwelling: Any, request: HttpRequest | None = None) -> None:
    """Before an address is shown: free for someone who has had it, else one approval.

    Call inside the transaction that writes the ``address_viewed`` audit row.
    """
    if has_had_address(user=user, dwelling=dwelling):
        return
    approval = consume(
        user=user, kind=Kind.ADDRESS_DISCLOSURE, subject_obj=dwelling, request=request
    )
    AddressDisclosure.objects.create(user=user, dwelling=dwelling, approval=approval)
