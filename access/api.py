"""The REST API asks the same policy as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from access import policy


class PolicyPermission(BasePermission):
    """Views declare ``permission = Perm.X``; objects must be visible for it."""

    def has_permission(self, request: Request, view: Any) -> bool:
        perm = getattr(view, "permission", None)
        if perm is None or not policy.has_perm(request.user, perm):
            # 404, never 403: what you cannot see does not exist.
            raise Http404
        return True

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if not policy.can(request.user, view.permission, obj):
            raise Http404
        return True
