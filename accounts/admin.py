"""Administration of users, organisations and memberships (no case content here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from access.admin import PolicyModelAdmin, site
from accounts.models import Membership, Organisation, User


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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """A role that can read addresses is staged for a second person's approval (SECURITY.md 9).

        New or changed memberships with such a role become an
        ``access.PendingGrant``; other memberships and removals are saved at once
        (removing access must never wait).
        """
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        from access.approvals import ADDRESS_ROLES, stage_role_grant

        staged = 0
        for membership in formset.save(commit=False):
            if membership.role in ADDRESS_ROLES:
                stage_role_grant(
                    by=request.user,
                    user=form.instance,
                    organisation=membership.organisation,
                    role=membership.role,
                    is_lead=membership.is_lead,
                    membership=membership if membership.pk else None,
                    request=request,
                )
                staged += 1
            else:
                membership.save()
        for membership in formset.deleted_objects:
            membership.delete()
        if staged:
            messages.warning(
                request,
                _(
                    "En rolle som kan lese hemmelige adresser venter på godkjenning av en annen "
                    "administrator eller lederen i Kompetanseteamet. Den gjelder først når den er "
                    "godkjent."
                ),
            )


class OrganisationAdmin(PolicyModelAdmin):
    list_display = ["name", "kind", "police_district"]
    list_filter = ["kind"]


site.register(User, UserAdmin)
site.register(Organisation, OrganisationAdmin)
