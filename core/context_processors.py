from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def botilbud(request: HttpRequest) -> dict[str, Any]:
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "demo_mode": settings.DEMO_MODE,
    }
