"""Two-person approval (SECURITY.md 9, ASVS 2.3.5).

Showing a secret address to someone who has not had it and exporting an
offer's resident list need a second, eligible person's approval (what the
administrator stages is tested in test_staged_administration.py). Nobody
approves their own request, an approval is used once, requests expire, and
every step is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from access import approvals, policy
from access.models import AddressDisclosure, ApprovalRequest
from audit.models import AuditEntry
from housing.tests.conftest import world  # noqa: F401  (fixture)
from stays.tests.conftest import stay, stay_factory  # noqa: F401  (fixtures)

Kind = ApprovalRequest.Kind
Status = ApprovalRequest.Status
REASON = "Jeg skal følge beboeren hjem i kveld."


def _actions(approval: ApprovalRequest) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_type="access.ApprovalRequest", object_id=str(approval.pk)
        ).values_list("action", flat=True)
    )


def _ask_address(user: Any, dwelling: Any) -> ApprovalRequest:
    return approvals.request_approval(
        user=user, kind=Kind.ADDRESS_DISCLOSURE, subject_obj=dwelling, reason=REASON
    )


# --- address disclosure -------------------------------------------------------------


def test_a_first_address_view_needs_a_second_persons_approval(
    cast,
    world,  # noqa: F811
    client_for,
):
    berit, bob = cast["followup_worker_a"], cast["project_lead_a"]
    dwelling = world["dwelling_a"]
    client = client_for(berit, webauthn=True)
    url = reverse("housing:dwelling_address", args=[dwelling.pk])

    # Without approval: no address, sent to the request form.
    refused = client.post(url)
    assert refused.status_code == 302
    assert refused["Location"] == reverse("access:address_request", args=[dwelling.pk])
    assert not AuditEntry.objects.filter(action="housing.dwelling.address_viewed").exists()

    form = reverse("access:address_request", args=[dwelling.pk])
    assert client.post(form, {"reason": ""}).status_code == 400
    sent = client.post(form, {"reason": REASON})
    approval = ApprovalRequest.objects.get()
    assert sent["Location"] == reverse("access:approval_detail", args=[approval.pk])
    assert approval.kind == Kind.ADDRESS_DISCLOSURE and approval.status == Status.PENDING
    assert approval.subject == f"housing.Dwelling:{dwelling.pk}"
    assert dwelling.address not in approval.subject

    # Still pending: still no address.
    assert client.post(url)["Location"] == form
    # Berit cannot approve her own request.
    own = client.post(reverse("access:approval_approve", args=[approval.pk]), {"note": ""})
    assert own.status_code == 400
    approval.refresh_from_db()
    assert approval.status == Status.PENDING

    # Bob, the offer's project lead, approves on a confirmation page.
    lead = client_for(bob)
    assert approval.pk in [a.pk for a in approvals.waiting_for(fetched_by=bob)]
    confirm = lead.get(reverse("access:approval_approve", args=[approval.pk]))
    assert confirm.status_code == 200 and "Bekreft godkjenning" in confirm.content.decode()
    assert lead.post(reverse("access:approval_approve", args=[approval.pk])).status_code == 302
    approval.refresh_from_db()
    assert approval.status == Status.APPROVED and approval.decided_by == bob

    shown = client.post(url)
    assert shown.status_code == 200 and dwelling.address in shown.content.decode()
    approval.refresh_from_db()
    assert approval.used_at is not None
    assert AddressDisclosure.objects.filter(user=berit, dwelling=dwelling).count() == 1
    # From now on she has had it: later views need no new approval.
    assert dwelling.address in client.post(url).content.decode()
    assert AuditEntry.objects.filter(action="housing.dwelling.address_viewed").count() == 2
    assert _actions(approval) == [
        "access.approval.requested",
        # Bob's confirmation page shows Berit's reason: a read (SECURITY.md 21).
        "access.approval.viewed",
        "access.approval.approved",
        "access.approval.used",
    ]
    (viewed,) = AuditEntry.objects.filter(action="access.approval.viewed")
    assert viewed.actor_id == bob.pk and "reason" in viewed.fields


def test_an_approval_is_used_once(cast, world):  # noqa: F811
    berit, bob = cast["followup_worker_a"], cast["project_lead_a"]
    dwelling = world["dwelling_a"]
    approval = _ask_address(berit, dwelling)
    approvals.decide(user=bob, approval_id=approval.pk, approve=True)
    approvals.consume(user=berit, kind=Kind.ADDRESS_DISCLOSURE, subject_obj=dwelling)
    with pytest.raises(approvals.ApprovalRequired):
        approvals.consume(user=berit, kind=Kind.ADDRESS_DISCLOSURE, subject_obj=dwelling)
    # ... and once used, it cannot be decided again.
    with pytest.raises(ValidationError):
        approvals.decide(user=bob, approval_id=approval.pk, approve=False)


def test_the_project_lead_asks_the_teams_police_representative(cast, world):  # noqa: F811
    bob, petra = cast["project_lead_a"], cast["police_representative"]
    approval = _ask_address(bob, world["dwelling_a"])
    assert not approvals.can_decide(cast["followup_worker_a"], approval)
    assert approvals.can_decide(petra, approval)
    with pytest.raises(ValidationError) as own:
        approvals.decide(user=bob, approval_id=approval.pk, approve=True)
    assert own.value.code == "self"
    approvals.decide(user=petra, approval_id=approval.pk, approve=True)
    approval.refresh_from_db()
    assert approval.status == Status.APPROVED


@pytest.mark.parametrize(
    "name", ["coordinator", "followup_worker_b", "analyst", "sysadmin", "local_police_a"]
)
def test_others_cannot_decide_an_address_request(name, cast, world, client_for):  # noqa: F811
    approval = _ask_address(cast["followup_worker_a"], world["dwelling_a"])
    user = cast[name]
    with pytest.raises((Http404, ValidationError)):
        approvals.decide(user=user, approval_id=approval.pk, approve=True)
    client = client_for(user)
    for route in ("approval_detail", "approval_approve", "approval_reject"):
        assert client.get(reverse(f"access:{route}", args=[approval.pk])).status_code == 404
    approval.refresh_from_db()
    assert approval.status == Status.PENDING


def test_nobody_outside_the_offer_may_ask_for_its_address(cast, world, client_for):  # noqa: F811
    with pytest.raises(Http404):
        _ask_address(cast["followup_worker_b"], world["dwelling_a"])
    client = client_for(cast["followup_worker_b"])
    url = reverse("access:address_request", args=[world["dwelling_a"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert ApprovalRequest.objects.count() == 0


def test_someone_who_typed_the_address_in_needs_no_approval(cast, world):  # noqa: F811
    from audit.services import record

    bob, dwelling = cast["project_lead_a"], world["dwelling_a"]
    record(actor=bob, action="housing.dwelling.created", obj=dwelling, fields=["address"])
    approvals.address_gate(user=bob, dwelling=dwelling)
    assert ApprovalRequest.objects.count() == 0


def test_a_rejected_request_allows_nothing(cast, world):  # noqa: F811
    berit, bob, dwelling = cast["followup_worker_a"], cast["project_lead_a"], world["dwelling_a"]
    approval = _ask_address(berit, dwelling)
    approvals.decide(user=bob, approval_id=approval.pk, approve=False, note="Ikke nødvendig.")
    with pytest.raises(approvals.ApprovalRequired):
        approvals.address_gate(user=berit, dwelling=dwelling)
    assert _actions(approval) == ["access.approval.requested", "access.approval.rejected"]


def test_requests_and_unused_approvals_expire(cast, world):  # noqa: F811
    berit, bob, dwelling = cast["followup_worker_a"], cast["project_lead_a"], world["dwelling_a"]
    pending = _ask_address(berit, dwelling)
    later = timezone.now() + dt.timedelta(days=approvals.APPROVAL_DAYS, minutes=1)
    assert approvals.expire_due(now=later) == 1
    pending.refresh_from_db()
    assert pending.status == Status.EXPIRED
    # Closed requests leave the approver's view: the same answer as a missing one.
    with pytest.raises(Http404):
        approvals.decide(user=bob, approval_id=pending.pk, approve=True)

    approved = _ask_address(berit, dwelling)
    assert approved.pk != pending.pk
    approvals.decide(user=bob, approval_id=approved.pk, approve=True)
    ApprovalRequest.objects.filter(pk=approved.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(approvals.ApprovalRequired):
        approvals.address_gate(user=berit, dwelling=dwelling)
    assert approvals.expire_due() == 1
    approved.refresh_from_db()
    assert approved.status == Status.EXPIRED and approved.used_at is None
    assert "access.approval.expired" in _actions(approved)


def test_the_database_refuses_a_self_decided_request(cast, world):  # noqa: F811
    from django.db import IntegrityError, transaction

    berit = cast["followup_worker_a"]
    approval = _ask_address(berit, world["dwelling_a"])
    approval.status = Status.APPROVED
    approval.decided_by = berit
    approval.decided_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        approval.save()


# --- bulk export of the resident list -----------------------------------------------


def test_the_resident_list_export_needs_approval_and_downloads_once(
    cast,
    stay,  # noqa: F811
    client_for,
):
    bob, alice = cast["project_lead_a"], cast["coordinator"]
    offer = stay.offer
    client = client_for(bob, reauthenticated=True)
    page_url = reverse("access:resident_export", args=[offer.pk])
    download = reverse("access:resident_export_download", args=[offer.pk])

    # Not approved: no file.
    refused = client.post(download)
    assert refused.status_code == 302 and refused["Location"] == page_url
    assert client.post(page_url, {"reason": ""}).status_code == 400
    client.post(page_url, {"reason": "Tilsyn fra Statsforvalteren ber om listen."})
    approval = ApprovalRequest.objects.get(kind=Kind.BULK_EXPORT)
    assert approval.subject == f"housing.Offer:{offer.pk}"
    assert "venter på godkjenning" in client.get(page_url).content.decode()
    with pytest.raises(ValidationError):
        approvals.decide(user=bob, approval_id=approval.pk, approve=True)

    # The competence-team lead approves.
    approvals.decide(user=alice, approval_id=approval.pk, approve=True)
    assert "Last ned beboerlisten" in client.get(page_url).content.decode()
    csv = client.post(download)
    assert csv.status_code == 200 and csv["Content-Type"] == "text/csv"
    assert stay.person.name in csv.content.decode("utf-8-sig")
    assert AuditEntry.objects.filter(
        action="access.resident_list.exported", object_id=str(stay.pk)
    ).exists()
    # Used once: the second download is refused.
    again = client.post(download)
    assert again.status_code == 302 and again["Location"] == page_url
    assert _actions(approval) == [
        "access.approval.requested",
        "access.approval.approved",
        "access.approval.used",
    ]


def test_the_export_asks_for_the_password_again(cast, stay, client_for):  # noqa: F811
    bob = cast["project_lead_a"]
    approval = approvals.request_approval(
        user=bob, kind=Kind.BULK_EXPORT, subject_obj=stay.offer, reason=REASON
    )
    approvals.decide(user=cast["coordinator"], approval_id=approval.pk, approve=True)
    client = client_for(bob)  # signed in, but no fresh password
    response = client.post(reverse("access:resident_export_download", args=[stay.offer.pk]))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    approval.refresh_from_db()
    assert approval.used_at is None


@pytest.mark.parametrize(
    "name",
    ["coordinator", "followup_worker_a", "followup_worker_b", "local_police_a", "sysadmin"],
)
def test_only_the_offers_project_lead_reaches_the_export(name, cast, stay, client_for):  # noqa: F811
    client = client_for(cast[name], reauthenticated=True)
    page_url = reverse("access:resident_export", args=[stay.offer.pk])
    assert client.get(page_url).status_code == 404
    assert client.post(page_url, {"reason": REASON}).status_code == 404
    download = reverse("access:resident_export_download", args=[stay.offer.pk])
    assert client.post(download).status_code == 404
    assert ApprovalRequest.objects.count() == 0


# Grants from the admin site (role grants, organisation changes, reactivation):
# access/tests/test_staged_administration.py.


def test_the_list_shows_a_lapsed_request_as_expired_without_writing_on_get(
    cast,
    world,  # noqa: F811
    client_for,
):
    berit = cast["followup_worker_a"]
    approval = _ask_address(berit, world["dwelling_a"])
    ApprovalRequest.objects.filter(pk=approval.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client = client_for(berit)
    rows = AuditEntry.objects.count()
    page = client.get(reverse("access:approval_list"))
    assert "Utløpt" in page.content.decode()
    approval.refresh_from_db()
    assert approval.status == Status.PENDING  # GET changes nothing (SECURITY.md 15)
    assert AuditEntry.objects.count() == rows
    assert approvals.waiting_for(fetched_by=cast["project_lead_a"]) == []


def test_the_start_page_shows_the_approval_work_once_for_several_memberships(cast, orgs):
    from accounts.models import Membership, Role
    from oversight.start import start_page

    bob = cast["project_lead_a"]
    Membership.objects.create(user=bob, organisation=orgs["municipality_b"], role=Role.PROJECT_LEAD)
    policy.forget_cached_memberships(bob)
    sections = start_page(user=bob)
    assert len(sections) == 2
    urls = [link.url_name for section in sections for link in section.links]
    assert urls.count("access:approval_list") == 1
