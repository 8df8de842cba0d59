"""Start page, health check and error pages."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from access import policy
from core import selectors


@policy.public
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the process runs and the database answers; touches no personal data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@policy.requires(policy.Perm.VIEW_START_PAGE)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"start": selectors.start_page(user=request.user)})


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    # Error pages render without the request context's user data on purpose:
    # no names, no ids, no traceback.
    return render(request, template, {"status": status}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "errors/400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Forbidden looks like missing everywhere (existence must not leak).
    return _error(request, 404, "errors/404.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "errors/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "errors/500.html")
