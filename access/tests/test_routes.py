"""Deny by default: every route has an entry in the access policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from access import policy


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def all_routes() -> list[tuple[str, URLPattern]]:
    return list(walk(get_resolver().url_patterns))


def test_it_has_a_policy_entry_for_every_route():
    missing = [route for route, p in all_routes() if policy.route_requirement(p.callback) is None]
    assert missing == [], f"routes without an access-policy entry: {missing}"


def test_it_covers_a_meaningful_number_of_routes():
    # Guards the walk itself: if it found nothing, the test above would pass vacuously.
    routes = all_routes()
    assert len(routes) > 20
    assert any(r == "" for r, _ in routes)


def test_it_knows_admin_routes_need_the_administer_permission():
    admin_routes = [p for r, p in all_routes() if r.startswith("admin/") and r != "admin/login/"]
    assert admin_routes
    for pattern in admin_routes:
        assert policy.route_requirement(pattern.callback) == (policy.Perm.ADMINISTER_USERS,)


def untagged_view(request):
    return HttpResponse("secret content")


urlpatterns = [path("untagged/", untagged_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_it_denies_an_untagged_route_at_runtime(cast, client_for):
    response = client_for(cast["coordinator"]).get("/untagged/")
    assert response.status_code == 404
    assert b"secret content" not in response.content


@pytest.mark.parametrize("requirement", [None, ("nonexistent_permission",)])
def test_it_denies_unknown_requirements(cast, requirement):
    assert policy.route_allows(cast["sysadmin"], requirement) is False
