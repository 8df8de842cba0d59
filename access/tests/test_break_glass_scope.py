"""What a break-the-glass access opens: derived from the URL resolver and the policy, compared
with what docs/access-model.md ("Break-the-glass") promises.

The expected answers below are the documented lists, written by hand. The
actual answers are derived twice, never listed: once from the policy alone
(every route in the resolver whose permission and object scope the access
satisfies) and once by requesting every route that names the stay.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from access import policy
from access.policy import Perm
from access.tests.matrix import FIXED_PARAMS, object_visible, plan_for, requirement_perm
from access.tests.route_samples import Route, all_routes, build_path
from accounts.models import Role
from conftest import sign_in
from oversight import breakglass
from stays.tests.conftest import living, stay_factory  # noqa: F401  (fixtures)

REASON = "Alarmen er utløst og politiet ber om husstanden."

# docs/access-model.md, "Break-the-glass": the pages of the one stay it opens.
DOCUMENTED_STAY_PAGES = {
    "stays:overview",  # name, reference, household, dates, partners, open measures
    "stays:timetable",  # the first two weeks' appointments, without their descriptions
    "followup:security",  # security conversation and crisis plan, with their notes
    "followup:measures",  # security measures with their reasons; threat changes by date only
    "followup:plan",  # action plan
    "followup:areas",  # the ten follow-up areas, without their notes
    "followup:contacts",  # contact log: dates, forms, minutes, never the notes
}
# ... and the page of one object of the stay that the log links to: a
# contact's earlier versions, never the notes.
DOCUMENTED_OBJECT_PAGES = {"followup:contact_history"}
# ... and the one list page it opens to a role that has none: the resident list,
# which then shows that resident only.
DOCUMENTED_LISTS = {"stays:resident_list"}
# The permissions that make it so (docs/access-model.md).
DOCUMENTED_PERMISSIONS = {
    Perm.VIEW_RESIDENTS,
    Perm.VIEW_FOLLOWUP,
    Perm.VIEW_SECURITY_MEASURES,
    Perm.READ_SECURITY_NOTES,
}

ROUTES = all_routes()


def _stay_params(route: Route) -> dict[str, Any] | None:
    """The route's object parameters when one of them names a stay, else None."""
    plan = plan_for(route)
    if plan is None or not plan.objects:
        return None
    if not any(param.kind == "stay" for param in plan.objects.values()):
        return None
    return plan.objects


def policy_opens(user: Any, stay: Any) -> set[str]:
    """Routes naming the stay whose permission and object scope ``user`` satisfies, by the policy."""
    opened = set()
    for route in ROUTES:
        params = _stay_params(route)
        if params is None:
            continue
        requirement = policy.route_requirement(route.pattern.callback)
        if not isinstance(requirement, tuple) or not policy.route_allows(user, requirement):
            continue
        stays = [p for p in params.values() if p.kind == "stay"]
        # A second object (a household member, a measure) hangs off the same
        # stay: if the stay is open under the route's permission, count the
        # route as open, so a wrong grant is flagged rather than missed.
        if all(object_visible(user, p, stay, requirement_perm(requirement, p)) for p in stays):
            opened.add(route.key)
    return opened


def requests_open(client: Client, stay: Any) -> set[str]:
    """Routes naming only the stay (and fixed values) that answer other than 404 for ``client``."""
    opened = set()
    for route in ROUTES:
        params = _stay_params(route)
        if params is None or any(p.kind != "stay" for p in params.values()):
            continue
        kwargs = {name: stay.pk for name in params} | FIXED_PARAMS.get(route.key, {})
        path = build_path(route, kwargs)
        status = client.get(path).status_code
        if status == 405:  # POST only: ask the way it is meant to be asked
            status = client.post(path, {}).status_code
        if status not in (404, 405):
            opened.add(route.key)
    return opened


def lists_opened(user: Any, before: frozenset[Perm]) -> set[str]:
    """Parameter-free routes the user reaches now and did not with ``before``'s permissions."""
    opened = set()
    for route in ROUTES:
        if route.params:
            continue
        requirement = policy.route_requirement(route.pattern.callback)
        if not isinstance(requirement, tuple) or not requirement:
            continue
        if policy.route_allows(user, requirement) and not set(requirement) <= before:
            opened.add(route.key)
    return opened


def _fresh(user: Any) -> Any:
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def outsiders(cast, orgs, member) -> dict[str, Any]:
    """Users whose own roles reach nothing of municipality A's resident."""
    return {
        "followup_worker_b": cast["followup_worker_b"],
        "coordinator": cast["coordinator"],
        "local_police_b": member(Role.LOCAL_POLICE, orgs["police_b"], "lise"),
    }


def test_the_documented_permissions_are_the_policys():
    assert set(policy.BREAK_GLASS_PERMISSIONS) == DOCUMENTED_PERMISSIONS


