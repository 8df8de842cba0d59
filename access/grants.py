"""Staged administration (SECURITY.md 31): what gives access waits for a second person.

The system administrator manages users, memberships and organisations, but
no single person may make anyone able to reach case content. So, from the
admin site (``access.administration`` calls these):

* a new or changed membership whose role gives case content
  (``gives_case_content``), any membership that sets the lead flag, and any
  administrator membership become an ``ApprovalRequest`` of kind
  ``role_grant`` with a ``PendingGrant`` (``stage_membership``);
* a change of an existing organisation's kind or police district becomes an
  ``organisation_change`` with a ``PendingOrganisationChange``;
* making a deactivated user active again becomes a ``reactivation``.

Nothing of it applies until an eligible, independent second person approves
(``access.approvers``); ``apply`` then writes it in the approver's
transaction, audited with the approver as actor. Analyst memberships,
removals, deactivations and new organisations apply at once (removing access
never waits); the admin site audits them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policy
from access.approvals import APPROVAL_DAYS, audit_approval, subject_for
from access.models import ApprovalRequest, PendingGrant, PendingOrganisationChange
from access.policy import Perm
from accounts.actors import Actor, SystemActor
from accounts.models import Membership, Organisation, Role, User
from audit.services import record

Kind = ApprovalRequest.Kind
Status = ApprovalRequest.Status
ADMIN_KINDS = frozenset({Kind.ROLE_GRANT, Kind.ORGANISATION_CHANGE, Kind.REACTIVATION})
# What a role may hold and still show no case content: the start page, the
# user's own access log and suppressed statistics. Everything else a role
# holds, administering users included (an administrator hands out access),
# makes a membership with that role need a second person.
CONTENT_FREE_PERMISSIONS: frozenset[Perm] = frozenset(
    {Perm.VIEW_START_PAGE, Perm.VIEW_OWN_ACCESS_LOG, Perm.VIEW_STATISTICS, Perm.EXPORT_STATISTICS}
)
MEMBERSHIP_FIELDS = ("role", "organisation", "is_lead")
# Membership acts, audited on the member's account (record_membership).
MEMBERSHIP_ACTIONS = {
    "added": "accounts.membership.added",
    "changed": "accounts.membership.changed",
    "removed": "accounts.membership.removed",
    "granted": "accounts.membership.granted",
}


def gives_case_content(role: str) -> bool:
    """Does a membership with ``role`` reach more than the content-free permissions?

    Read from the policy's role table at call time, so a permission added to
    a role later makes it staged without an edit here. Unknown roles count.
    """
    granted = policy.ROLE_PERMISSIONS.get(role)
    if granted is None:
        return True
    return bool(set(granted) - CONTENT_FREE_PERMISSIONS)


def membership_needs_approval(
    *, role: str, organisation_id: int | None, is_lead: bool, before: Membership | None
) -> bool:
    """Does saving this membership (``before``: its stored version, None when new) grant access?

    Setting the lead flag always does. A role that gives case content does
    when it is new or moves to another role or organisation. Taking something
    away (clearing the flag, a role without content) does not.
    """
    if is_lead and not (before is not None and before.is_lead):
        return True
    if not gives_case_content(role):
        return False
    if before is None:
        return True
    return role != before.role or organisation_id != before.organisation_id


def _require_administrator(by: Actor) -> None:
    if not policy.has_perm(by, Perm.ADMINISTER_USERS):
        raise ValidationError(_("Bare administratorer kan gi roller."), code="not_allowed")


def _stage(
    *, by: Actor, kind: str, subject_obj: Any, request: HttpRequest | None
) -> ApprovalRequest:
    approval = ApprovalRequest.objects.create(
        kind=kind,
        requested_by=by,
        subject=subject_for(subject_obj),
        reason=_("Lagt inn i administrasjonen."),
        expires_at=timezone.now() + dt.timedelta(days=APPROVAL_DAYS),
    )
    audit_approval(by, "access.approval.requested", approval, request)
    return approval


def _open(kind: str, subject_obj: Any) -> QuerySet[ApprovalRequest]:
    return ApprovalRequest.objects.filter(
        kind=kind,
        subject=subject_for(subject_obj),
        status=Status.PENDING,
        expires_at__gt=timezone.now(),
    )


def stage_membership(
    *,
    by: Actor,
    user: User,
    organisation: Organisation,
    role: str,
    is_lead: bool = False,
    membership: Membership | None = None,
    request: HttpRequest | None = None,
) -> ApprovalRequest:
    """Stage a membership that grants access instead of writing it; the same open one is reused."""
    _require_administrator(by)
    stored = Membership.objects.filter(pk=membership.pk).first() if membership else None
    if not membership_needs_approval(
        role=role, organisation_id=organisation.pk, is_lead=is_lead, before=stored
    ):
        raise ValidationError(_("Denne rollen trenger ikke godkjenning."), code="role")
    with transaction.atomic():
        same = _open(Kind.ROLE_GRANT, user).filter(
            pending_grant__organisation=organisation,
            pending_grant__role=role,
            pending_grant__is_lead=is_lead,
            pending_grant__membership=membership,
        )
        if (existing := same.first()) is not None:
            return existing
        approval = _stage(by=by, kind=Kind.ROLE_GRANT, subject_obj=user, request=request)
        PendingGrant.objects.create(
            approval=approval,
            user=user,
            organisation=organisation,
            role=role,
            is_lead=is_lead,
            membership=membership,
        )
    return approval


def stage_organisation_change(
    *,
    by: Actor,
    organisation: Organisation,
    kind: str = "",
    changes_police_district: bool = False,
    police_district: Organisation | None = None,
    request: HttpRequest | None = None,
) -> ApprovalRequest:
    """Stage a new kind ("" keeps it) and/or police district for an existing organisation."""
    _require_administrator(by)
    if not kind and not changes_police_district:
        raise ValidationError(_("Ingen endring å godkjenne."), code="nothing")
    with transaction.atomic():
        approval = _stage(
            by=by, kind=Kind.ORGANISATION_CHANGE, subject_obj=organisation, request=request
        )
        PendingOrganisationChange.objects.create(
            approval=approval,
            organisation=organisation,
            kind=kind,
            changes_police_district=changes_police_district,
            police_district=police_district if changes_police_district else None,
        )
    return approval


def stage_reactivation(
    *, by: Actor, user: User, request: HttpRequest | None = None
) -> ApprovalRequest:
    """Stage making a deactivated user active again; the same open request is reused."""
    _require_administrator(by)
    if user.is_active:
        raise ValidationError(_("Brukeren er allerede aktiv."), code="active")
    with transaction.atomic():
        if (existing := _open(Kind.REACTIVATION, user).first()) is not None:
            return existing
        return _stage(by=by, kind=Kind.REACTIVATION, subject_obj=user, request=request)


def withdraw_open(*, by: Actor, subject_obj: Any, request: HttpRequest | None = None) -> int:
    """Close the open requests about an object that is being deleted (audited)."""
    count = 0
    open_requests = ApprovalRequest.objects.select_for_update().filter(
        subject=subject_for(subject_obj),
        status__in=[Status.PENDING, Status.APPROVED],
        used_at__isnull=True,
    )
    for approval in open_requests:
        approval.status = Status.EXPIRED
        approval.decided_by = None
        approval.decided_at = None
        approval.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_approval(by, "access.approval.withdrawn", approval, request)
        count += 1
    return count


# --- applying an approved request ----------------------------------------------------


def apply(*, by: Actor, approval: ApprovalRequest, request: HttpRequest | None = None) -> None:
    """Carry out an approved administration request; call inside ``decide``'s transaction."""
    if approval.kind == Kind.ROLE_GRANT:
        _apply_grant(by, approval, request)
    elif approval.kind == Kind.ORGANISATION_CHANGE:
        _apply_organisation_change(by, approval, request)
    elif approval.kind == Kind.REACTIVATION:
        _apply_reactivation(by, approval, request)
    else:
        return
    approval.used_at = timezone.now()
    approval.save(update_fields=["used_at", "updated_at"])


