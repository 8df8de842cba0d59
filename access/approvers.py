"""Who may approve a request (godkjenner), SECURITY.md 9 and 31.

One function decides, ``eligible_approver(user, approval)``; the approval
pages ask it (through ``approvals.can_decide``), and the list of waiting
requests and the start page count ask ``decidable``, the same rule with what it
reads loaded once for the whole list. Two questions:

1. **Does the person hold the role that fits the act?**

   ======================================  =========================================
   act                                     approver
   ======================================  =========================================
   address shown to a new person           the offer's project lead; the team's
                                           police representative when the project
                                           lead asks
   resident-list export                    a project lead of the municipality, or
                                           the competence-team lead
   competence-team role (coordinator,      the competence-team lead
   police or directorate representative),
   the lead flag, an administrator
   project lead / follow-up worker in M    a project lead of M, or the team lead
   local police in district D              the team's police representative, or
                                           the team lead
   organisation kind or police district    the team lead (a police-district change
                                           alone: also the police representative)
   reactivating a user                     the team lead
   lifting a sign-in lock                  the team lead (never for their own)
   a new enrolment link                    see access/enrolment_reset.py
   ======================================  =========================================

   The team lead is an active coordinator membership with the lead flag
   (``policy.is_team_lead``).

2. **Is the person a second, pre-existing, independent person?**

   * not the requester, and not the person the request is about (the
     grantee, the user to be reactivated);
   * an active account that existed before the request (``date_joined``,
     which the admin site cannot edit);
   * not an account the requester created, changed, or approved a grant for
     in the last ``INDEPENDENCE_DAYS`` days: any audit row with the requester
     as actor, an ``ACCOUNT_ACTS`` action and the approver's account
     (``accounts.User``) as object, or an approved grant or reactivation for
     the approver decided by the requester in that time;
   * not an account whose own grant (or reactivation) the requester ever
     staged: an ``ApprovalRequest`` by the requester whose ``PendingGrant``
     names the account, or whose subject is the account.

   The rule reads durable records only: the append-only, hash-chained audit
   log and the approval tables, never anything kept in memory. An account the
   bootstrap made (no audit row, actor None) counts as independent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from access import policy
from access.models import ApprovalRequest
from accounts.actors import Actor
from accounts.memberships import prime_memberships
from accounts.models import Role
from audit.models import AuditEntry

Kind = ApprovalRequest.Kind
INDEPENDENCE_DAYS = 30
# Audit actions on an account (object ``accounts.User``) that tie their actor
# to it: whoever created it, changed it or its memberships, or applied a grant
# to it is not independent of it for INDEPENDENCE_DAYS.
ACCOUNT_ACTS = (
    "accounts.user.created",
    "accounts.user.changed",
    "accounts.user.activated",
    "accounts.user.deactivated",
    "accounts.membership.added",
    "accounts.membership.changed",
    "accounts.membership.removed",
    "accounts.membership.granted",
)
# Grants only the competence-team lead approves (besides the lead flag itself).
_LEAD_APPROVES = frozenset(
    {
        Role.COORDINATOR,
        Role.POLICE_REPRESENTATIVE,
        Role.DIRECTORATE_REPRESENTATIVE,
        Role.SYSADMIN,
    }
)
_MUNICIPAL_ROLES = frozenset({Role.PROJECT_LEAD, Role.FOLLOWUP_WORKER})


def holds(user: Actor, role: str, organisation_id: int | None = None) -> bool:
    """Does the user hold ``role`` (in ``organisation_id``, when given)?"""
    return any(
        m.role == role and (organisation_id is None or m.organisation_id == organisation_id)
        for m in policy.memberships(user)
    )


def eligible_approver(user: Actor, approval: ApprovalRequest) -> bool:
    """May ``user`` approve or reject this request? Fails closed on anything unknown."""
    if not _eligible_but_for_independence(user, approval):
        return False
    return is_independent(approver_id=user.pk, requester_id=approval.requested_by_id)


def decidable(user: Actor, approvals: Sequence[ApprovalRequest]) -> list[ApprovalRequest]:
    """The requests of ``approvals`` that ``user`` may decide.

    The same answer as ``eligible_approver`` for each, but what the rule reads
    (the requesters' memberships, the subjects, the independence records) is
    loaded once for all of them, so a page listing or counting waiting
    requests costs the same however many are waiting.
    """
    # The checks that need no reading first: nothing is loaded for a user's own requests.
    candidates = [a for a in approvals if _is_second_person(user, a)]
    _prime_requesters(candidates)
    prime_subjects(candidates)
    fitting = [a for a in candidates if _eligible_but_for_independence(user, a)]
    independent = independent_requesters(
        approver_id=user.pk, requester_ids={a.requested_by_id for a in fitting}
    )
    return [a for a in fitting if a.requested_by_id in independent]


def _is_second_person(user: Actor, approval: ApprovalRequest) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.pk not in (approval.requested_by_id, subject_user_id(approval))


def _eligible_but_for_independence(user: Actor, approval: ApprovalRequest) -> bool:
    if not _is_second_person(user, approval):
        return False
    if not _fits(user, approval):
        return False
    return bool(user.date_joined < approval.created_at)


def subject_user_id(approval: ApprovalRequest) -> int | None:
    """The user a request grants something to (role grant, reactivation), else None."""
    if approval.kind == Kind.ROLE_GRANT:
        grant = getattr(approval, "pending_grant", None)
        return int(grant.user_id) if grant is not None else None
    if approval.kind in (Kind.REACTIVATION, Kind.ENROLMENT_RESET, Kind.ACCOUNT_UNLOCK):
        label, _sep, pk = approval.subject.partition(":")
        return int(pk) if label == "accounts.User" and pk.isdigit() else None
    return None


def is_independent(*, approver_id: int, requester_id: int, now: dt.datetime | None = None) -> bool:
    """Has the requester not made or shaped the approver's account (see the module docstring)?"""
    independent = independent_requesters(
        approver_id=approver_id, requester_ids={requester_id}, now=now
    )
    return requester_id in independent


def independent_requesters(
    *, approver_id: int, requester_ids: Collection[int], now: dt.datetime | None = None
) -> set[int]:
    """Those of ``requester_ids`` who have not made or shaped the approver's account."""
    if not requester_ids:
        return set()
    since = (now or timezone.now()) - dt.timedelta(days=INDEPENDENCE_DAYS)
    touched = AuditEntry.objects.filter(
        actor_id__in=requester_ids,
        action__in=ACCOUNT_ACTS,
        object_type="accounts.User",
        object_id=str(approver_id),
        at__gte=since,
    ).values_list("actor_id", flat=True)
    about_approver = Q(kind=Kind.ROLE_GRANT, pending_grant__user_id=approver_id) | Q(
        kind=Kind.REACTIVATION, subject=f"accounts.User:{approver_id}"
    )
    staged = ApprovalRequest.objects.filter(
        about_approver, requested_by_id__in=requester_ids
    ).values_list("requested_by_id", flat=True)
    approved = ApprovalRequest.objects.filter(
        about_approver,
        decided_by_id__in=requester_ids,
        status=ApprovalRequest.Status.APPROVED,
        decided_at__gte=since,
    ).values_list("decided_by_id", flat=True)
    tied = set(touched) | set(staged) | set(approved)
    return set(requester_ids) - tied


def _prime_requesters(approvals: Sequence[ApprovalRequest]) -> None:
    """Load every requester's memberships in one query (``holds`` reads them)."""
    prime_memberships([a.requested_by for a in approvals if a.requested_by_id is not None])


def prime_subjects(approvals: Sequence[ApprovalRequest]) -> None:
    """Load the subjects of the requests in one query per kind of subject (for lists of them)."""
    by_label: dict[str, list[ApprovalRequest]] = defaultdict(list)
    for approval in approvals:
        if approval.kind in (Kind.ADDRESS_DISCLOSURE, Kind.BULK_EXPORT):
            by_label[approval.subject.partition(":")[0]].append(approval)
    for label, group in by_label.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        queryset = model._default_manager.all()
        if any(a.kind == Kind.ADDRESS_DISCLOSURE for a in group):
            # _fits reads the dwelling's offer for its municipality.
            queryset = queryset.select_related("offer")
        pks = [pk for a in group if (pk := a.subject.partition(":")[2]).isdigit()]
        found = queryset.in_bulk([int(pk) for pk in pks])
        for approval in group:
            pk = approval.subject.partition(":")[2]
            approval.prime_subject(found.get(int(pk)) if pk.isdigit() else None)


# --- the role that fits the act ------------------------------------------------------


def _fits(user: Actor, approval: ApprovalRequest) -> bool:
    kind = approval.kind
    if kind == Kind.ADDRESS_DISCLOSURE:
        dwelling = approval.subject_object()
        if dwelling is None:
            return False
        municipality = int(dwelling.offer.municipality_id)
        if holds(approval.requested_by, Role.PROJECT_LEAD, municipality):
            return holds(user, Role.POLICE_REPRESENTATIVE)
        return holds(user, Role.PROJECT_LEAD, municipality)
    if kind == Kind.BULK_EXPORT:
        offer = approval.subject_object()
        if offer is None:
            return False
        return policy.is_team_lead(user) or holds(user, Role.PROJECT_LEAD, offer.municipality_id)
    if kind == Kind.ROLE_GRANT:
        return _fits_role_grant(user, approval)
    if kind == Kind.ORGANISATION_CHANGE:
        change = getattr(approval, "pending_organisation_change", None)
        if change is None:
            return False
        if policy.is_team_lead(user):
            return True
        district_only = change.changes_police_district and not change.kind
        return district_only and holds(user, Role.POLICE_REPRESENTATIVE)
    if kind == Kind.REACTIVATION:
        return policy.is_team_lead(user)
    if kind == Kind.ACCOUNT_UNLOCK:
        from access.unlock import can_decide as may_approve_unlock

        return may_approve_unlock(user, approval)
    if kind == Kind.ENROLMENT_RESET:
        from access.enrolment_reset import may_approve_enrolment_reset

        return may_approve_enrolment_reset(user, approval)
    return False


def _fits_role_grant(user: Actor, approval: ApprovalRequest) -> bool:
    grant = getattr(approval, "pending_grant", None)
    if grant is None:
        return False
    if policy.is_team_lead(user):
        return True
    if grant.is_lead or grant.role in _LEAD_APPROVES:
        return False
    if grant.role in _MUNICIPAL_ROLES:
        return holds(user, Role.PROJECT_LEAD, grant.organisation_id)
    if grant.role == Role.LOCAL_POLICE:
        return holds(user, Role.POLICE_REPRESENTATIVE)
    return False