@pytest.mark.parametrize("name", ["followup_worker_b", "coordinator", "local_police_b"])
def test_it_opens_exactly_the_documented_pages_of_the_stay(name, outsiders, living):  # noqa: F811
    user = outsiders[name]
    client = sign_in(Client(), user)
    # Before: nothing of the stay, by either derivation (else the test proves nothing).
    assert policy_opens(user, living) == set()
    assert requests_open(client, living) == set()
    before = policy.permissions(user)

    breakglass.open_access(user=user, reference=living.reference, reason=REASON)
    user = _fresh(user)

    assert policy_opens(user, living) == DOCUMENTED_STAY_PAGES | DOCUMENTED_OBJECT_PAGES
    # Asked over HTTP: the routes that name only the stay.
    assert requests_open(client, living) == DOCUMENTED_STAY_PAGES
    expected_lists = set() if Perm.VIEW_RESIDENTS in before else DOCUMENTED_LISTS
    assert lists_opened(user, before) == expected_lists


def test_the_walk_sees_the_pages_it_must_judge(living):  # noqa: F811
    # Guards the derivation: if it found no stay routes, the test above would
    # compare two empty sets on the "before" side and pass for the wrong reason.
    keys = {route.key for route in ROUTES if _stay_params(route) is not None}
    for expected in (
        "stays:notes",
        "stays:move_in",
        "stays:timetable_pdf",
        "stays:household_remove",
        "followup:contact_create",
        "followup:security_edit",
        "reporting:stay_reports",
        *DOCUMENTED_STAY_PAGES,
    ):
        assert expected in keys, expected


def test_the_resident_list_shows_only_that_resident(cast, living, stay_factory):  # noqa: F811
    coordinator = cast["coordinator"]
    other = stay_factory()
    breakglass.open_access(user=coordinator, reference=living.reference, reason=REASON)
    page = sign_in(Client(), coordinator).get(reverse("stays:resident_list"))
    assert page.status_code == 200
    assert living.person.name in page.content.decode()
    assert other.person.name not in page.content.decode()


def test_it_never_opens_the_notes_the_address_or_the_intake(cast, living):  # noqa: F811
    from followup.models import Contact, FollowupArea, ThreatChange

    charlie = cast["followup_worker_b"]
    living.housing_plan = "NOTAT-BOLIGPLAN-HEMMELIG"
    living.save(update_fields=["housing_plan"])
    item = living.timetable.first()
    item.description = "NOTAT-TIMEPLAN-HEMMELIG"
    item.save(update_fields=["description"])
    Contact.objects.create(
        stay=living,
        contact_on=living.moved_in_on,
        minutes=30,
        form="phone",
        with_whom="resident",
        note="NOTAT-KONTAKT-HEMMELIG",
        recorded_by=cast["followup_worker_a"],
    )
    worker = cast["followup_worker_a"]
    FollowupArea.objects.create(
        stay=living, area="mapping", notes="NOTAT-OMRADE-HEMMELIG", updated_by=worker
    )
    ThreatChange.objects.create(
        stay=living,
        recorded_on=living.moved_in_on,
        risk_level="high",
        detail="NOTAT-TRUSSEL-HEMMELIG",
        recorded_by=worker,
    )
    breakglass.open_access(user=charlie, reference=living.reference, reason=REASON)
    client = sign_in(Client(), charlie)
    notes = reverse("stays:notes", args=[living.pk])
    assert client.get(notes).status_code == 404
    assert client.post(notes).status_code == 404
    # The printout for the resident carries the timetable's descriptions.
    assert client.get(reverse("stays:timetable_pdf", args=[living.pk])).status_code == 404
    dwelling = living.booking.place.dwelling
    assert client.get(reverse("housing:dwelling_address", args=[dwelling.pk])).status_code == 404
    assessment = living.allocation.assessment
    assert (
        client.get(reverse("referrals:assessment_detail", args=[assessment.pk])).status_code == 404
    )
    # Every opened page, also asked to show what it can: no note, no
    # address, no identity number.
    secrets = [
        "NOTAT-BOLIGPLAN-HEMMELIG",
        "NOTAT-KONTAKT-HEMMELIG",
        "NOTAT-TIMEPLAN-HEMMELIG",
        "NOTAT-OMRADE-HEMMELIG",
        "NOTAT-TRUSSEL-HEMMELIG",
        dwelling.address,
        living.person.identity_number,
    ]
    for name in DOCUMENTED_STAY_PAGES:
        kwarg = "stay_id" if name.startswith("followup:") else "pk"
        url = reverse(name, kwargs={kwarg: living.pk})
        for query in ("", "?vis=1", "?vis=1&trussel=1"):
            page = client.get(url + query)
            assert page.status_code == 200, (name, query)
            html = page.content.decode()
            assert [s for s in secrets if s and s in html] == [], (name, query)
