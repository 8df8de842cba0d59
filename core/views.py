"""Error pages: generic, without the request's user data.

Django calls these by the dotted names in ``botilbud/urls.py`` (handler400 …);
they are no routes, so the access policy tags none of them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
