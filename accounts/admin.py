"""Administration of users, organisations and memberships (no case content here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from access import policy
from access.admin import PolicyModelAdmin, site
from accounts import lockout
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
    list_display = ["username", "first_name", "last_name", "is_active", "locked"]
    list_select_related = ["login_lockout"]
    readonly_fields = ["login_lock"]
    # Superuser/staff flags and Django permissions are not used for access:
    # the policy reads memberships only, so they are hidden here.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Status", {"fields": ("is_active", "login_lock")}),
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

    # --- sign-in lock (innloggingssperre): the administrator asks, the lead approves ---

    @admin.display(description=_("Sperret"), boolean=True)
    def locked(self, obj: User) -> bool:
        row = getattr(obj, "login_lockout", None)  # fetched with the list
        return row is not None and lockout.holds(row)

    @admin.display(description=_("Innloggingssperre"))
    def login_lock(self, obj: User) -> str:
        row = lockout.active_lock(obj)
        if row is None:
            return _("Ikke sperret")
        return format_html(
            '{} <a href="{}">{}</a>',
            _lock_text(row),
            reverse("admin:accounts_user_unlock", args=[obj.pk]),
            _("Be om opplåsing"),
        )

    def get_urls(self) -> list[URLPattern]:
        view = policy.requires(policy.Perm.ADMINISTER_USERS)(
            self.admin_site.admin_view(self.unlock_request_view)
        )
        # Before the admin's own "<id>/" catch-all, which would swallow it.
        return [
            path("<path:object_id>/opplasing/", view, name="accounts_user_unlock"),
            *super().get_urls(),
        ]

    def unlock_request_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Ask the competence-team lead to lift an account's sign-in lock (access.unlock)."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        from access import approvals
        from access.forms import ApprovalRequestForm
        from access.models import ApprovalRequest

        account = self.get_object(request, unquote(object_id))
        if account is None:
            raise Http404
        kind = ApprovalRequest.Kind.ACCOUNT_UNLOCK
        form = ApprovalRequestForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    approvals.request_approval(
                        user=request.user,
                        kind=kind,
                        subject_obj=account,
                        reason=form.cleaned_data["reason"],
                        request=request,
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(
                        request,
                        _(
                            "Forespørselen om opplåsing er sendt til lederen i Kompetanseteamet. "
                            "Kontoen låses opp når lederen godkjenner den."
                        ),
                    )
                    return redirect("admin:accounts_user_change", account.pk)
            status = 400
        row = lockout.active_lock(account)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Be om opplåsing"),
            "account": account,
            "form": form,
            "lock_text": _lock_text(row) if row is not None else "",
            "open": approvals.open_request(user=request.user, kind=kind, obj=account),
        }
        return TemplateResponse(
            request, "admin/accounts/user/unlock_request.html", context, status=status
        )


def _when(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "j. F Y H:i")


def _lock_text(row: Any) -> str:
    if row.locked_until is None:
        return _("Sperret siden %(since)s, til den blir låst opp.") % {
            "since": _when(row.locked_at)
        }
    return _("Sperret til %(until)s.") % {"until": _when(row.locked_until)}


class OrganisationAdmin(PolicyModelAdmin):
    list_display = ["name", "kind", "police_district"]
    list_filter = ["kind"]


site.register(User, UserAdmin)
site.register(Organisation, OrganisationAdmin)
