"""The client's address (klientens IP-adresse) behind a known number of reverse proxies.

Every reverse proxy in front of the application appends the address it got
the request from to ``X-Forwarded-For``. With ``TRUSTED_PROXY_COUNT = N`` the
Nth entry from the right was written by our outermost proxy and is the real
client; anything to the left of it came from the client and may be forged, so
it is ignored. With N = 0 (development, test, or no proxy) the header is not
trusted at all and ``REMOTE_ADDR`` is the client.

One helper for everyone who needs the address: allauth's rate limits
(``access.signin.adapters.AccountAdapter.get_client_ip``) and the audit log's
``ip`` column (``audit.services``).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The real client's address, or ``REMOTE_ADDR`` when the header cannot say.

    ``REMOTE_ADDR`` is used when no proxy is trusted, when the header has
    fewer entries than trusted proxies (the request did not pass through all
    of them), or when the trusted entry is not an address (a misconfigured
    proxy): the rate limit then falls back to the coarser proxy address
    rather than to a value the client chose.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count <= 0:
        return remote
    entries = str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    if len(entries) < count:
        return remote
    return _address(entries[-count]) or remote
