"""SECURITY.md 31, the attacker's test: the administrator alone reaches no case content.

As ``sam`` (system administrator), through the admin site over HTTP, the
test does everything an administrator can do alone to plant puppets: one new
user per role (the coordinator with the team-lead flag), one user with every
role at once, the lead flag on an analyst, a reactivated former project lead
of municipality A, municipality B moved into police district A, a new
municipality, and a try at approving each of its own requests. The puppets
then try to approve them too.

Then every puppet signs in with both factors and a password just re-entered
(so no sign-in step stands in for the access policy; an address page that
asked for a passkey instead would count as reached) and walks every route of the URL
resolver, its object parameters filled with real cases in municipality A and
district A (the authorization matrix's world, access/tests/matrix.py).

**A route answers case content** when either

(a) its policy tag needs any permission outside the content-free set
    written out below (start page, own access log, statistics) and the
    answer is anything but a denial. Denials are: 404; a redirect to the
    login page; a 405 for a method whose POST then answers 404; or
(b) the answer contains the name, identity number or dwelling address of
    any person in the world, whatever the route (public and sign-in pages
    included).

The test asserts 0 such answers, and that no grant the administrator tried
took effect; a real project lead walking the same routes is the positive
control (the walk does see content where content is allowed). It reports
"grants applied without a second person: 0 of N" through
tests.security_figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from access import policy
from access.models import ApprovalRequest
from access.tests.matrix import World, plan_for
from access.tests.route_samples import SampleContext, all_routes, build_path
from accounts.models import Membership, Organisation, Role, User
from accounts.tests.admin_forms import AdminForm
from conftest import sign_in
from housing.models import Dwelling
from referrals.models import Person
from tests.security_figures import record as record_figure

P = policy.Perm
# Hand-written: what a role may reach without seeing anything of a case.
CONTENT_FREE = {P.VIEW_START_PAGE, P.VIEW_OWN_ACCESS_LOG, P.VIEW_STATISTICS, P.EXPORT_STATISTICS}
# (username, organisation key, role, lead flag) the administrator plants.
PUPPETS = [
    ("p-koordinator", "team", Role.COORDINATOR, True),
    ("p-politirep", "team", Role.POLICE_REPRESENTATIVE, False),
    ("p-bufdir", "team", Role.DIRECTORATE_REPRESENTATIVE, False),
    ("p-prosjektleder", "municipality_a", Role.PROJECT_LEAD, False),
    ("p-miljo", "municipality_a", Role.FOLLOWUP_WORKER, False),
    ("p-politi", "police_a", Role.LOCAL_POLICE, False),
    ("p-analytiker", "bufdir", Role.ANALYST, False),
    ("p-admin", "ops", Role.SYSADMIN, False),
]
EVERY_ROLE = [(org, role, lead) for _name, org, role, lead in PUPPETS]


def _admin_saves(client: Client, url: str, form: AdminForm) -> None:
    response = form.post(client)
    assert response.status_code == 302, f"{url}: {response.content.decode()[:2000]}"


def plant_puppets(sam: Any, orgs: dict[str, Any], former: Any) -> tuple[list[Any], list[Any]]:
    """Everything the administrator can do alone; (puppets, attempts) where each attempt
    is a callable that says whether that grant took effect."""
    admin = sign_in(Client(), sam)
    add = reverse("admin:accounts_user_add")
    puppets: list[Any] = []
    attempts: list[Any] = []

    def add_user(username: str, rows: Sequence[tuple[str, str, bool]]) -> User:
        # The add page (no password: it answers with the enrolment link), then
        # the roles on the user's own page, as the admin site offers them.
        assert AdminForm.open(admin, add).set(username=username).post(admin).status_code == 200
        user = User.objects.get(username=username)
        url = reverse("admin:accounts_user_change", args=[user.pk])
        form = AdminForm.open(admin, url)
        for org, role, lead in rows:
            form.add_membership(orgs[org], role, is_lead=lead)
        _admin_saves(admin, url, form)
        for org, role, lead in rows:
            if role == Role.ANALYST and not lead:
                continue  # not a grant of case content: applies at once by design
            attempts.append(
                lambda u=user, o=orgs[org], r=role, lead=lead: Membership.objects.filter(
                    user=u, organisation=o, role=r, **({"is_lead": True} if lead else {})
                ).exists()
            )
        return user

    for username, org, role, lead in PUPPETS:
        puppets.append(add_user(username, [(org, role, lead)]))
    puppets.append(add_user("p-alt", EVERY_ROLE))

    # The lead flag on the analyst puppet's membership (which applied at once).
    analyst = User.objects.get(username="p-analytiker")
    url = reverse("admin:accounts_user_change", args=[analyst.pk])
    form = AdminForm.open(admin, url)
    form.change_membership(
        form.membership_index(Membership.objects.get(user=analyst)), is_lead=True
    )
    _admin_saves(admin, url, form)
    attempts.append(lambda: Membership.objects.filter(user=analyst, is_lead=True).exists())

    # A deactivated former project lead of A, made active again.
    url = reverse("admin:accounts_user_change", args=[former.pk])
    _admin_saves(admin, url, AdminForm.open(admin, url).set(is_active=True))
    attempts.append(lambda: User.objects.get(pk=former.pk).is_active)
    puppets.append(former)

    # Municipality B moved into district A (A's local police would reach it),
    # and a new municipality in district A (no members, no cases: at once).
    municipality = orgs["municipality_b"]
    url = reverse("admin:accounts_organisation_change", args=[municipality.pk])
    _admin_saves(admin, url, AdminForm.open(admin, url).set(police_district=orgs["police_a"]))
    attempts.append(
        lambda: (
            Organisation.objects.get(pk=municipality.pk).police_district_id == orgs["police_a"].pk
        )
    )
    url = reverse("admin:accounts_organisation_add")
    form = AdminForm.open(admin, url).set(
        name="Kommune C", kind=Organisation.Kind.MUNICIPALITY, police_district=orgs["police_a"]
    )
    _admin_saves(admin, url, form)

    # The administrator, then each puppet, tries to approve every request:
    # refused (400 for its own, 404 where it may not see it, the login page
    # for the still deactivated one).
    clients = {sam.username: admin} | {p.username: sign_in(Client(), p) for p in puppets}
    for approval in ApprovalRequest.objects.filter(requested_by=sam):
        for username, client in clients.items():
            answer = client.post(reverse("access:approval_approve", args=[approval.pk]))
            login = answer.status_code == 302 and answer["Location"].startswith(settings.LOGIN_URL)
            assert answer.status_code in (400, 404) or login, (username, answer.status_code)
    return puppets, attempts


def case_strings() -> list[str]:
    names = list(Person.objects.values_list("name", flat=True))
    numbers = [n for n in Person.objects.values_list("identity_number", flat=True) if n]
    addresses = list(Dwelling.objects.values_list("address", flat=True))
    return [s for s in names + numbers + addresses if s]


def walk(
    client: Client, ctx: SampleContext, world: World, strings: list[str]
) -> list[dict[str, Any]]:
    """GET every route (POST where GET says 405); one entry per answer, with its verdict."""
    answers: list[dict[str, Any]] = []
    for route in all_routes():
        plan = plan_for(route)
        assert plan is not None, route.key
        requirement = policy.route_requirement(route.pattern.callback)
        kwargs = plan.fixed(ctx) if plan.fixed is not None else {}
        kwargs.update({p: world.get(spec.kind, "own").pk for p, spec in plan.objects.items()})  # type: ignore[union-attr]
        path = build_path(route, kwargs)
        content_free = requirement in (policy.PUBLIC, policy.AUTHENTICATION) or (
            requirement is not None and set(requirement) <= CONTENT_FREE
        )
        response = client.get(path)
        status = response.status_code
        denied = status == 404 or (
            status == 302 and response["Location"].startswith(settings.LOGIN_URL)
        )
        if status == 405 and not content_free:
            response = client.post(path)
            status = response.status_code
            denied = status == 404
        body = response.content.decode("utf-8", "replace") if not response.streaming else ""
        seen = [s for s in strings if s in body or s in response.get("Location", "")]
        reached = bool(seen) or (not content_free and not denied)
        answers.append({"route": route.key, "status": status, "seen": seen, "reached": reached})
    return answers


def test_the_administrator_alone_plants_no_one_who_reaches_case_content(cast, orgs, member):
    former = member(Role.PROJECT_LEAD, orgs["municipality_a"], "tidligere")
    User.objects.filter(pk=former.pk).update(is_active=False)
    former.refresh_from_db()
    ctx = SampleContext(cast=cast, orgs=orgs)
    world = World(ctx)
    for kind in ("offer", "inquiry", "stay", "approval"):
        world.get(kind, "own")  # build every group of the world before the walk
    for user in cast.values():
        policy.forget_cached_memberships(user)

    puppets, attempts = plant_puppets(cast["sysadmin"], orgs, former)
    applied_alone = [i for i, took_effect in enumerate(attempts) if took_effect()]

    strings = case_strings()
    assert len(strings) >= 10
    reached: list[str] = []
    requests = 0
    for puppet in puppets:
        puppet.refresh_from_db()
        ctx.user = puppet
        client = sign_in(Client(), puppet, reauthenticated=True)
        answers = walk(client, ctx, world, strings)
        requests += len(answers)
        reached += [
            f"{puppet.username} {a['route']}: {a['status']} {a['seen']}"
            for a in answers
            if a["reached"]
        ]

    # Positive control: the offer's real project lead sees case content on the same walk.
    bob = cast["project_lead_a"]
    ctx.user = bob
    control = walk(sign_in(Client(), bob, reauthenticated=True), ctx, world, strings)
    assert sum(1 for a in control if a["seen"]) >= 5

    record_figure(
        "insider",
        {
            "grant_attempts": len(attempts),
            "grants_applied_alone": len(applied_alone),
            "puppets": len(puppets),
            "puppet_requests": requests,
            "puppet_content_answers": len(reached),
        },
    )
    assert applied_alone == []
    assert reached == []
    # 7 staged roles twice (one puppet each, one with all), the analyst's lead
    # flag, the reactivation and the district move.
    assert (len(attempts), len(puppets)) == (7 + 7 + 1 + 1 + 1, 10)
