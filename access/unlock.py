"""Opplåsing av en sperret konto: lifting a sign-in lock takes two people (SECURITY.md 31, 35).

The kind ``account_unlock`` of ``access.approvals``: the administrator asks in
the admin site (``access.accounts_admin``) with a reason, the competence-team lead
approves, and the unlock (``access.signin.lockout.unlock_approved``) is applied
at once. The administrator alone cannot lift a lock, nor can the locked
person ask for or approve their own unlock. A time lock also ends by itself;
a repeat lock only this way.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policy
from access.models import ApprovalRequest
from access.policy import Perm
from access.signin import lockout
from accounts.actors import Actor
from accounts.models import User


def account(approval: ApprovalRequest) -> User | None:
    """The locked account the request is about."""
    label, _sep, pk = approval.subject.partition(":")
    if label != User._meta.label or not pk.isdigit():
        return None
    return User.objects.filter(pk=int(pk)).first()


def can_decide(user: Actor, approval: ApprovalRequest) -> bool:
    """The competence-team lead decides, unless it is the lead's own account."""
    locked = account(approval)
    if locked is None or locked.pk == user.pk:
        return False
    return policy.is_team_lead(user)


def check_requester(user: Actor, locked: Any) -> None:
    """Only an administrator asks, for an account that is locked and not their own."""
    if not policy.has_perm(user, Perm.ADMINISTER_USERS):
        raise ValidationError(_("Bare administratorer kan be om opplåsing."), code="not_allowed")
    if locked.pk == user.pk:
        raise ValidationError(
            _("Du kan ikke be om å låse opp din egen konto. En annen administrator må gjøre det."),
            code="self",
        )
    if not lockout.is_locked(locked):
        raise ValidationError(_("Kontoen er ikke sperret."), code="not_locked")


def describe(approval: ApprovalRequest) -> str:
    locked = account(approval)
    if locked is None:
        return approval.subject
    return _("Innloggingen til %(user)s") % {"user": locked.get_username()}


def apply(*, user: Actor, approval: ApprovalRequest, request: HttpRequest | None) -> None:
    """Lift the lock now that the lead approved; the approval is then used."""
    locked = account(approval)
    if locked is not None:
        lockout.unlock_approved(user=locked, by=user, request=request)
    approval.used_at = timezone.now()
    approval.save(update_fields=["used_at", "updated_at"])
