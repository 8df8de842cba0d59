"""Reads through a break-the-glass access are audited as such (SECURITY.md 7, 24 and 33).

Lars (local police in district A) opens a break-the-glass access to a
resident of municipality B, outside his district and his offers. In the
marker scan's world (every encrypted field marked), he then walks every
route the access opens, derived from the URL resolver and the policy: each
route tagged with a permission the access grants that he may now open, with
the resident's stay as its object, and each deliberate «vis» those pages
link to. Then:

* every marker he sees is covered by an audit row of his, for that object
  and field, written in the same request, whose purpose starts with
  «break-the-glass» (the marker scan's coverage rule, ``test_marker_scan``);
* every row he wrote during the walk carries that purpose;
* the competence-team lead's review page for the access lists exactly the
  rows he wrote (``breakglass.reads_during``), as many rows as he wrote.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from access import policy
from access.tests import audit_coverage
from access.tests.matrix import object_visible, plan_for, requirement_perm
from access.tests.route_samples import Route, SampleContext, all_routes, build_path
from access.tests.test_marker_scan import Scan, build_world, mark_everything
from audit.models import AuditEntry
from audit.services import BREAK_GLASS_PURPOSE
from conftest import sign_in
from oversight import breakglass
from tests.security_figures import record

REASON = "Alarmen gikk hos beboeren, må se sikkerhetstiltakene"
# Pages the access must open whatever else it opens (the positive control:
# a walk that finds no route would pass vacuously).
MUST_OPEN = {
    "stays:overview",
    "stays:timetable",
    "followup:security",
    "followup:measures",
    "followup:plan",
    "followup:areas",
    "followup:contacts",
}


def opened_routes(user: Any, stay: Any, ctx: SampleContext) -> list[tuple[Route, str]]:
    """(route, path) of every route the access opens, from the resolver and the policy.

    A route is opened when it needs a permission the access grants
    (``policy.BREAK_GLASS_PERMISSIONS``), the user may open it now
    (``route_allows``), and every object in it is the accessed stay, visible
    to the user for the route's permission. Routes without objects (the
    resident list) are walked as they are.
    """
    found = []
    for route in all_routes():
        requirement = policy.route_requirement(route.pattern.callback)
        if not isinstance(requirement, tuple):
            continue
        if not set(requirement) & policy.BREAK_GLASS_PERMISSIONS:
            continue
        if not policy.route_allows(user, requirement):
            continue
        plan = plan_for(route)
        assert plan is not None, f"{route.key}: not in the matrix registry"
        if not plan.objects:
            if plan.fixed is not None:
                found.append((route, build_path(route, plan.fixed(ctx))))
            continue
        if any(param.kind != "stay" for param in plan.objects.values()):
            continue
        if not all(
            object_visible(user, param, stay, requirement_perm(requirement, param))
            for param in plan.objects.values()
        ):
            continue
        found.append((route, build_path(route, {name: stay.pk for name in plan.objects})))
    return found


def test_it_walks_the_routes_the_access_opens_and_every_read_says_break_the_glass(
    cast: Any, orgs: Any
) -> None:
    lars, alice = cast["local_police_a"], cast["coordinator"]
    ctx = SampleContext(cast=cast, orgs=orgs, user=lars)
    world = build_world(ctx)
    stay: Any = world.get("stay", "other")  # municipality B: outside Lars's district
    for member in cast.values():
        policy.forget_break_glass(member)
        policy.forget_cached_memberships(member)
    assert not policy.can(lars, policy.Perm.VIEW_STAY_SECURITY, stay)
    access = breakglass.open_access(user=lars, reference=stay.reference, reason=REASON)
    markers = mark_everything()
    for member in cast.values():
        policy.forget_break_glass(member)
    pattern = re.compile("|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True)))
    scan = Scan(lars, markers, pattern, required_purpose=BREAK_GLASS_PURPOSE)
    client = sign_in(Client(), lars, reauthenticated=True)

    routes = opened_routes(lars, stay, ctx)
    assert {route.key for route, _path in routes} >= MUST_OPEN, "the walk missed a page"
    before = audit_coverage.head_seq()
    for route, path in routes:
        scan.check("GET", path, route.key, scan.send(client, "GET", path))
        for query in scan.show_links:
            scan.check("GET", path + query, route.key, scan.send(client, "GET", path + query))
    written = list(AuditEntry.objects.filter(seq__gt=before, actor_id=lars.pk).order_by("seq"))
    without_purpose = [e for e in written if not e.purpose.startswith(BREAK_GLASS_PURPOSE)]

    review = sign_in(Client(), alice).get(reverse("access:break_glass_review", args=[access.pk]))
    assert review.status_code == 200
    table = review.content.decode().split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    listed_rows = table.count("<tr>")
    listed = list(breakglass.reads_during(access))

    record(
        "audit_coverage",
        {
            "role": "local_police_a",
            "break_glass": True,
            "routes": len(routes),
            "sightings": scan.granted_sightings,
            "uncovered": len(scan.uncovered),
            "without_purpose": len(without_purpose),
            "rows": len(written),
            "listed": listed_rows,
        },
    )
    assert scan.hits == [], "markers outside the access:\n" + "\n".join(scan.hits)
    assert scan.granted_sightings > 0, "the walk saw nothing: it would pass vacuously"
    assert not scan.uncovered, "sightings not audited as break-the-glass:\n" + "\n".join(
        scan.uncovered
    )
    assert without_purpose == [], [(e.action, e.object_type) for e in without_purpose]
    assert [e.seq for e in listed] == [e.seq for e in written]
    assert listed_rows == len(written) > 0
