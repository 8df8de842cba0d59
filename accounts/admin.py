"""Administration of users, organisations and memberships (no case content here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

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


class OrganisationAdmin(PolicyModelAdmin):
    list_display = ["name", "kind", "police_district"]
    list_filter = ["kind"]


site.register(User, UserAdmin)
site.register(Organisation, OrganisationAdmin)
