"""The access matrix for every referrals route: role x {A, B, nonexistent} -> status.

A is a person proposed to municipality A's offer, B one proposed to
municipality B's. Forbidden answers exactly like missing (404); anonymous
users are sent to the login page.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from referrals import services
from referrals.models import Consent
from tests import factories as f

ROLES = [
    "coordinator",
    "police_representative",
    "directorate_representative",
    "project_lead_a",
    "followup_worker_a",
    "followup_worker_b",
    "local_police_a",
    "analyst",
    "sysadmin",
    "anonymous",
]
TEAM = {"coordinator"}
POLICE_TEAM = {"police_representative"}

# route -> (kind of object, {role: set of objects ("A", "B") it may open})
ALL = {"A", "B"}
ROUTES = {
    "workbench": (None, {"coordinator": ALL}),
    "inquiry_list": (None, {"coordinator": ALL, "police_representative": ALL}),
    "inquiry_create": (None, {"coordinator": ALL}),
    "assessment_list": (None, {"coordinator": ALL, "police_representative": ALL}),
    "police_queue": (None, {"police_representative": ALL, "local_police_a": ALL}),
    "inbox": (None, {"project_lead_a": ALL, "followup_worker_a": ALL, "followup_worker_b": ALL}),
    "inquiry_detail": ("inquiry", {"coordinator": ALL, "police_representative": ALL}),
    "inquiry_no_place": ("inquiry", {"coordinator": ALL}),
    "assessment_create": ("inquiry", {"coordinator": ALL}),
    "assessment_detail": ("assessment", {"coordinator": ALL, "police_representative": ALL}),
    "consent_create": ("assessment", {"coordinator": ALL}),
    "share_with_police": ("assessment", {"coordinator": ALL}),
    "match": ("assessment", {"coordinator": ALL}),
    "threat_create": ("assessment", {"police_representative": ALL, "local_police_a": {"A"}}),
    "consent_withdraw": ("consent", {"coordinator": ALL}),
    "threat_detail": ("threat", {"police_representative": ALL, "local_police_a": {"A"}}),
    "allocation_withdraw": ("allocation", {"coordinator": ALL}),
    "package": (
        "allocation",
        {"project_lead_a": {"A"}, "followup_worker_a": {"A"}, "followup_worker_b": {"B"}},
    ),
}

MARKERS = [
    "MARKER-THREAT-DETAILS",
    "MARKER-PHONE",
    "MARKER-THREAT-NOTE",
    "MARKER-INQUIRY-REASON",
    "MARKER-WISHES",
]
# Which markers each role may ever see somewhere on these pages.
GRANTED = {
    "coordinator": {"MARKER-PHONE", "MARKER-THREAT-NOTE", "MARKER-INQUIRY-REASON", "MARKER-WISHES"},
    "police_representative": set(MARKERS),
    "project_lead_a": {"MARKER-WISHES"},
    "followup_worker_a": {"MARKER-WISHES"},
    "followup_worker_b": {"MARKER-WISHES"},
    "local_police_a": {"MARKER-THREAT-DETAILS", "MARKER-THREAT-NOTE"},
}


@pytest.fixture
def world(cast, orgs):
    coordinator = cast["coordinator"]
    objects = {}
    for key, municipality in (("A", orgs["municipality_a"]), ("B", orgs["municipality_b"])):
        place = f.cleared_place(municipality=municipality, by=coordinator)
        inquiry = f.InquiryFactory.create(registered_by=coordinator)
        assessment = f.AssessmentFactory.create(assessed_by_user=coordinator, inquiry=inquiry)
        consent = f.ConsentFactory.create(person=assessment.person, recorded_by=coordinator)
        f.ConsentFactory.create(
            person=assessment.person,
            recorded_by=coordinator,
            purpose=Consent.Purpose.RECEIVING_OFFER,
            recipient_kind=Consent.RecipientKind.MUNICIPALITY,
            recipient_organisation=municipality,
        )
        threat = f.ThreatAssessmentFactory.create(
            assessment=assessment, written_by=cast["police_representative"]
        )
        allocation = services.allocation_propose(
            assessment=assessment,
            place=place,
            expected_arrival_on=dates.today() + dt.timedelta(days=2),
            by=coordinator,
        )
        objects[key] = {
            "inquiry": inquiry.pk,
            "assessment": assessment.pk,
            "consent": consent.pk,
            "threat": threat.pk,
            "allocation": allocation.pk,
        }
    return objects


def client(cast, client_for, role):
    return Client() if role == "anonymous" else client_for(cast[role])


CASES = [
    (route, role, target)
    for route, (kind, _allowed) in ROUTES.items()
    for role in ROLES
    for target in (["-"] if kind is None else ["A", "B", "missing"])
]


@pytest.mark.parametrize(("route", "role", "target"), CASES)
def test_it_answers_the_access_matrix(world, cast, client_for, route, role, target):
    kind, allowed = ROUTES[route]
    args = [] if kind is None else [999_999 if target == "missing" else world[target][kind]]
    response = client(cast, client_for, role).get(reverse(f"referrals:{route}", args=args))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    expected = (
        200
        if target != "missing"
        and (target == "-" or target in allowed.get(role, set()))
        and role in allowed
        else 404
    )
    if kind is None and role in allowed:
        expected = 200
    assert response.status_code == expected, (route, role, target)
    body = response.content.decode()
    for marker in MARKERS:
        if marker not in GRANTED.get(role, set()):
            assert marker not in body, (route, role, marker)


def test_it_shows_municipal_staff_only_their_own_proposals(world, cast, client_for):
    body = client_for(cast["followup_worker_b"]).get(reverse("referrals:inbox")).content.decode()
    assert reverse("referrals:package", args=[world["B"]["allocation"]]) in body
    assert reverse("referrals:package", args=[world["A"]["allocation"]]) not in body


def test_it_lets_municipal_staff_see_nothing_after_a_decline(world, cast, client_for):
    from referrals.models import Allocation

    allocation = Allocation.objects.get(pk=world["A"]["allocation"])
    services.allocation_decline(allocation=allocation, reason="Fullt", by=cast["project_lead_a"])
    response = client_for(cast["followup_worker_a"]).get(
        reverse("referrals:package", args=[allocation.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["analyst", "sysadmin", "directorate_representative"])
def test_it_gives_statistics_and_admin_roles_no_case_objects(world, cast, role):
    from access import policy
    from referrals.models import Allocation, Assessment, Inquiry, Person, ThreatAssessment

    user = cast[role]
    for model in (Inquiry, Assessment, Person, ThreatAssessment, Allocation, Consent):
        for perm in policy.Perm:
            assert not policy.visible(user, model, perm).exists(), (model, perm)


POST_ROUTES = [
    ("inquiry_create", None),
    ("inquiry_no_place", "inquiry"),
    ("assessment_create", "inquiry"),
    ("consent_create", "assessment"),
    ("share_with_police", "assessment"),
    ("match", "assessment"),
    ("consent_withdraw", "consent"),
    ("allocation_withdraw", "allocation"),
]


@pytest.mark.parametrize(("route", "kind"), POST_ROUTES)
def test_it_requires_csrf_on_post(world, cast, client_for, route, kind):
    args = [] if kind is None else [world["A"][kind]]
    before = AuditEntry.objects.filter(action__startswith="referrals.").count()
    c = client_for(cast["coordinator"], enforce_csrf_checks=True)
    response = c.post(reverse(f"referrals:{route}", args=args), {"x": "1"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action__startswith="referrals.").count() == before


@pytest.mark.parametrize(
    "route,role,kind",
    [
        ("threat_create", "police_representative", "assessment"),
        ("package", "project_lead_a", "allocation"),
    ],
)
def test_it_requires_csrf_on_police_and_offer_posts(world, cast, client_for, route, role, kind):
    c = client_for(cast[role], enforce_csrf_checks=True)
    response = c.post(
        reverse(f"referrals:{route}", args=[world["A"][kind]]), {"decision": "accept"}
    )
    assert response.status_code == 403


def test_it_changes_nothing_on_get(world, cast, client_for):
    from referrals.models import Allocation, Assessment, Inquiry

    snapshot = lambda: (  # noqa: E731
        list(Inquiry.objects.values_list("pk", "outcome")),
        list(Assessment.objects.values_list("pk", "status")),
        list(Allocation.objects.values_list("pk", "status")),
        Consent.objects.count(),
    )
    before = snapshot()
    for route, (kind, _allowed) in ROUTES.items():
        args = [] if kind is None else [world["A"][kind]]
        for role in ("coordinator", "police_representative", "project_lead_a"):
            client_for(cast[role]).get(reverse(f"referrals:{route}", args=args))
    assert snapshot() == before
