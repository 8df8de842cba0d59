"""A new enrolment link for an existing user (tilbakestilling; SECURITY.md 31, 32).

The administrator's "new enrolment link" makes the user's password unusable,
deletes every second factor (TOTP, recovery codes, passkeys), ends their
sessions and issues a new link (``access.signin.enrolment.reset_factors``).

Whoever holds that link becomes the user, so for a user with case access (a
membership with any role but the analyst's, which includes the team lead and
the administrator) it is a two-person act: the request is staged as an
``enrolment_reset`` approval, the reset happens only when an eligible second
person approves, and the link is shown once to that person, who hands it over;
the requesting administrator never sees it and it is never mailed. A user
without case access (the analyst, or no role yet) is reset at once and the
link goes to the administrator.

Who may approve is ``may_approve_enrolment_reset``; ``access.approvals``
asks it from its general ``can_decide``, which also keeps the requester (and
whatever else the general rule excludes) out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from access import approvals, grants, policy
from access.models import ApprovalRequest
from access.policy import Perm
from access.signin import enrolment
from access.signin.enrolment import IssuedLink
from accounts.actors import Actor
from accounts.models import Membership, Role, User
from audit.services import record

Kind = ApprovalRequest.Kind
_MUNICIPAL_ROLES = frozenset({Role.PROJECT_LEAD, Role.FOLLOWUP_WORKER})
# The reset request names the user as subject; the approval holds the link
# only on the Python object that approved it, never in a column.
_HANDOVER_ATTR = "_enrolment_handover"


@dataclass(frozen=True)
class ResetOutcome:
    """Either staged for approval (``approval``) or done at once (``link``)."""

    approval: ApprovalRequest | None = None
    link: IssuedLink | None = None


def reset_needs_approval(user: User) -> bool:
    """Does any of the user's memberships reach case content, approvals or administration?

    The same test as for granting the membership (``grants.gives_case_content``,
    the lead flag), so a reset is never a cheaper way to a role than a grant.
    """
    return any(
        m.is_lead or grants.gives_case_content(m.role)
        for m in Membership.objects.filter(user_id=user.pk)
    )


def target_of(approval: ApprovalRequest) -> User | None:
    label, _sep, pk = approval.subject.partition(":")
    if label != User._meta.label or not pk.isdigit():
        return None
    return User.objects.filter(pk=int(pk)).first()


def may_approve_enrolment_reset(user: Actor, approval: ApprovalRequest) -> bool:
    """Someone who knows the person and answers for their access, never the person themself.

    * the competence-team lead, for anyone but themself;
    * for municipal staff: a project lead of the same municipality;
    * for local police: the competence team's police representative;
    * for the lead themself: the competence team's police representative.
    """
    target = target_of(approval)
    if target is None or user is None or user.pk == target.pk:
        return False
    approver = policy.memberships(user)
    if policy.is_team_lead(user):
        return True
    is_police_representative = any(m.role == Role.POLICE_REPRESENTATIVE for m in approver)
    project_lead_of = {m.organisation_id for m in approver if m.role == Role.PROJECT_LEAD}
    for held in Membership.objects.filter(user_id=target.pk):
        if held.role in _MUNICIPAL_ROLES and held.organisation_id in project_lead_of:
            return True
        if held.role == Role.LOCAL_POLICE and is_police_representative:
            return True
        if held.role == Role.COORDINATOR and held.is_lead and is_police_representative:
            return True
    return False


def open_reset_request(*, by: Actor, user: User) -> ApprovalRequest | None:
    return approvals.open_request(user=by, kind=Kind.ENROLMENT_RESET, obj=user)


def request_enrolment_reset(
    *, by: Actor, user: User, reason: str, request: HttpRequest | None = None
) -> ResetOutcome:
    """The administrator's "new enrolment link": staged or immediate, as described above."""
    if not policy.has_perm(by, Perm.ADMINISTER_USERS):
        raise ValidationError(_("Bare administratorer kan lage nye lenker."), code="not_allowed")
    if reset_needs_approval(user):
        existing = open_reset_request(by=by, user=user)
        if existing is not None:
            return ResetOutcome(approval=existing)
        with transaction.atomic():
            approval = approvals.request_approval(
                user=by, kind=Kind.ENROLMENT_RESET, subject_obj=user, reason=reason, request=request
            )
            record(
                actor=by,
                action="accounts.user.reset_requested",
                obj=user,
                fields=["password", "authenticators"],
                purpose="venter på godkjenning av en annen person",
                request=request,
            )
        return ResetOutcome(approval=approval)
    with transaction.atomic():
        record(
            actor=by,
            action="accounts.user.reset_requested",
            obj=user,
            fields=["password", "authenticators"],
            purpose="uten godkjenning: ingen rolle med tilgang til saker",
            request=request,
        )
        link = enrolment.reset_factors(user=user, by=by, approved=False, request=request)
    return ResetOutcome(link=link)


def apply_approved_reset(
    *, approver: Any, approval: ApprovalRequest, request: HttpRequest | None = None
) -> IssuedLink:
    """Carry out an approved reset once; call inside the approving transaction."""
    target = target_of(approval)
    if target is None:
        raise ValidationError(_("Brukeren finnes ikke lenger."), code="gone")
    record(
        actor=approver,
        action="accounts.user.reset_approved",
        obj=target,
        fields=["password", "authenticators"],
        purpose=f"godkjenning {approval.pk}",
        request=request,
    )
    link = enrolment.reset_factors(user=target, by=approver, approved=True, request=request)
    approval.used_at = timezone.now()
    approval.save(update_fields=["used_at", "updated_at"])
    setattr(approval, _HANDOVER_ATTR, link)
    return link


def handover_link(approval: ApprovalRequest) -> IssuedLink | None:
    """The link an approval just produced, for the approver's next page only."""
    link = getattr(approval, _HANDOVER_ATTR, None)
    return link if isinstance(link, IssuedLink) else None


def describe_reset(approval: ApprovalRequest) -> str:
    target = target_of(approval)
    if target is None:
        return approval.subject
    return _("Ny aktiveringslenke for %(user)s: passord og andre innloggingstrinn blir fjernet") % {
        "user": target.get_username()
    }
