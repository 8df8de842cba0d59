"""Administration of users, organisations and memberships (no case content here).

The administrator never sets or learns a password (SECURITY.md 32): a new user
is saved without one and gets an enrolment link, shown once on the next page;
"new enrolment link" replaces Django's change-password page (see
``access/enrolment_reset.py`` for when a second person must approve it).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import administration, policy
from access.admin import PolicyModelAdmin, mark_audited, site
from access.signin import enrolment, lockout
from access.signin.enrolment import IssuedLink
from accounts.actors import acting
from accounts.forms import ResetRequestForm, UserCreateForm
from accounts.models import Membership, Organisation, User
from core.forms import save_form

_SECOND_PERSON = gettext_lazy(
    "Endringen gjelder først når en annen person som kan godkjenne den (som regel lederen i "
    "Kompetanseteamet), har godkjent den under «Godkjenning av en annen person». Du kan ikke "
    "godkjenne den selv."
)
# What the admin is told when something waits for a second person's approval.
WAITS_FOR_APPROVAL = {
    "role_grant": format_lazy(
        "{} {}",
        gettext_lazy("Rollen gir tilgang til saker og venter på godkjenning av en annen person."),
        _SECOND_PERSON,
    ),
    "organisation_change": format_lazy(
        "{} {}",
        gettext_lazy("Ny type eller nytt politidistrikt venter på godkjenning av en annen person."),
        _SECOND_PERSON,
    ),
    "reactivation": format_lazy(
        "{} {}",
        gettext_lazy(
            "Brukeren er fortsatt deaktivert: å aktivere den igjen venter på godkjenning av en "
            "annen person."
        ),
        _SECOND_PERSON,
    ),
}


# The link made by the add form, carried from save_model to response_add on
# the request object only (never in the session or a message cookie).
_ISSUED_ATTR = "_botilbud_issued_link"


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
    # Django's change form has a password field and a link to set one: a
    # plain model form of the fieldsets below has neither.
    form = forms.ModelForm
    add_form_template = "admin/accounts/user/add_form.html"
    change_form_template = "admin/accounts/user/change_form.html"
    # Superuser/staff flags and Django permissions are not used for access:
    # the policy reads memberships only, so they are hidden here. No password
    # field either: only the person sets it, through an enrolment link.
    fieldsets = (
        (None, {"fields": ("username", "enrolment")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Status", {"fields": ("is_active", "login_lock")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "first_name", "last_name", "email")}),
    )

    @admin.display(description=gettext_lazy("Innlogging"))
    def enrolment(self, obj: User) -> str:
        return enrolment.enrolment_state(obj) if obj.pk else ""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        # The add form as it is (no admin subclass of it): username, name and
        # e-mail, never a password.
        if obj is None:
            return UserCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("enrolment", "login_lock") if obj is not None else ()

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[Any]:
        # Roles are given on the user's page after it is made, where a role
        # with case access is staged for a second person's approval.
        return list(self.inlines) if obj is not None else []

    # Tagged here because Django's UserAdmin defines it (its module is not
    # the admin's); the other admin views are mapped by module in the policy.
    @policy.requires(policy.Perm.ADMINISTER_USERS)
    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        return super().add_view(request, form_url, extra_context)

    def get_urls(self) -> list[Any]:
        info = self.opts.app_label, self.opts.model_name
        unlock = policy.requires(policy.Perm.ADMINISTER_USERS)(
            self.admin_site.admin_view(self.unlock_request_view)
        )
        urls: list[Any] = [
            path(
                "<path:object_id>/ny-lenke/",
                self.admin_site.admin_view(self.new_link_view),
                name="{}_{}_new_link".format(*info),
            ),
            path("<path:object_id>/opplasing/", unlock, name="{}_{}_unlock".format(*info)),
        ]
        for url in super().get_urls():
            if getattr(url, "name", None) == "auth_user_password_change":
                continue  # Django's "set a user's password": gone, so it answers 404
            if str(url.pattern) == "<path:object_id>/":
                # The pre-1.9 redirect would otherwise catch ".../<id>/password/"
                # and send it on; a plain id is all it ever needs.
                url = path("<object_id>/", url.callback)
            urls.append(url)
        return urls

    # Writes go through access.administration (changes, memberships,
    # deletions: audited, and staged where they give case content, SECURITY.md
    # 31) and access.signin.enrolment (a new user: no password, an enrolment link,
    # SECURITY.md 32).

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            issued = enrolment.create_user(by=acting(request), user=obj, request=request)
            mark_audited(request, obj)
            setattr(request, _ISSUED_ATTR, issued)
            return
        staged = administration.user_save(
            by=acting(request),
            user=obj,
            created=False,
            changed_fields=form.changed_data,
            request=request,
        )
        mark_audited(request, obj)
        if staged:
            messages.warning(request, WAITS_FOR_APPROVAL["reactivation"])

    def response_add(
        self, request: HttpRequest, obj: User, post_url_continue: str | None = None
    ) -> HttpResponse:
        issued = getattr(request, _ISSUED_ATTR, None)
        if not isinstance(issued, IssuedLink):
            return super().response_add(request, obj, post_url_continue)
        return self._handover(request, obj, issued, title=_("Brukeren er opprettet"))

    def _handover(
        self, request: HttpRequest, user: User, issued: IssuedLink, *, title: str
    ) -> HttpResponse:
        """The link, once: rendered into this response and kept nowhere else."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": title,
            "issued": issued,
            "next_url": reverse("admin:accounts_user_change", args=[user.pk]),
        }
        return TemplateResponse(request, "admin/accounts/user/enrolment_link.html", context)

    @policy.requires(policy.Perm.ADMINISTER_USERS)
    def new_link_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Confirm, then reset the user's password and factors (at once, or after approval)."""
        from access.enrolment_reset import (
            open_reset_request,
            request_enrolment_reset,
            reset_needs_approval,
        )

        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        needs_approval = reset_needs_approval(user)
        form = ResetRequestForm(
            request.POST if request.method == "POST" else None, needs_reason=needs_approval
        )
        status = 200
        if request.method == "POST":
            saved = save_form(
                form,
                lambda: request_enrolment_reset(
                    by=acting(request),
                    user=user,
                    reason=form.cleaned_data["reason"],
                    request=request,
                ),
            )
            if saved is not None:
                if saved.value.link is not None:
                    return self._handover(
                        request, user, saved.value.link, title=_("Ny aktiveringslenke er laget")
                    )
                messages.warning(
                    request,
                    _(
                        "Forespørselen venter på godkjenning av en annen person. Passordet "
                        "og innloggingstrinnene endres først når den er godkjent, og lenken "
                        "vises bare til den som godkjenner."
                    ),
                )
                return redirect("admin:accounts_user_change", user.pk)
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": _("Ny aktiveringslenke for %(user)s") % {"user": user.get_username()},
            "form": form,
            "needs_approval": needs_approval,
            "open_request": open_reset_request(by=acting(request), user=user),
            "hours": enrolment.link_hours(),
        }
        return TemplateResponse(
            request, "admin/accounts/user/new_link.html", context, status=status
        )

    # --- sign-in lock (innloggingssperre): the administrator asks, the lead approves ---

    @admin.display(description=gettext_lazy("Sperret"), boolean=True)
    def locked(self, obj: User) -> bool:
        row = getattr(obj, "login_lockout", None)  # fetched with the list
        return row is not None and lockout.holds(row)

    @admin.display(description=gettext_lazy("Innloggingssperre"))
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
            if save_form(
                form,
                lambda: approvals.request_approval(
                    user=acting(request),
                    kind=kind,
                    subject_obj=account,
                    reason=form.cleaned_data["reason"],
                    request=request,
                ),
            ):
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
            "open": approvals.open_request(user=acting(request), kind=kind, obj=account),
        }
        return TemplateResponse(
            request, "admin/accounts/user/unlock_request.html", context, status=status
        )

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
            by=acting(request), user=form.instance, formset=formset, request=request
        )
        mark_audited(request, form.instance)
        if staged:
            messages.warning(request, WAITS_FOR_APPROVAL["role_grant"])

    def delete_objects(self, request: HttpRequest, objs: list[Any]) -> None:
        administration.users_delete(by=acting(request), users=objs, request=request)


