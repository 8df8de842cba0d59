"""Sharing an offer's approved routines with the directorate (docs/access-model.md, routines_shared).

Expected answers from the access model's words: off by default; only the
offer's own project lead turns it on; while on, the directorate reads the
approved text (each read audited), never a draft or a read confirmation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from routines import services
from routines.models import RoutineReading, RoutineSharing

pytestmark = pytest.mark.django_db
APPROVED_TEXT = "Den godkjente teksten om sikkerhetsarbeid"
DRAFT_TEXT = "Et utkast som ingen utenfor botilbudet skal se"


@pytest.fixture
def routines_a(offers: dict[str, Any], cast: dict[str, Any]) -> dict[str, Any]:
    """Offer A: security work approved, then a newer draft; mapping only a draft."""
    lead = cast["project_lead_a"]
    first = services.routine_write(
        offer=offers["a"], kind="security_work", text=APPROVED_TEXT, by=lead
    )
    today = dates.today()
    services.routine_approve(
        version=first,
        approved_on=today,
        next_review_on=today + dt.timedelta(days=365),
        by=lead,
    )
    draft = services.routine_write(
        offer=offers["a"], kind="security_work", text=DRAFT_TEXT, by=lead
    )
    only_draft = services.routine_write(offer=offers["a"], kind="mapping", text=DRAFT_TEXT, by=lead)
    return {"approved": first, "draft": draft, "only_draft": only_draft}


def _share(cast: dict[str, Any], offers: dict[str, Any], shares: bool = True) -> RoutineSharing:
    return services.routine_sharing_set(offer=offers["a"], shares=shares, by=cast["project_lead_a"])


def _url(offer: Any, kind: str = "security_work") -> str:
    return reverse("routines:routine", args=[offer.pk, kind])


# --- the service -----------------------------------------------------------------


@pytest.fixture
def lead_b(member: Any, orgs: dict[str, Any]) -> Any:
    return member("project_lead", orgs["municipality_b"], "lead-b")


def test_only_the_offers_own_project_lead_changes_it_and_it_is_audited(cast, offers, lead_b):
    assert not RoutineSharing.objects.exists()  # off until someone turns it on
    others = [cast[r] for r in ("followup_worker_a", "directorate_representative", "sysadmin")]
    for user in [lead_b, *others]:
        with pytest.raises(PermissionDenied):
            services.routine_sharing_set(offer=offers["a"], shares=True, by=user)
    assert not RoutineSharing.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="routines.sharing").exists()

    sharing = _share(cast, offers)
    assert sharing.shares is True and sharing.changed_by == cast["project_lead_a"]
    _share(cast, offers, shares=False)
    assert RoutineSharing.objects.get().shares is False
    entries = list(AuditEntry.objects.filter(action__startswith="routines.sharing").order_by("seq"))
    assert [e.action for e in entries] == [
        "routines.sharing.turned_on",
        "routines.sharing.turned_off",
    ]
    assert {e.actor_id for e in entries} == {cast["project_lead_a"].pk}


def test_the_project_lead_turns_it_on_from_the_routines_page(client_for, cast, offers, lead_b):
    lead = client_for(cast["project_lead_a"])
    page = lead.get(reverse("routines:offer", args=[offers["a"].pk]))
    assert "Rutinene er ikke delt" in page.content.decode()
    response = lead.post(reverse("routines:sharing", args=[offers["a"].pk]), {"shares": "on"})
    assert response.status_code == 302
    assert RoutineSharing.objects.get(offer=offers["a"]).shares is True
    assert "Rutinene er delt" in lead.get(response["Location"]).content.decode()
    # Only the project lead of that municipality: others get 404 and nothing changes.
    for user in (cast["followup_worker_a"], lead_b, cast["directorate_representative"]):
        other = client_for(user).post(reverse("routines:sharing", args=[offers["a"].pk]), {})
        assert other.status_code == 404, user
    assert RoutineSharing.objects.get(offer=offers["a"]).shares is True


# --- what the directorate reads ----------------------------------------------------


def test_not_shared_the_directorate_gets_404_on_the_text(client_for, cast, offers, routines_a):
    directorate = client_for(cast["directorate_representative"])
    assert directorate.get(_url(offers["a"])).status_code == 404
    assert directorate.get(reverse("routines:offer", args=[offers["a"].pk])).status_code == 404
    overview = directorate.get(reverse("routines:overview")).content.decode()
    assert reverse("routines:offer", args=[offers["a"].pk]) not in overview
    # Turned off again: 404 again.
    _share(cast, offers)
    _share(cast, offers, shares=False)
    assert directorate.get(_url(offers["a"])).status_code == 404


def test_shared_the_directorate_reads_the_approved_text_only_audited(
    client_for, cast, offers, routines_a
):
    _share(cast, offers)
    directorate = client_for(cast["directorate_representative"])
    overview = directorate.get(reverse("routines:overview")).content.decode()
    assert reverse("routines:offer", args=[offers["a"].pk]) in overview
    assert reverse("routines:offer", args=[offers["b"].pk]) not in overview  # B does not share

    page = directorate.get(_url(offers["a"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert APPROVED_TEXT in body
    assert DRAFT_TEXT not in body
    assert "Jeg har lest rutinen" not in body  # no confirmation form for the directorate
    reads = AuditEntry.objects.filter(action="routines.version.shared_read")
    assert [(e.actor_id, e.object_id) for e in reads] == [
        (cast["directorate_representative"].pk, str(routines_a["approved"].pk))
    ]

    # A routine with only a draft: nothing to read, 404 as for a missing one.
    assert directorate.get(_url(offers["a"], "mapping")).status_code == 404
    # The offer page: the checklist, without drafts or who has read.
    offer_page = directorate.get(reverse("routines:offer", args=[offers["a"].pk])).content.decode()
    assert "Lest av deg" not in offer_page
    assert "Deling med direktoratet" not in offer_page  # the setting is the project lead's


def test_shared_the_directorate_confirms_nothing(client_for, cast, offers, routines_a):
    _share(cast, offers)
    confirm = reverse("routines:confirm", args=[offers["a"].pk, "security_work"])
    assert client_for(cast["directorate_representative"]).post(confirm).status_code == 404
    assert not RoutineReading.objects.exists()


def test_sharing_changes_nothing_for_the_other_roles(client_for, cast, offers, routines_a):
    _share(cast, offers)
    url = _url(offers["a"])
    staff = client_for(cast["followup_worker_a"]).get(url).content.decode()
    assert APPROVED_TEXT in staff and DRAFT_TEXT in staff and "Jeg har lest rutinen" in staff
    for role in ("followup_worker_b", "coordinator", "local_police_a", "analyst", "sysadmin"):
        assert client_for(cast[role]).get(url).status_code == 404, role
    # Staff reads stay unaudited as before: the routines are no one's personal data.
    assert not AuditEntry.objects.filter(action="routines.version.shared_read").exists()


def test_staff_elsewhere_reads_a_shared_offer_as_the_directorate(
    client_for, cast, offers, orgs, routines_a
):
    # One person, two memberships: the directorate, and follow-up worker in B.
    from accounts.models import Membership, Role

    both = cast["directorate_representative"]
    Membership.objects.create(
        user=both, organisation=orgs["municipality_b"], role=Role.FOLLOWUP_WORKER
    )
    _share(cast, offers)
    body = client_for(both).get(_url(offers["a"])).content.decode()
    assert APPROVED_TEXT in body
    assert DRAFT_TEXT not in body  # A's draft is A's staff's, not B's
    assert "Jeg har lest rutinen" not in body
    reads = AuditEntry.objects.filter(action="routines.version.shared_read", actor=both)
    assert [e.object_id for e in reads] == [str(routines_a["approved"].pk)]
    confirm = reverse("routines:confirm", args=[offers["a"].pk, "security_work"])
    assert client_for(both).post(confirm).status_code == 404


def test_the_directorate_is_never_asked_to_confirm_a_shared_routine(cast, offers, routines_a):
    from routines import selectors

    _share(cast, offers)
    assert selectors.unread_count(fetched_by=cast["directorate_representative"]) == 0
    # The offer's own follow-up worker still has the approved routine to confirm.
    assert selectors.unread_count(fetched_by=cast["followup_worker_a"]) == 1
