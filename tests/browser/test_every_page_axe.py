"""axe-core on every page that exists, as a user who may see it.

Routes are read from the URL resolver, so a new page is covered the day it
is added. Pages with parameters (detail pages) are covered by their own
app's browser tests; here every parameter-free GET page is opened by a user
the policy lets in (anonymous for sign-in pages), and every role's start page.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from access import policy
from conftest import sign_in
from tests.browser.conftest import assert_no_axe_violations

# Routes that are not pages: answered with JSON, a redirect-only action, a
# file, or POST-only. Each has a reason; a new route not listed here is opened.
NOT_PAGES = {
    "healthz": "JSON health check",
    "i18n/setlang/": "POST-only language switch",
    "accounts/logout/": "confirmation posts; covered by the login test",
    "admin/logout/": "POST-only",
    "admin/jsi18n/": "JavaScript catalogue",
    "accounts/login/code/confirm/": "login by code is switched off",
    "admin/login/": "redirects to the one login page",
    "accounts/2fa/webauthn/login/": "JSON API for passkey sign-in",
    "accounts/2fa/webauthn/signup/": "JSON API (signup is closed)",
}


def parameter_free_routes(
    patterns: list[Any] | None = None, prefix: str = ""
) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            found += parameter_free_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif (
            isinstance(entry, URLPattern)
            and not entry.pattern.converters
            and "(" not in str(entry.pattern)
        ):
            found.append((prefix + str(entry.pattern).lstrip("^").rstrip("$"), entry.callback))
    return found


def choose_user(requirement: Any, cast: dict[str, Any]) -> Any | None:
    """Anonymous for sign-in pages, else the first cast member the policy lets in."""
    if requirement in (policy.PUBLIC, policy.AUTHENTICATION):
        return None
    for user in cast.values():
        if policy.route_allows(user, requirement):
            return user
    return None


def open_as(page: Any, live_server: Any, user: Any | None, path: str) -> None:
    page.context.clear_cookies()
    if user is not None:
        client = sign_in(Client(), user)
        page.context.add_cookies(
            [
                {
                    "name": "botilbud-session",
                    "value": client.cookies["botilbud-session"].value,
                    "url": live_server.url,
                }
            ]
        )
    page.goto(f"{live_server.url}/{path}")


def test_it_finds_no_axe_violations_on_any_page(page, live_server, cast):
    opened = []
    for route, view in parameter_free_routes():
        if route in NOT_PAGES:
            continue
        requirement = policy.route_requirement(view)
        user = choose_user(requirement, cast)
        if user is None and requirement not in (policy.PUBLIC, policy.AUTHENTICATION):
            pytest.fail(f"no role in the cast may open /{route}: add one or list it in NOT_PAGES")
        open_as(page, live_server, user, route)
        assert_no_axe_violations(page)
        opened.append(route)
    # Guard against a walk that silently found nothing.
    assert len(opened) >= 10, opened


@pytest.mark.parametrize(
    "name",
    [
        "coordinator",
        "police_representative",
        "directorate_representative",
        "project_lead_a",
        "followup_worker_a",
        "local_police_a",
        "analyst",
        "sysadmin",
    ],
)
def test_it_finds_no_axe_violations_on_each_roles_start_page(page, live_server, cast, name):
    open_as(page, live_server, cast[name], "")
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
