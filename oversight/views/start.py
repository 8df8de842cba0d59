"""The start page (startside) and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from access import policy
from accounts.actors import AuthenticatedRequest
from oversight import start


@policy.public
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the process runs and the database answers; touches no personal data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@policy.requires(policy.Perm.VIEW_START_PAGE)
def home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "core/home.html", {"start": start.start_page(user=request.user)})
