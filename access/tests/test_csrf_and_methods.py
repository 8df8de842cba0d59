"""CSRF on every state change; GET never changes state (SECURITY.md 15).

Walks the URL resolver, so a new page is covered the moment it is routed:

* every route × POST, PUT, PATCH and DELETE, without a CSRF token, signed in
  as each role that may use the route (and anonymous for public and sign-in
  routes): the answer is 403 (the policy itself never answers 403; it
  answers 404) and the database is unchanged, audit log included;
* every route × GET as every role and anonymous: no server error, and nothing
  in the database changes except that read audit entries may be appended
  (list and detail pages must log what they show, SECURITY.md 21).

Routes with parameters get real values from ``route_samples``; a route that
cannot be filled must be listed in UNFILLABLE with a reason, and a new one
fails ``test_it_can_fill_every_route``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, resolve
from django.views.decorators.csrf import csrf_exempt

from access import policy
from access.tests.route_samples import (
    Route,
    SampleContext,
    all_routes,
    build_path,
    discover,
    sample_for,
    walk,
)
from audit.models import AuditEntry, AuditHead
from audit.review import is_read
from conftest import sign_in
from reporting.models import StatisticsYear

UNSAFE_METHODS = ("post", "put", "patch", "delete")

# Route key -> why its parameters cannot be filled yet. Keep it empty: every
# entry is a route no test can reach.
UNFILLABLE: dict[str, str] = {}

ROUTES = all_routes()
SAMPLES = discover()


def route_id(route: Route) -> str:
    return route.key


# --- the database fingerprint ------------------------------------------------

# Sessions change on every request (sliding idle timeout); the cache table
# has no model. The audit tables are compared on their own. Kept statistics
# of finished years are a cache too: counts derived from the records, made
# by the first reader and used only while the records are unchanged.
IGNORED = {Session, AuditEntry, AuditHead, StatisticsYear}


# Ledgers that a GET may append to (never change): model label -> why.
# Every entry is an exception to "GET never changes state"; keep it short.
GET_MAY_APPEND: dict[str, str] = {
    "referrals.Disclosure": (
        "opening an information package is the disclosure to the municipality; "
        "the consent ledger records it with the consent it rests on"
    ),
}
# Audit actions a GET may write besides reads (see GET_MAY_APPEND).
GET_MAY_AUDIT: dict[str, str] = {
    "referrals.sharing.shared": "the disclosure above",
    "referrals.sharing.refused": "a disclosure refused for want of consent",
    "accounts.enrolment.refused": (
        "opening an enrolment link that does not work (unknown, used, replaced, expired) is a "
        "security event, logged like a failed login (SECURITY.md 32); nothing else changes"
    ),
}


def fingerprint(bounds: dict[str, Any] | None = None) -> dict[str, str]:
    """A digest of every row of every other table.

    For the ledgers in GET_MAY_APPEND, ``bounds`` (label -> highest pk before)
    limits the digest to the rows that existed before, so appending passes
    and changing an old row does not.
    """
    digests: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        if model in IGNORED or model._meta.proxy or not model._meta.managed:
            continue
        label = model._meta.label
        rows = model._base_manager.order_by("pk")
        if bounds is not None and label in bounds:
            rows = rows.filter(pk__lte=bounds[label]) if bounds[label] is not None else rows.none()
        digests[label] = hashlib.sha256(repr(list(rows.values_list())).encode()).hexdigest()
    return digests


def ledger_bounds() -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    for label in GET_MAY_APPEND:
        if apps.is_installed(label.split(".")[0]):
            model = apps.get_model(label)
            bounds[label] = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return bounds


def audit_state() -> tuple[int, str]:
    head = AuditHead.objects.filter(pk=1).first()
    return (head.seq, head.hash) if head else (0, "")


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        label for label in before.keys() | after.keys() if before.get(label) != after.get(label)
    )


# --- who calls a route -------------------------------------------------------


def callers(route: Route, cast: dict[str, Any]) -> list[Any]:
    """Users who may use the route (one per role that may), plus None for anonymous."""
    requirement = policy.route_requirement(route.pattern.callback)
    if requirement in (policy.PUBLIC, policy.AUTHENTICATION):
        return [None, cast["coordinator"], cast["sysadmin"]]
    assert requirement is not None, f"{route.route} has no policy entry"
    holders = [u for u in cast.values() if policy.route_allows(u, requirement)]
    assert holders, f"no role in the cast may use {route.route}: extend the cast"
    return holders


def client_as(user: Any, *, csrf: bool) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    return sign_in(client, user) if user is not None else client


def url_for(route: Route, ctx: SampleContext) -> str:
    sample = sample_for(route, SAMPLES)
    assert sample is not None, f"no sample for {route.key}"
    path = build_path(route, sample(ctx))
    match = resolve(path.split("?")[0])
    assert match.func == route.pattern.callback, f"{path} resolved elsewhere ({match.view_name})"
    return path


def who(user: Any) -> str:
    return user.username if user is not None else "anonymous"


# --- the walk ----------------------------------------------------------------


def test_it_can_fill_every_route():
    unfillable = sorted(r.key for r in ROUTES if sample_for(r, SAMPLES) is None)
    assert unfillable == sorted(UNFILLABLE), (
        "routes whose URL parameters no test can fill; add a builder to "
        "<app>/tests/route_samples.py (see access/tests/route_samples.py): "
        f"{sorted(set(unfillable) - set(UNFILLABLE))}; listed but now fillable: "
        f"{sorted(set(UNFILLABLE) - set(unfillable))}"
    )


def test_it_walks_a_meaningful_number_of_routes():
    # Guards the walk itself: an empty walk would pass everything below.
    assert len(ROUTES) > 40
    assert {"home", "audit:review", "account_login", "set_language"} <= {r.name for r in ROUTES}
    assert sum(1 for r in ROUTES if r.params) >= 10


# Unfillable routes fail test_it_can_fill_every_route, once.
WALKED = [r for r in ROUTES if sample_for(r, SAMPLES) is not None]


def unsafe_problems(route: Route, ctx: SampleContext) -> list[str]:
    """What goes wrong when the route's users send unsafe methods without a CSRF token."""
    problems: list[str] = []
    for user in callers(route, ctx.cast):
        client = client_as(user, csrf=True)  # signing in is audited: before the snapshot
        ctx.user = user
        url = url_for(route, ctx)
        before, audit_before = fingerprint(), audit_state()
        for method in UNSAFE_METHODS:
            status = getattr(client, method)(url, data={"probe": "1"}).status_code
            if status != 403:
                problems.append(f"{method.upper()} {url} as {who(user)}: {status}, not 403")
        changed = changed_tables(before, fingerprint())
        if changed:
            problems.append(f"unsafe {url} as {who(user)} changed {changed}")
        if audit_state() != audit_before:
            problems.append(f"unsafe {url} as {who(user)} wrote to the audit log")
    return problems