def _when(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "j. F Y H:i")


def _lock_text(row: Any) -> str:
    if row.locked_until is None:
        return _("Sperret siden %(since)s, til den blir låst opp.") % {
            "since": _when(row.locked_at)
        }
    return _("Sperret til %(until)s.") % {"until": _when(row.locked_until)}


class OrganisationForm(forms.ModelForm):
    """The admin's organisation form; a number waits for the kind it belongs to.

    A new kind is staged for a second person while the other fields save at
    once, so a municipality number given together with a change *to*
    municipality would land on an organisation that is not one (yet, or
    ever, if the change is rejected).
    """

    class Meta:
        model = Organisation
        fields = ["name", "kind", "police_district", "municipality_number"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        becomes_municipality = (
            self.instance.pk is not None
            and "kind" in self.changed_data
            and self.initial.get("kind") != Organisation.Kind.MUNICIPALITY
        )
        if becomes_municipality and cleaned.get("municipality_number"):
            self.add_error(
                "municipality_number",
                _("Sett kommunenummeret når endringen til vertskommune er godkjent."),
            )
        return cleaned


class OrganisationAdmin(PolicyModelAdmin):
    form = OrganisationForm
    list_display = ["name", "kind", "municipality_number", "police_district"]
    list_filter = ["kind"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        staged = administration.organisation_save(
            by=acting(request),
            organisation=obj,
            created=not change,
            changed_fields=form.changed_data,
            request=request,
        )
        mark_audited(request, obj)
        if staged:
            messages.warning(request, WAITS_FOR_APPROVAL["organisation_change"])

    def delete_objects(self, request: HttpRequest, objs: list[Any]) -> None:
        administration.organisations_delete(by=acting(request), organisations=objs, request=request)


site.register(User, UserAdmin)
site.register(Organisation, OrganisationAdmin)
