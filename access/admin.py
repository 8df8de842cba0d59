"""The admin site asks the access policy, not is_staff/is_superuser, and audits every write.

Each registered ModelAdmin writes through audited services (see
``access/accounts_admin.py``) and marks what it audited with ``mark_audited``.
``PolicyModelAdmin`` is the safety net behind them (SECURITY.md 32): an
addition or change that reaches Django's admin log without an audit row of
its own (a route nobody hooked, such as a password form) gets a generic one
(``<app>.<model>.created`` / ``changed``), and a deletion that no subclass
audits gets ``<app>.<model>.deleted`` inside the deleting transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from access import policy
from audit.services import record

_AUDITED_ATTR = "_admin_audited"


def mark_audited(request: HttpRequest, obj: Model) -> None:
    """Note that this request has written the audit row(s) for ``obj``."""
    done: set[tuple[str, str]] = request.__dict__.setdefault(_AUDITED_ATTR, set())
    done.add((obj._meta.label, str(obj.pk)))


def was_audited(request: HttpRequest, obj: Model) -> bool:
    return (obj._meta.label, str(obj.pk)) in request.__dict__.get(_AUDITED_ATTR, set())


# The safety net's codes, written out so the action registry's scan can read
# them: (model, verb) -> code, for the models the admin site registers.
SAFETY_NET_ACTIONS = {
    ("accounts.User", "created"): "accounts.user.created",
    ("accounts.User", "changed"): "accounts.user.changed",
    ("accounts.User", "deleted"): "accounts.user.deleted",
    ("accounts.Organisation", "created"): "accounts.organisation.created",
    ("accounts.Organisation", "changed"): "accounts.organisation.changed",
    ("accounts.Organisation", "deleted"): "accounts.organisation.deleted",
}


class PolicyAdminSite(admin.AdminSite):
    site_header = "Botilbud – administrasjon"
    site_title = "Botilbud"
    index_title = "Brukere og organisasjoner"

    def has_permission(self, request: HttpRequest) -> bool:
        return policy.has_perm(request.user, policy.Perm.ADMINISTER_USERS)

    # Routes no registered model uses (no autocomplete_fields, no
    # get_absolute_url): they could only ever answer 404, to everyone, so
    # they are not served at all (less surface; the matrix found them).
    UNUSED_ROUTES = frozenset({"autocomplete", "view_on_site"})

    def get_urls(self) -> list[Any]:
        return [u for u in super().get_urls() if getattr(u, "name", None) not in self.UNUSED_ROUTES]

    @policy.authentication_step
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One login for everything: allauth's, with MFA.
        return redirect(settings.LOGIN_URL)


class PolicyModelAdmin(admin.ModelAdmin):
    """Only models the system administrator may manage are registered at all."""

    def _allowed(self, request: HttpRequest) -> bool:
        return policy.has_perm(request.user, policy.Perm.ADMINISTER_USERS)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    # --- audit: the safety net behind the subclasses' services -----------------------

    def _audit_unaudited(self, request: HttpRequest, obj: Model, verb: str) -> None:
        if not was_audited(request, obj):
            record(
                actor=request.user,
                action=SAFETY_NET_ACTIONS[(obj._meta.label, verb)],
                obj=obj,
                purpose="administrasjon",
                request=request,
            )
            mark_audited(request, obj)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit_unaudited(request, obj, "created")
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit_unaudited(request, obj, "changed")
        return super().log_change(request, obj, message)

    def delete_objects(self, request: HttpRequest, objs: list[Any]) -> None:
        """Delete and audit; subclasses with a service override this."""
        for obj in objs:
            record(
                actor=request.user,
                action=SAFETY_NET_ACTIONS[(obj._meta.label, "deleted")],
                obj=obj,
                request=request,
            )
            obj.delete()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self.delete_objects(request, [obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # The bulk "delete selected" action runs outside the admin's
        # transaction: open one, so no deletion lands without its audit row.
        with transaction.atomic():
            self.delete_objects(request, list(queryset))


site = PolicyAdminSite(name="admin")
