"""The admin site's writes (administrasjon): each audited inside the admin's transaction.

The hooks in ``access/accounts_admin.py`` call these services. What gives someone
case content is staged through ``access.grants`` instead of written (a new or
changed membership with such a role or the lead flag, a changed kind or
police district of an organisation, a reactivation); everything else applies
at once. Removing access never waits. Every act leaves an audit row with the
administrator as actor and field *names* only, never values:

* ``accounts.user.created`` / ``changed`` / ``deactivated`` / ``deleted``
  (``accounts.user.activated`` is written when a reactivation is approved);
* ``accounts.membership.added`` / ``changed`` / ``removed`` on the member's
  account (``accounts.membership.granted`` when a staged one is approved);
* ``accounts.organisation.created`` / ``changed`` / ``deleted``;
* ``access.approval.requested`` for each staged request, and
  ``access.approval.withdrawn`` when its subject is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest

from access import grants
from accounts.actors import Actor
from accounts.models import Membership, Organisation, User
from audit.services import record

_MEMBERSHIP_FIELDS = list(grants.MEMBERSHIP_FIELDS)


def model_fields(model: type[Model], names: Iterable[str]) -> list[str]:
    """The model's own field names among a form's changed fields (password1 → password)."""
    own = {f.name for f in model._meta.concrete_fields}
    found: list[str] = []
    for name in names:
        field = "password" if name.startswith("password") else name
        if field in own and field not in found:
            found.append(field)
    return found


# --- users ---------------------------------------------------------------------------


def user_save(
    *,
    by: Actor,
    user: User,
    created: bool,
    changed_fields: Iterable[str],
    request: HttpRequest | None = None,
) -> bool:
    """Save a user from the admin. Reactivation is staged; returns True when it was."""
    fields = model_fields(User, changed_fields)
    with transaction.atomic():
        if created:
            user.save()
            record(
                actor=by,
                action="accounts.user.created",
                obj=user,
                fields=fields or ["username"],
                request=request,
            )
            return False
        before = User.objects.select_for_update().get(pk=user.pk)
        staged = user.is_active and not before.is_active
        if staged:
            # Stays deactivated until a second person approves.
            user.is_active = False
            grants.stage_reactivation(by=by, user=before, request=request)
        user.save()
        changed = [f for f in fields if f != "is_active"]
        if changed:
            record(
                actor=by, action="accounts.user.changed", obj=user, fields=changed, request=request
            )
        if before.is_active and not user.is_active:
            record(
                actor=by,
                action="accounts.user.deactivated",
                obj=user,
                fields=["is_active"],
                request=request,
            )
    return staged


def users_delete(*, by: Actor, users: Iterable[User], request: HttpRequest | None = None) -> None:
    """Delete users; their memberships go with them (audited) and open requests about them close."""
    with transaction.atomic():
        for user in users:
            grants.withdraw_open(by=by, subject_obj=user, request=request)
            for membership in Membership.objects.filter(user=user):
                grants.record_membership(
                    by=by,
                    verb="removed",
                    membership=membership,
                    fields=_MEMBERSHIP_FIELDS,
                    purpose="brukeren er slettet",
                    request=request,
                )
            record(actor=by, action="accounts.user.deleted", obj=user, request=request)
            user.delete()


# --- memberships ---------------------------------------------------------------------


def memberships_save(
    *, by: Actor, user: User, formset: Any, request: HttpRequest | None = None
) -> int:
    """Save the admin's membership inline: stage what grants access, apply the rest.

    Returns how many memberships were staged. A staged change leaves the
    stored membership as it is until it is approved; removals apply at once.
    """
    staged = 0
    with transaction.atomic():
        for membership in formset.save(commit=False):
            before = Membership.objects.filter(pk=membership.pk).first() if membership.pk else None
            if grants.membership_needs_approval(
                role=membership.role,
                organisation_id=membership.organisation_id,
                is_lead=membership.is_lead,
                before=before,
            ):
                grants.stage_membership(
                    by=by,
                    user=user,
                    organisation=membership.organisation,
                    role=membership.role,
                    is_lead=membership.is_lead,
                    membership=before,
                    request=request,
                )
                staged += 1
                continue
            membership.save()
            if before is None:
                verb, fields = "added", _MEMBERSHIP_FIELDS
            else:
                verb = "changed"
                fields = [
                    name
                    for name, attr in (
                        ("role", "role"),
                        ("organisation", "organisation_id"),
                        ("is_lead", "is_lead"),
                    )
                    if getattr(before, attr) != getattr(membership, attr)
                ]
            grants.record_membership(
                by=by, verb=verb, membership=membership, fields=fields, request=request
            )
        for membership in formset.deleted_objects:
            grants.record_membership(
                by=by,
                verb="removed",
                membership=membership,
                fields=_MEMBERSHIP_FIELDS,
                request=request,
            )
            membership.delete()
    return staged


# --- organisations -------------------------------------------------------------------


def organisation_save(
    *,
    by: Actor,
    organisation: Organisation,
    created: bool,
    changed_fields: Iterable[str],
    request: HttpRequest | None = None,
) -> bool:
    """Save an organisation; a new kind or police district of an existing one is staged.

    A new organisation has no members or cases yet, so it is created at once.
    Returns True when a change was staged (the other fields are saved).
    """
    fields = model_fields(Organisation, changed_fields)
    with transaction.atomic():
        if created:
            organisation.save()
            record(
                actor=by,
                action="accounts.organisation.created",
                obj=organisation,
                fields=fields or ["name"],
                request=request,
            )
            return False
        before = Organisation.objects.select_for_update().get(pk=organisation.pk)
        new_kind = organisation.kind if organisation.kind != before.kind else ""
        moves = organisation.police_district_id != before.police_district_id
        if new_kind or moves:
            grants.stage_organisation_change(
                by=by,
                organisation=before,
                kind=new_kind,
                changes_police_district=moves,
                police_district=organisation.police_district if moves else None,
                request=request,
            )
            organisation.kind = before.kind
            organisation.police_district_id = before.police_district_id
        organisation.save()
        rest = [f for f in fields if f not in ("kind", "police_district")]
        if rest:
            record(
                actor=by,
                action="accounts.organisation.changed",
                obj=organisation,
                fields=rest,
                request=request,
            )
    return bool(new_kind or moves)


def organisations_delete(
    *, by: Actor, organisations: Iterable[Organisation], request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        for organisation in organisations:
            grants.withdraw_open(by=by, subject_obj=organisation, request=request)
            record(
                actor=by, action="accounts.organisation.deleted", obj=organisation, request=request
            )
            organisation.delete()
