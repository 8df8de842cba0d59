"""Deny-by-default enforcement of route requirements."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from access import policy

logger = logging.getLogger(__name__)


class PolicyMiddleware:
    """Every routed view must be tagged in the policy; untagged views answer 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        requirement = policy.route_requirement(view_func)
        if requirement is None:
            logger.error(
                "route without policy entry denied: %s",
                request.resolver_match.view_name if request.resolver_match else "?",
            )
            raise Http404
        if requirement in (policy.PUBLIC, policy.AUTHENTICATION):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policy.route_allows(request.user, requirement):
            raise Http404
        return None
