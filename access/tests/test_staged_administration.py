"""No single administrator can grant case access (SECURITY.md 31; the audit half of 32).

The finding: as ``sam`` (system administrator) one could add a user with a
coordinator membership and the lead flag in the admin site; it was saved at
once, and that puppet lead then approved further puppet grants. Now every
grant that gives case content, the lead flag, an administrator membership, a
changed kind or police district of an organisation, and a reactivation wait
for a second, eligible, independent person; removals apply at once.

Expected answers are written out here by hand (which roles give case
content, who approves what), never read from the code under test.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from access import approvals, grants
from access.models import ApprovalRequest, PendingGrant
from access.tests.staging import (
    add_user_in_admin,
    approvers,
    change_organisation,
    change_user,
    grant_for,
    second_admin,
)
from accounts.models import Membership, Organisation, Role, User
from accounts.tests.admin_forms import AdminForm
from audit.models import AuditEntry

Kind = ApprovalRequest.Kind
Status = ApprovalRequest.Status


# --- what is staged -------------------------------------------------------------------

# Hand-written: a role gives case content unless it sees only the start page,
# the own access log and statistics. The administrator hands out access, so
# that counts too.
GIVES_CASE_CONTENT = {
    Role.COORDINATOR: True,
    Role.POLICE_REPRESENTATIVE: True,
    Role.DIRECTORATE_REPRESENTATIVE: True,
    Role.PROJECT_LEAD: True,
    Role.FOLLOWUP_WORKER: True,
    Role.LOCAL_POLICE: True,
    Role.ANALYST: False,
    Role.SYSADMIN: True,
}


def test_it_stages_every_role_except_the_analyst():
    assert {role: grants.gives_case_content(role) for role in Role} == GIVES_CASE_CONTENT
    assert grants.gives_case_content("a_role_nobody_knows")


def test_it_stages_setting_the_lead_flag_but_not_clearing_it(cast):
    lead = Membership.objects.get(user=cast["coordinator"])
    analyst = Membership.objects.get(user=cast["analyst"])
    needs = grants.membership_needs_approval
    assert needs(
        role=Role.ANALYST, organisation_id=analyst.organisation_id, is_lead=True, before=analyst
    )
    assert not needs(
        role=Role.COORDINATOR, organisation_id=lead.organisation_id, is_lead=False, before=lead
    )
    assert not needs(
        role=Role.COORDINATOR, organisation_id=lead.organisation_id, is_lead=True, before=lead
    )


# --- the finding, over HTTP --------------------------------------------------------------


def test_the_admin_alone_cannot_make_a_puppet_team_lead(settled, orgs, client_for):
    sam = settled["sysadmin"]
    admin = client_for(sam)
    puppet = add_user_in_admin(admin, "marionett", (orgs["team"], Role.COORDINATOR, True))

    # Nothing is written: the grant waits for a second person.
    assert not Membership.objects.filter(user=puppet).exists()
    grant = grant_for(puppet)
    approval = grant.approval
    assert (grant.role, grant.is_lead, approval.status) == (Role.COORDINATOR, True, Status.PENDING)
    assert approval.kind == Kind.ROLE_GRANT and approval.requested_by == sam

    # The admin cannot approve it: not offered, and refused when posted.
    assert approval.pk not in [a.pk for a in approvals.waiting_for(fetched_by=sam)]
    own = admin.get(reverse("access:approval_detail", args=[approval.pk])).content.decode()
    assert reverse("access:approval_approve", args=[approval.pk]) not in own
    refused = admin.post(reverse("access:approval_approve", args=[approval.pk]), {"note": ""})
    assert refused.status_code == 400
    # ... nor can a second administrator: administrators no longer approve grants.
    sigrid = second_admin(orgs)
    other_admin = client_for(sigrid)
    assert (
        other_admin.post(reverse("access:approval_approve", args=[approval.pk])).status_code == 404
    )
    approval.refresh_from_db()
    assert approval.status == Status.PENDING
    assert not Membership.objects.filter(user=puppet).exists()

    # Only the competence-team lead may decide it (and here she rejects it).
    assert approvers(settled, approval) == {"coordinator"}
    alice = client_for(settled["coordinator"])
    assert alice.post(reverse("access:approval_reject", args=[approval.pk])).status_code == 302
    assert not Membership.objects.filter(user=puppet).exists()


def test_a_puppet_the_admin_created_cannot_approve_what_the_admin_stages(settled, orgs, client_for):
    sam, alice = settled["sysadmin"], settled["coordinator"]
    admin = client_for(sam)
    puppet = add_user_in_admin(
        admin, "marionett", (orgs["municipality_a"], Role.PROJECT_LEAD, False)
    )
    # Suppose the team lead is talked into approving the puppet's role.
    approvals.decide(user=alice, approval_id=grant_for(puppet).approval_id, approve=True)
    assert Membership.objects.filter(user=puppet, role=Role.PROJECT_LEAD).exists()

    add_user_in_admin(admin, "marionett2", (orgs["municipality_a"], Role.FOLLOWUP_WORKER, False))
    second = grant_for(User.objects.get(username="marionett2")).approval
    # The puppet holds the role that fits, but the admin made it: refused,
    # and still refused after 30 days, because the admin staged its grant.
    puppet_client = client_for(puppet)
    answer = puppet_client.post(reverse("access:approval_approve", args=[second.pk]))
    assert answer.status_code == 404
    assert not approvals.can_decide(puppet, second)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert not approvals.can_decide(puppet, second)
    # Bob, the municipality's own project lead, may.
    assert approvers(settled, second) == {"coordinator", "project_lead_a"}


def test_the_admin_saves_an_analyst_at_once_and_stages_a_project_lead(settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    newcomer = User.objects.create_user(username="nora")
    form = AdminForm.open(admin, change_user(newcomer))
    assert (
        form.add_membership(orgs["municipality_a"], Role.PROJECT_LEAD).post(admin).status_code
        == 302
    )
    assert not Membership.objects.filter(user=newcomer).exists()
    assert grant_for(newcomer).role == Role.PROJECT_LEAD

    form = AdminForm.open(admin, change_user(newcomer))
    assert form.add_membership(orgs["bufdir"], Role.ANALYST).post(admin).status_code == 302
    assert Membership.objects.get(user=newcomer).role == Role.ANALYST
    # Saving the page again does not stage the same grant twice.
    assert AdminForm.open(admin, change_user(newcomer)).post(admin).status_code == 302
    assert PendingGrant.objects.filter(user=newcomer).count() == 1


def test_a_staged_change_keeps_the_old_membership_until_approved(settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    berit = settled["followup_worker_a"]
    membership = Membership.objects.get(user=berit)
    form = AdminForm.open(admin, change_user(berit))
    index = form.membership_index(membership)
    form.change_membership(index, organisation=orgs["municipality_b"]).post(admin)
    membership.refresh_from_db()
    assert membership.organisation == orgs["municipality_a"]
    grant = grant_for(berit)
    assert (grant.membership, grant.organisation) == (membership, orgs["municipality_b"])
    # Municipality B has no project lead in the cast: the team lead approves.
    approvals.decide(user=settled["coordinator"], approval_id=grant.approval_id, approve=True)
    membership.refresh_from_db()
    assert membership.organisation == orgs["municipality_b"]
    assert Membership.objects.filter(user=berit).count() == 1
    assert AuditEntry.objects.filter(
        action="accounts.membership.granted",
        object_type="accounts.User",
        object_id=str(berit.pk),
        actor_id=settled["coordinator"].pk,
    ).exists()


# --- removal at once; reactivation and organisation changes staged ------------------------


def test_removing_a_membership_applies_at_once(settled, client_for):
    admin = client_for(settled["sysadmin"])
    bob = settled["project_lead_a"]
    bob_client = client_for(bob)
    assert bob_client.get(reverse("home")).status_code == 200
    membership = Membership.objects.get(user=bob)
    form = AdminForm.open(admin, change_user(bob))
    assert form.delete_membership(form.membership_index(membership)).post(admin).status_code == 302
    assert not Membership.objects.filter(user=bob).exists()
    assert bob_client.get(reverse("home")).status_code == 404
    assert ApprovalRequest.objects.count() == 0
    row = AuditEntry.objects.get(action="accounts.membership.removed")
    assert (row.actor_id, row.object_type, row.object_id) == (
        settled["sysadmin"].pk,
        "accounts.User",
        str(bob.pk),
    )


def test_deactivation_applies_at_once_and_reactivation_waits(settled, client_for):
    sam, alice, bob = settled["sysadmin"], settled["coordinator"], settled["project_lead_a"]
    admin = client_for(sam)
    bob_client = client_for(bob)
    AdminForm.open(admin, change_user(bob)).set(is_active=False).post(admin)
    bob.refresh_from_db()
    assert not bob.is_active
    assert bob_client.get(reverse("home")).status_code != 200

    response = AdminForm.open(admin, change_user(bob)).set(is_active=True).post(admin)
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active
    approval = ApprovalRequest.objects.get(kind=Kind.REACTIVATION)
    assert approval.subject == f"accounts.User:{bob.pk}"
    assert approvers(settled, approval) == {"coordinator"}
    assert admin.post(reverse("access:approval_approve", args=[approval.pk])).status_code == 400

    approvals.decide(user=alice, approval_id=approval.pk, approve=True)
    bob.refresh_from_db()
    assert bob.is_active
    assert AuditEntry.objects.filter(
        action="accounts.user.activated", object_id=str(bob.pk), actor_id=alice.pk
    ).exists()


def test_moving_a_municipality_to_another_police_district_waits(settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    municipality = orgs["municipality_b"]
    form = AdminForm.open(admin, change_organisation(municipality))
    response = form.set(police_district=orgs["police_a"], name="Kommune B2").post(admin)
    assert response.status_code == 302
    municipality.refresh_from_db()
    # The name applies at once; the district waits.
    assert (municipality.name, municipality.police_district) == ("Kommune B2", orgs["police_b"])
    approval = ApprovalRequest.objects.get(kind=Kind.ORGANISATION_CHANGE)
    assert approvers(settled, approval) == {"coordinator", "police_representative"}

    approvals.decide(user=settled["police_representative"], approval_id=approval.pk, approve=True)
    municipality.refresh_from_db()
    assert municipality.police_district == orgs["police_a"]
    assert AuditEntry.objects.filter(
        action="accounts.organisation.changed",
        object_id=str(municipality.pk),
        actor_id=settled["police_representative"].pk,
        fields=["police_district"],
    ).exists()


def test_changing_an_organisations_kind_waits_for_the_team_lead(settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    bufdir = orgs["bufdir"]
    form = AdminForm.open(admin, change_organisation(bufdir))
    form.set(kind=Organisation.Kind.MUNICIPALITY).post(admin)
    bufdir.refresh_from_db()
    assert bufdir.kind == Organisation.Kind.DIRECTORATE
    approval = ApprovalRequest.objects.get(kind=Kind.ORGANISATION_CHANGE)
    assert approvers(settled, approval) == {"coordinator"}
    approvals.decide(user=settled["coordinator"], approval_id=approval.pk, approve=True)
    bufdir.refresh_from_db()
    assert bufdir.kind == Organisation.Kind.MUNICIPALITY


def test_a_new_organisation_is_created_at_once(settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    form = AdminForm.open(admin, reverse("admin:accounts_organisation_add"))
    form.set(
        name="Kommune C", kind=Organisation.Kind.MUNICIPALITY, police_district=orgs["police_a"]
    )
    assert form.post(admin).status_code == 302
    created = Organisation.objects.get(name="Kommune C")
    assert created.police_district == orgs["police_a"]
    assert ApprovalRequest.objects.count() == 0


def test_the_administrator_sees_only_its_own_requests_on_the_approval_pages(
    settled, orgs, client_for
):
    sam = settled["sysadmin"]
    sigrid = second_admin(orgs)
    newcomer = User.objects.create_user(username="nora")
    theirs = grants.stage_membership(
        by=sigrid, user=newcomer, organisation=orgs["municipality_a"], role=Role.FOLLOWUP_WORKER
    )
    anna = settled["analyst"]
    User.objects.filter(pk=anna.pk).update(is_active=False)
    anna.refresh_from_db()
    mine = grants.stage_reactivation(by=sam, user=anna)
    client = client_for(sam)
    page = client.get(reverse("access:approval_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ingen forespørsler venter på deg." in html
    assert "nora" not in html and "anna" in html
    assert client.get(reverse("access:approval_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("access:approval_detail", args=[theirs.pk])).status_code == 404