def record_membership(
    *,
    by: SystemActor,
    verb: str,
    membership: Membership,
    fields: list[str],
    purpose: str = "",
    request: HttpRequest | None = None,
) -> None:
    """Audit a membership act on the member's account, so the account's history is one query."""
    note = f"medlemskap {membership.pk}: {membership.role}"
    record(
        actor=by,
        action=MEMBERSHIP_ACTIONS[verb],
        obj=membership.user,
        fields=fields,
        purpose=f"{note}, {purpose}" if purpose else note,
        request=request,
    )


def _apply_grant(by: Actor, approval: ApprovalRequest, request: HttpRequest | None) -> None:
    grant = approval.pending_grant
    membership = grant.membership
    # The user may already hold the granted role there (one membership per
    # user, organisation and role): then that one gets the grant, and a
    # changed membership that would duplicate it goes.
    target = Membership.objects.filter(
        user=grant.user, organisation=grant.organisation, role=grant.role
    ).first()
    if target is not None and membership is not None and target.pk != membership.pk:
        record_membership(
            by=by,
            verb="removed",
            membership=membership,
            fields=list(MEMBERSHIP_FIELDS),
            purpose="erstattet av godkjent tildeling",
            request=request,
        )
        membership.delete()
        membership = target
    elif membership is None:
        membership = target or Membership(
            user=grant.user, organisation=grant.organisation, role=grant.role
        )
    membership.organisation = grant.organisation
    membership.role = grant.role
    membership.is_lead = grant.is_lead
    membership.save()
    policy.forget_cached_memberships(grant.user)
    record_membership(
        by=by,
        verb="granted",
        membership=membership,
        fields=list(MEMBERSHIP_FIELDS),
        purpose="godkjent tildeling",
        request=request,
    )


