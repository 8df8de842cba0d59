"""The real client address behind reverse proxies (core/net.py; SECURITY.md 35).

With TRUSTED_PROXY_COUNT = N the client is the Nth entry from the right of
X-Forwarded-For; entries further left came from the client and are ignored.
The expected addresses are written out by hand in the table.
"""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from audit.models import AuditEntry
from core.net import client_ip

PROXY = "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, PROXY, "198.51.100.7", PROXY),  # no proxy trusted: the header is ignored
        (1, PROXY, "198.51.100.7", "198.51.100.7"),
        (1, PROXY, "203.0.113.5, 198.51.100.7", "198.51.100.7"),  # spoofed left entry
        (1, PROXY, "203.0.113.5,198.51.100.7", "198.51.100.7"),
        (2, "10.0.0.2", "203.0.113.5, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (2, "10.0.0.2", "198.51.100.7", "10.0.0.2"),  # fewer entries than proxies
        (1, PROXY, None, PROXY),  # no header
        (1, PROXY, "", PROXY),
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "198.51.100.7:4711", PROXY),  # a port: not an address
        (1, PROXY, "2001:DB8::7", "2001:db8::7"),
    ],
)
def test_it_takes_the_nth_address_from_the_right(count, remote, forwarded, expected):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


def _fail(client: Client, n: int, forwarded: str) -> list[str]:
    """n failed logins with unknown names: "refused" (wrong password) or "throttled"."""
    answers = []
    for i in range(n):
        response = client.post(
            "/accounts/login/",
            {"login": f"ukjent-{i}", "password": "feil-passord-helt-sikkert"},
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        throttled = response.status_code == 429 or "For mange" in response.content.decode()
        answers.append("throttled" if throttled else "refused")
    return answers


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_it_counts_two_clients_behind_one_proxy_apart(db):
    first, second = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
    # 30 failures a minute per client (settings: ACCOUNT_RATE_LIMITS), then throttled.
    assert _fail(first, 30, "198.51.100.7") == ["refused"] * 30
    assert _fail(first, 1, "198.51.100.7") == ["throttled"]
    # A spoofed left-most entry does not make the first client someone else.
    assert _fail(first, 1, "203.0.113.99, 198.51.100.7") == ["throttled"]
    # The second client behind the same proxy is not affected.
    assert _fail(second, 1, "198.51.100.8") == ["refused"]
    ips = set(AuditEntry.objects.values_list("ip", flat=True))
    assert ips == {"198.51.100.7", "198.51.100.8"}


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_everyone_behind_it_shares_one_count(db):
    # The contrast: this is what a missing TRUSTED_PROXY_COUNT does in production.
    first, second = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
    assert _fail(first, 30, "198.51.100.7") == ["refused"] * 30
    assert _fail(second, 1, "198.51.100.8") == ["throttled"]
    assert set(AuditEntry.objects.values_list("ip", flat=True)) == {PROXY}
