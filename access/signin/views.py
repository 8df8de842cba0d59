from __future__ import annotations

import base64

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.signin import enrolment
from accounts.forms import EnrolmentForm
from accounts.models import User

# The open link (its id, never the token) and the TOTP secret being enrolled.
ENROLMENT_SESSION_KEY = "botilbud_enrolment"
_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@policy.authentication_step
def mfa_required(request: HttpRequest) -> HttpResponse:
    """Explains why a second factor is needed and offers both kinds."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if is_mfa_enabled(request.user):
        return redirect("home")
    return render(request, "accounts/mfa_required.html")


# --- enrolment links (aktiveringslenke, SECURITY.md 32) ---------------------------


def _link_not_working(request: HttpRequest) -> HttpResponse:
    """One neutral answer for expired, used, replaced and unknown links alike."""
    return render(request, "accounts/enrol_invalid.html", status=404)


def _signed_in(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/enrol_signed_in.html")


@policy.authentication_step
@require_GET
def enrol_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link itself: remember which link was opened, then move the token out of the URL."""
    if request.user.is_authenticated:
        return _signed_in(request)
    link = enrolment.open_link(token=token, request=request)
    if link is None:
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        return _link_not_working(request)
    request.session[ENROLMENT_SESSION_KEY] = {"link": link.pk, "secret": generate_totp_secret()}
    # The token leaves the address bar, the history and any Referer at once
    # (as Django's password reset does).
    return redirect("accounts:enrol")


def _sign_in(request: HttpRequest, user: User) -> None:
    """Signed in with both factors, recorded the way allauth records a login with MFA."""
    # One transaction for the sign-in's writes and its audit row (no request-wide one).
    with transaction.atomic():
        login(request, user, backend=_BACKEND)
        record_authentication(request, user, "password", username=user.get_username())
        post_authentication(request, enrolment.totp_authenticator(user))


def _qr_data_uri(user: User, secret: str) -> str:
    adapter = get_mfa_adapter()
    svg = adapter.build_totp_svg(adapter.build_totp_url(user, secret))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@policy.authentication_step
@sensitive_post_parameters("password1", "password2", "code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Choose a password and connect the authenticator app on one page (aktivering)."""
    if request.user.is_authenticated:
        return _signed_in(request)
    state = request.session.get(ENROLMENT_SESSION_KEY) or {}
    link = enrolment.usable_link(state.get("link"))
    if link is None or not isinstance(state.get("secret"), str):
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        return _link_not_working(request)
    user, secret = link.user, state["secret"]
    form = EnrolmentForm(request.POST or None, user=user, secret=secret)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                # The user as saved (new password hash): the session's auth hash
                # must be computed from it, not from the row read before.
                user = enrolment.complete(
                    link_id=link.pk,
                    password=form.cleaned_data["password1"],
                    secret=secret,
                    code=form.cleaned_data["code"],
                    request=request,
                )
            except enrolment.LinkNotUsable:
                request.session.pop(ENROLMENT_SESSION_KEY, None)
                return _link_not_working(request)
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                request.session.pop(ENROLMENT_SESSION_KEY, None)
                _sign_in(request, user)
                messages.success(
                    request,
                    _("Kontoen din er klar. Neste gang logger du inn med passordet og kodeappen."),
                )
                if policy.has_perm(user, policy.Perm.VIEW_START_PAGE):
                    return redirect("home")
                return redirect("accounts:enrolled")
        status = 400
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "username": user.get_username(),
            "expires_at": link.expires_at,
            "secret": secret,
            "qr_data_uri": _qr_data_uri(user, secret),
        },
        status=status,
    )


@policy.authentication_step
@require_GET
def enrolled(request: HttpRequest) -> HttpResponse:
    """After enrolment, for someone whose role is not given (or approved) yet."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if policy.has_perm(request.user, policy.Perm.VIEW_START_PAGE):
        return redirect("home")
    return render(request, "accounts/enrolled.html")
