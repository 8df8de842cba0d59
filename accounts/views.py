from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy


@policy.authentication_step
def mfa_required(request: HttpRequest) -> HttpResponse:
    """Explains why a second factor is needed and offers both kinds."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if is_mfa_enabled(request.user):
        return redirect("home")
    return render(request, "accounts/mfa_required.html")
