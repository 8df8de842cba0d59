"""Session limits and mandatory two-factor authentication.

allauth has no setting that makes MFA mandatory, so this middleware does it:
a signed-in user reaches nothing but the login, MFA and logout pages until a
second factor is enrolled *and* has been used in this session.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from access import policy

SESSION_STARTED_KEY = "botilbud_session_started"


class SessionLimitsMiddleware:
    """Absolute session lifetime (10 h); the idle limit is Django's sliding cookie age."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)  # flushes the server-side session
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


def used_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class RequireMFAMiddleware:
    """Force enrolment, then use, of a second factor before any other page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., object], *args: object
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        requirement = policy.route_requirement(view_func)
        if requirement in (policy.PUBLIC, policy.AUTHENTICATION):
            return None
        if not is_mfa_enabled(user):
            return redirect(reverse("accounts:mfa_required"))
        if not used_second_factor(request):
            # Enrolled elsewhere after this password-only session began: start over.
            logout(request)
            return redirect(settings.LOGIN_URL)
        return None