def _apply_organisation_change(
    by: Actor, approval: ApprovalRequest, request: HttpRequest | None
) -> None:
    change = approval.pending_organisation_change
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    fields: list[str] = []
    if change.kind:
        organisation.kind = change.kind
        fields.append("kind")
    if change.changes_police_district:
        organisation.police_district = change.police_district
        fields.append("police_district")
    organisation.save(update_fields=[*fields, "updated_at"])
    record(
        actor=by,
        action="accounts.organisation.changed",
        obj=organisation,
        fields=fields,
        purpose="godkjent endring",
        request=request,
    )


def _apply_reactivation(by: Actor, approval: ApprovalRequest, request: HttpRequest | None) -> None:
    user = approval.subject_object()
    if user is None:
        raise ValidationError(_("Brukeren finnes ikke lenger."), code="gone")
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(
        actor=by,
        action="accounts.user.activated",
        obj=user,
        fields=["is_active"],
        purpose="godkjent reaktivering",
        request=request,
    )


# --- words -----------------------------------------------------------------------------


def describe(approval: ApprovalRequest) -> str | None:
    """What an administration request is about, in words; None for other kinds."""
    if approval.kind == Kind.ROLE_GRANT:
        grant = getattr(approval, "pending_grant", None)
        if grant is None:
            return None
        text = _("%(user)s som %(role)s i %(organisation)s") % {
            "user": grant.user.get_username(),
            "role": Role(grant.role).label,
            "organisation": grant.organisation.name,
        }
        return f"{text} ({_('leder')})" if grant.is_lead else text
    if approval.kind == Kind.ORGANISATION_CHANGE:
        change = getattr(approval, "pending_organisation_change", None)
        if change is None:
            return None
        parts = []
        if change.kind:
            parts.append(_("ny type: %(kind)s") % {"kind": Organisation.Kind(change.kind).label})
        if change.changes_police_district:
            district = change.police_district.name if change.police_district else _("ingen")
            parts.append(_("nytt politidistrikt: %(district)s") % {"district": district})
        return f"{change.organisation.name}, {', '.join(parts)}"
    if approval.kind == Kind.REACTIVATION:
        user = approval.subject_object()
        if user is None:
            return None
        return _("%(user)s blir aktiv igjen") % {"user": user.get_username()}
    return None