def get_problems(route: Route, ctx: SampleContext) -> list[str]:
    """What a GET by every role and anonymous changes, besides read audit entries."""
    problems: list[str] = []
    for user in [None, *ctx.cast.values()]:
        client = client_as(user, csrf=False)
        ctx.user = user
        url = url_for(route, ctx)
        bounds = ledger_bounds()
        before, last_seq = fingerprint(bounds), audit_state()[0]
        status = client.get(url).status_code
        if status >= 500:
            problems.append(f"GET {url} as {who(user)}: {status}")
        changed = changed_tables(before, fingerprint(bounds))
        if changed:
            problems.append(f"GET {url} as {who(user)} changed {changed}")
        appended = AuditEntry.objects.filter(seq__gt=last_seq).values_list("action", flat=True)
        writes = [a for a in appended if not is_read(a) and a not in GET_MAY_AUDIT]
        if writes:
            problems.append(f"GET {url} as {who(user)} audited a change: {writes}")
    return problems


@pytest.mark.parametrize("route", WALKED, ids=route_id)
def test_it_refuses_unsafe_methods_without_a_csrf_token(route, cast, orgs):
    assert unsafe_problems(route, SampleContext(cast=cast, orgs=orgs)) == []


@pytest.mark.parametrize("route", WALKED, ids=route_id)
def test_it_changes_nothing_on_get(route, cast, orgs):
    assert get_problems(route, SampleContext(cast=cast, orgs=orgs)) == []


# --- the checks catch what they should ---------------------------------------


@policy.requires(policy.Perm.VIEW_START_PAGE)
@csrf_exempt
def careless_view(request: HttpRequest, pk: int) -> HttpResponse:
    from accounts.models import Organisation

    Organisation.objects.create(name=f"Laget {Organisation.objects.count()}", kind="operations")
    return HttpResponse("ok")


@policy.requires(policy.Perm.VIEW_START_PAGE)
def audited_write_on_get(request: HttpRequest) -> HttpResponse:
    from audit.services import record

    record(actor=request.user, action="tests.thing.deleted", object_id="1")
    return HttpResponse("ok")


urlpatterns = [
    path("careless/<int:pk>/", careless_view, name="careless"),
    path("audited-write/", audited_write_on_get, name="audited_write"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_it_catches_a_csrf_exempt_write_and_a_write_on_get(cast, orgs, monkeypatch):
    from django.urls import clear_url_caches

    from audit import actions

    # The careless view's change is registered for this test only.
    code = "tests.thing.deleted"
    monkeypatch.setitem(actions.ACTIONS, code, actions.Action(code, actions.Kind.WRITE, code))
    clear_url_caches()
    routes = {r.key: r for r in walk(urlpatterns)}
    assert sample_for(routes["careless"], SAMPLES) is None  # an unfillable parameter
    ctx = SampleContext(cast=cast, orgs=orgs)
    samples = {"careless": lambda ctx: {"pk": 1}}
    careless = routes["careless"]
    original = SAMPLES.copy()
    SAMPLES.update(samples)
    try:
        unsafe = unsafe_problems(careless, ctx)
        on_get = get_problems(careless, ctx)
        audited = get_problems(routes["audited_write"], ctx)
    finally:
        SAMPLES.clear()
        SAMPLES.update(original)
    assert any("POST /careless/1/ as alice: 200, not 403" in p for p in unsafe)
    assert any("changed ['accounts.Organisation']" in p for p in unsafe)
    assert any(p.startswith("GET /careless/1/ as alice changed") for p in on_get)
    assert any("audited a change: ['tests.thing.deleted']" in p for p in audited)
