"""Administration of users, organisations and memberships (no case content here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from access.admin import PolicyModelAdmin, mark_audited, site
from accounts import administration
from accounts.models import Membership, Organisation, User

_SECOND_PERSON = _(
    "Endringen gjelder først når en annen person som kan godkjenne den (som regel lederen i "
    "Kompetanseteamet), har godkjent den under «Godkjenning av en annen person». Du kan ikke "
    "godkjenne den selv."
)
# What the admin is told when something waits for a second person's approval.
WAITS_FOR_APPROVAL = {
    "role_grant": format_lazy(
        "{} {}",
        _("Rollen gir tilgang til saker og venter på godkjenning av en annen person."),
        _SECOND_PERSON,
    ),
    "organisation_change": format_lazy(
        "{} {}",
        _("Ny type eller nytt politidistrikt venter på godkjenning av en annen person."),
        _SECOND_PERSON,
    ),
    "reactivation": format_lazy(
        "{} {}",
        _(
            "Brukeren er fortsatt deaktivert: å aktivere den igjen venter på godkjenning av en "
            "annen person."
        ),
        _SECOND_PERSON,
    ),
}


class MembershipInline(admin.StackedInline):
    # Stacked, not tabular: the tabular inline has an empty header cell (axe: empty-table-header).
    model = Membership
    extra = 0
    fields = ["organisation", "role", "is_lead"]

    def _allowed(self, request: HttpRequest) -> bool:
        return PolicyModelAdmin._allowed(self, request)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)


class UserAdmin(PolicyModelAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active"]
    # Superuser/staff flags and Django permissions are not used for access:
    # the policy reads memberships only, so they are hidden here.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Status", {"fields": ("is_active",)}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )

    # Writes go through accounts.administration: audited, and staged where they
    # give case content (SECURITY.md 31, 32). Kept apart from the add form and
    # the password route, which enrolment links replace.

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        staged = administration.user_save(
            by=request.user,
            user=obj,
            created=not change,
            changed_fields=form.changed_data,
            request=request,
        )
        mark_audited(request, obj)
        if staged:
            messages.warning(request, WAITS_FOR_APPROVAL["reactivation"])

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """A membership that gives case content waits for a second person (SECURITY.md 31).

        New or changed memberships with such a role or the lead flag become an
        ``access.PendingGrant``; analyst memberships and removals are saved at
        once (removing access must never wait). Everything is audited.
        """
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        staged = administration.memberships_save(
            by=request.user, user=form.instance, formset=formset, request=request
        )
        mark_audited(request, form.instance)
        if staged:
            messages.warning(request, WAITS_FOR_APPROVAL["role_grant"])

    def delete_objects(self, request: HttpRequest, objs: list[Any]) -> None:
        administration.users_delete(by=request.user, users=objs, request=request)


class OrganisationAdmin(PolicyModelAdmin):
    list_display = ["name", "kind", "police_district"]
    list_filter = ["kind"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        staged = administration.organisation_save(
            by=request.user,
            organisation=obj,
            created=not change,
            changed_fields=form.changed_data,
            request=request,
        )
        mark_audited(request, obj)
        if staged:
            messages.warning(request, WAITS_FOR_APPROVAL["organisation_change"])

    def delete_objects(self, request: HttpRequest, objs: list[Any]) -> None:
        administration.organisations_delete(by=request.user, organisations=objs, request=request)


site.register(User, UserAdmin)
site.register(Organisation, OrganisationAdmin)
