"""The authorization matrix (SECURITY.md 2): no IDOR, and forbidden looks like missing.

Every route of the URL resolver × the cast (one user per role) and anonymous
× objects {own, other, closed, nonexistent} (see ``access/tests/matrix.py``).
The expected answer is the policy's, never a table: a signed-in user may open
the route iff ``policy.route_allows`` and every object in the URL is in
``policy.visible`` for the route's permission.

* allowed: the GET answers anything but 404 and 5xx (200, a redirect, 405
  for POST-only routes);
* denied: 404, and the page is byte for byte the 404 the same user gets for
  an object that does not exist (for routes without objects: for a path that
  does not exist), once CSRF tokens and CSP nonces are taken out. Where the
  route itself is open to the user but the object is not, a POST is tried
  too and must answer exactly as for a missing object: 404, or 405 on a
  GET-only route (a view that checks only on GET leaks);
* anonymous: every route that is not public or a sign-in step redirects to
  the login page, objects or not, so an anonymous caller learns nothing
  about which ids exist;
* public and sign-in routes (allauth's own) are not scoped by the policy:
  they must not fail (5xx) for anyone.

Each route is its own test (xdist spreads them); results go to
``tests.security_figures``, which prints "matrix: N cases, L leaks, R/R
routes covered" at the end of the run and writes var/security/matrix.json.
A route whose parameters the matrix cannot fill fails; nothing is skipped.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve

from access import policy
from access.tests.matrix import NONEXISTENT_PK, Plan, World, object_visible, plan_for
from access.tests.matrix import requirement_perm as perm_for
from access.tests.route_samples import Route, SampleContext, all_routes, build_path
from conftest import sign_in
from tests.security_figures import record

ROUTES = all_routes()
MISSING_PATH = "/matrix-finnes-ikke/"

_VOLATILE = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken"'),
    (re.compile(rb'nonce="[^"]*"'), b'nonce=""'),
    (re.compile(rb'"X-CSRFToken": ?"[^"]*"'), b'"X-CSRFToken": ""'),
    (re.compile(rb'<meta name="csrf-token" content="[^"]*"'), b'<meta name="csrf-token"'),
    # The language switch returns to the path the user asked for: it echoes
    # the request, it does not tell whether the object exists.
    (re.compile(rb'name="next" value="[^"]*"'), b'name="next"'),
]


def normalised(body: bytes) -> bytes:
    for pattern, replacement in _VOLATILE:
        body = pattern.sub(replacement, body)
    return body


# SECURITY.md 14 on every answer the walk gets. Referrer-Policy is
# "same-origin", not "no-referrer": see SECURE_REFERRER_POLICY in settings.
_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
_CSP = re.compile(r"script-src 'self' 'nonce-[A-Za-z0-9_-]{20,}'")


def missing_headers(response: Any) -> list[str]:
    """The security headers a response lacks or gets wrong ([] when all are right)."""
    missing = [name for name, value in _HEADERS.items() if response.get(name) != value]
    csp = response.get("Content-Security-Policy", "")
    if "frame-ancestors 'none'" not in csp or not _CSP.search(csp) or "unsafe-inline" in csp:
        missing.append("Content-Security-Policy")
    return missing


def who(user: Any) -> str:
    return user.username if user is not None else "anonymous"


def route_id(route: Route) -> str:
    return route.key


def _objects(plan: Plan, world: World, variant: str) -> dict[str, Any] | None:
    """Parameter -> object (None when it does not exist); None when the variant does not apply."""
    objects = {param: world.get(spec.kind, variant) for param, spec in plan.objects.items()}
    if variant == "closed" and any(obj is None for obj in objects.values()):
        return None  # the kind has no closed state (an offer, a partner)
    return objects


def _path(route: Route, plan: Plan, ctx: SampleContext, objects: dict[str, Any]) -> str:
    kwargs = plan.fixed(ctx) if plan.fixed is not None else {}
    kwargs.update({p: (o.pk if o is not None else NONEXISTENT_PK) for p, o in objects.items()})
    path = build_path(route, kwargs)
    match = resolve(path.split("?")[0])
    assert match.func == route.pattern.callback, f"{path} resolved to {match.view_name}"
    return path


def run_route(route: Route, ctx: SampleContext) -> list[dict[str, Any]]:
    """Every case of one route; each with its verdict ('ok', 'leak', 'over-denied', 'error')."""
    plan = plan_for(route)
    assert plan is not None, (
        f"{route.key}: the matrix cannot fill {route.params}; add the parameter to "
        "access/tests/matrix.py (ROUTE_OBJECTS, NAMESPACE_OBJECTS or FIXED_PARAMS)"
    )
    requirement = policy.route_requirement(route.pattern.callback)
    assert requirement is not None, f"{route.key} has no policy entry"
    open_route = requirement in (policy.PUBLIC, policy.AUTHENTICATION)
    world = World(ctx)
    cases: list[dict[str, Any]] = []
    for user in [None, *ctx.cast.values()]:
        ctx.user = user
        client = sign_in(Client(), user) if user is not None else Client()
        route_open = open_route or (user is not None and policy.route_allows(user, requirement))
        reference: dict[str, tuple[int, bytes]] = {}

        def missing(
            method: str, path: str, client: Client = client, name: str = who(user)
        ) -> tuple[int, bytes]:
            """What this user gets for something that does not exist.

            404, or 405 when the method does not fit the route (a POST to a
            GET-only page, a GET to a form's POST target), which says nothing
            about the object either.
            """
            if method not in reference:
                response = getattr(client, method)(path)
                assert response.status_code in (404, 405), (
                    f"{method.upper()} {path} as {name}: {response.status_code}"
                )
                reference[method] = (response.status_code, normalised(response.content))
            return reference[method]

        # Objects: the missing one first (it is the reference); no objects:
        # the one fixed case (the variants loop once, not twice).
        variants = (
            ("nonexistent", *[v for v in plan.variants if v != "nonexistent"])
            if plan.objects
            else plan.variants
        )
        for variant in variants:
            objects = _objects(plan, world, variant) if plan.objects else {}
            if objects is None:
                continue
            path = _path(route, plan, ctx, objects)
            if open_route:
                expected = "open"
            elif user is None:
                expected = "login"
            else:
                allowed = route_open and all(
                    object_visible(user, spec, objects[p], perm_for(requirement, spec))
                    for p, spec in plan.objects.items()
                )
                expected = "allowed" if allowed else "denied"
            response = client.get(path)
            status = response.status_code
            verdict = "ok"
            note = ""
            headers_missing = missing_headers(response)
            if status >= 500:
                verdict = "error"
            elif headers_missing:
                verdict, note = "headers", f"missing or wrong: {', '.join(headers_missing)}"
            elif expected == "login":
                location = response.get("Location", "")
                if status != 302 or not location.startswith(settings.LOGIN_URL):
                    verdict, note = "leak", f"anonymous got {status} {location}"
            elif expected == "allowed" and status == 404:
                verdict = "over-denied"
            elif expected == "denied":
                reference_path = (
                    _path(route, plan, ctx, dict.fromkeys(plan.objects))
                    if plan.objects
                    else MISSING_PATH
                )
                if (status, normalised(response.content)) != missing("get", reference_path):
                    verdict, note = "leak", f"GET answered {status}, unlike for a missing object"
                elif plan.objects and route_open:
                    posted = client.post(path)
                    answer = (posted.status_code, normalised(posted.content))
                    if answer != missing("post", reference_path):
                        verdict, note = (
                            "leak",
                            f"POST answered {posted.status_code}, unlike for a missing object",
                        )
            cases.append(
                {
                    "route": route.key,
                    "user": who(user),
                    "variant": variant if plan.objects else "none",
                    "path": path,
                    "expected": expected,
                    "status": status,
                    "verdict": verdict,
                    "note": note,
                }
            )
    return cases


@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_it_answers_every_role_as_the_policy_says(route, cast, orgs):
    cases = run_route(route, SampleContext(cast=cast, orgs=orgs))
    record(
        "matrix",
        {
            "route": route.key,
            "object_route": any(c["variant"] != "none" for c in cases),
            "routes_total": len(ROUTES),
            "cases": cases,
        },
    )
    wrong = [c for c in cases if c["verdict"] != "ok"]
    assert wrong == [], "\n".join(
        f"{c['verdict']}: GET {c['path']} as {c['user']} ({c['variant']}): "
        f"expected {c['expected']}, got {c['status']} {c['note']}"
        for c in wrong
    )


def test_it_covers_every_route():
    uncovered = sorted(r.key for r in ROUTES if plan_for(r) is None)
    assert uncovered == [], f"routes the matrix cannot fill: {uncovered}"


def test_it_walks_a_meaningful_matrix():
    # Guards the walk: an empty resolver or a registry that maps nothing
    # would make every case above pass vacuously.
    object_routes = [r for r in ROUTES if (plan := plan_for(r)) is not None and plan.objects]
    assert len(ROUTES) > 100
    assert len(object_routes) >= 50
    assert {"housing:dwelling_address", "stays:overview", "referrals:threat_detail"} <= {
        r.key for r in object_routes
    }


def test_the_header_check_notices_what_is_missing():
    from django.http import HttpResponse

    bare = HttpResponse()
    assert set(missing_headers(bare)) == {*_HEADERS, "Content-Security-Policy"}
    for name, value in _HEADERS.items():
        bare[name] = value
    bare["Content-Security-Policy"] = "script-src 'self' 'nonce-abcdefghijklmnopqrstuv'"
    assert missing_headers(bare) == ["Content-Security-Policy"]  # no frame-ancestors
