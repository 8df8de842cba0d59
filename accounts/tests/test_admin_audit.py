"""Every act in the admin site leaves its audit row (SECURITY.md 32, the audit half).

The test performs each thing an administrator can do in the admin site over
HTTP (add, change and delete a user, add, change and remove a membership in
the inline, deactivate and reactivate, add, change and delete an
organisation, both bulk deletions, new enrolment links) and the approvals and
rejections that follow, and looks for the audit row each must leave: the
action code, actor and object are written out here by hand. It reports
"admin actions without an audit row: 0 of N" through tests.security_figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from access.models import ApprovalRequest
from accounts.models import Membership, Organisation, Role, User
from accounts.tests.admin_forms import AdminForm
from audit.models import AuditEntry
from tests.security_figures import record as record_figure

# (action, object type, object id, actor id)
Row = tuple[str, str, str, int | None]


@dataclass
class Act:
    name: str
    perform: Callable[[], list[Row]]


def _user_url(user: Any, view: str = "change") -> str:
    return reverse(f"admin:accounts_user_{view}", args=[user.pk])


def _org_url(organisation: Any, view: str = "change") -> str:
    return reverse(f"admin:accounts_organisation_{view}", args=[organisation.pk])


def _newest_approval() -> ApprovalRequest:
    return ApprovalRequest.objects.order_by("-pk").first()  # type: ignore[return-value]


@pytest.fixture
def acts(cast: dict[str, Any], orgs: dict[str, Any], client_for: Any) -> list[Act]:
    """Each admin act, performed in order, with the audit rows it must leave."""
    User.objects.filter(pk__in=[u.pk for u in cast.values()]).update(
        date_joined=timezone.now() - dt.timedelta(days=365)
    )
    sam, alice = cast["sysadmin"], cast["coordinator"]
    admin, lead = client_for(sam), client_for(alice)
    s, a = sam.pk, alice.pk
    made: dict[str, Any] = {}

    def ok(response: Any) -> None:
        assert response.status_code == 302, response.content.decode()[:3000]

    def user(name: str) -> User:
        return User.objects.get(username=name)

    def ref(obj: Any) -> tuple[str, str]:
        return obj._meta.label, str(obj.pk)

    def add_user() -> list[Row]:
        # The add page answers with the enrolment link, shown once (no redirect).
        page = AdminForm.open(admin, reverse("admin:accounts_user_add")).set(username="nora")
        assert page.post(admin).status_code == 200
        return [
            ("accounts.user.created", *ref(user("nora")), s),
            ("accounts.enrolment.issued", *ref(user("nora")), s),
        ]

    def change_user() -> list[Row]:
        ok(AdminForm.open(admin, _user_url(user("nora"))).set(first_name="Nora").post(admin))
        return [("accounts.user.changed", *ref(user("nora")), s)]

    def add_analyst() -> list[Row]:
        form = AdminForm.open(admin, _user_url(user("nora")))
        ok(form.add_membership(orgs["bufdir"], Role.ANALYST).post(admin))
        return [("accounts.membership.added", *ref(user("nora")), s)]

    def stage_project_lead() -> list[Row]:
        form = AdminForm.open(admin, _user_url(user("nora")))
        ok(form.add_membership(orgs["municipality_a"], Role.PROJECT_LEAD).post(admin))
        made["grant"] = _newest_approval()
        return [("access.approval.requested", *ref(made["grant"]), s)]

    def approve_grant() -> list[Row]:
        ok(lead.post(reverse("access:approval_approve", args=[made["grant"].pk])))
        return [
            ("access.approval.approved", *ref(made["grant"]), a),
            ("accounts.membership.granted", *ref(user("nora")), a),
        ]

    def stage_and_reject() -> list[Row]:
        form = AdminForm.open(admin, _user_url(user("nora")))
        ok(form.add_membership(orgs["team"], Role.COORDINATOR, is_lead=True).post(admin))
        staged = _newest_approval()
        ok(lead.post(reverse("access:approval_reject", args=[staged.pk])))
        return [
            ("access.approval.requested", *ref(staged), s),
            ("access.approval.rejected", *ref(staged), a),
        ]

    def add_organisation() -> list[Row]:
        form = AdminForm.open(admin, reverse("admin:accounts_organisation_add"))
        ok(form.set(name="Bufdir region", kind=Organisation.Kind.DIRECTORATE).post(admin))
        made["region"] = Organisation.objects.get(name="Bufdir region")
        return [("accounts.organisation.created", *ref(made["region"]), s)]

    def change_membership() -> list[Row]:
        nora = user("nora")
        form = AdminForm.open(admin, _user_url(nora))
        index = form.membership_index(Membership.objects.get(user=nora, role=Role.ANALYST))
        ok(form.change_membership(index, organisation=made["region"]).post(admin))
        return [("accounts.membership.changed", *ref(nora), s)]

    def remove_membership() -> list[Row]:
        nora = user("nora")
        form = AdminForm.open(admin, _user_url(nora))
        index = form.membership_index(Membership.objects.get(user=nora, role=Role.ANALYST))
        ok(form.delete_membership(index).post(admin))
        return [("accounts.membership.removed", *ref(nora), s)]

    def deactivate() -> list[Row]:
        ok(AdminForm.open(admin, _user_url(user("nora"))).set(is_active=False).post(admin))
        return [("accounts.user.deactivated", *ref(user("nora")), s)]

    def reactivate_and_approve() -> list[Row]:
        ok(AdminForm.open(admin, _user_url(user("nora"))).set(is_active=True).post(admin))
        staged = _newest_approval()
        ok(lead.post(reverse("access:approval_approve", args=[staged.pk])))
        return [
            ("access.approval.requested", *ref(staged), s),
            ("access.approval.approved", *ref(staged), a),
            ("accounts.user.activated", *ref(user("nora")), a),
        ]

    def change_organisation() -> list[Row]:
        region = made["region"]
        ok(AdminForm.open(admin, _org_url(region)).set(name="Bufdir region øst").post(admin))
        return [("accounts.organisation.changed", *ref(region), s)]

    def move_municipality_and_approve() -> list[Row]:
        municipality = orgs["municipality_b"]
        form = AdminForm.open(admin, _org_url(municipality))
        ok(form.set(police_district=orgs["police_a"]).post(admin))
        staged = _newest_approval()
        ok(lead.post(reverse("access:approval_approve", args=[staged.pk])))
        return [
            ("access.approval.requested", *ref(staged), s),
            ("access.approval.approved", *ref(staged), a),
            ("accounts.organisation.changed", *ref(municipality), a),
        ]

    def new_link_staged_and_approved() -> list[Row]:
        # Nora holds a project-lead role: her reset waits for a second person.
        nora = user("nora")
        reason = {"reason": "Mistet telefonen med kodeappen"}
        ok(admin.post(reverse("admin:accounts_user_new_link", args=[nora.pk]), reason))
        staged = _newest_approval()
        assert lead.post(reverse("access:approval_approve", args=[staged.pk])).status_code == 200
        return [
            ("accounts.user.reset_requested", *ref(nora), s),
            ("access.approval.requested", *ref(staged), s),
            ("access.approval.approved", *ref(staged), a),
            ("accounts.user.reset_approved", *ref(nora), a),
            ("accounts.user.reset_applied", *ref(nora), a),
            ("accounts.enrolment.issued", *ref(nora), a),
        ]

    def new_link_at_once() -> list[Row]:
        # Without a role that gives case content the link goes to the admin at once.
        vera = User.objects.create_user(username="vera")
        assert (
            admin.post(reverse("admin:accounts_user_new_link", args=[vera.pk])).status_code == 200
        )
        return [
            ("accounts.user.reset_requested", *ref(vera), s),
            ("accounts.user.reset_applied", *ref(vera), s),
            ("accounts.enrolment.issued", *ref(vera), s),
        ]

    def delete_organisation() -> list[Row]:
        region = made["region"]
        rows = [("accounts.organisation.deleted", *ref(region), s)]
        ok(admin.post(_org_url(region, "delete"), {"post": "yes"}))
        return rows

    def delete_user() -> list[Row]:
        nora = user("nora")
        rows = [
            ("accounts.membership.removed", *ref(nora), s),
            ("accounts.user.deleted", *ref(nora), s),
        ]
        ok(admin.post(_user_url(nora, "delete"), {"post": "yes"}))
        return rows

    def bulk_delete_users() -> list[Row]:
        doomed = [User.objects.create_user(username=f"vikar{i}") for i in range(2)]
        rows = [("accounts.user.deleted", *ref(u), s) for u in doomed]
        data = {
            "action": "delete_selected",
            "_selected_action": [str(u.pk) for u in doomed],
            "post": "yes",
        }
        ok(admin.post(reverse("admin:accounts_user_changelist"), data))
        return rows

    def bulk_delete_organisations() -> list[Row]:
        doomed = [
            Organisation.objects.create(name=f"Nedlagt {i}", kind=Organisation.Kind.DIRECTORATE)
            for i in range(2)
        ]
        rows = [("accounts.organisation.deleted", *ref(o), s) for o in doomed]
        data = {
            "action": "delete_selected",
            "_selected_action": [str(o.pk) for o in doomed],
            "post": "yes",
        }
        ok(admin.post(reverse("admin:accounts_organisation_changelist"), data))
        return rows

    return [
        Act("add a user", add_user),
        Act("change a user", change_user),
        Act("add an analyst membership (at once)", add_analyst),
        Act("add a project-lead membership (staged)", stage_project_lead),
        Act("approve the role grant", approve_grant),
        Act("stage a coordinator lead, rejected", stage_and_reject),
        Act("add an organisation", add_organisation),
        Act("change a membership in the inline", change_membership),
        Act("remove a membership in the inline", remove_membership),
        Act("deactivate a user", deactivate),
        Act("reactivate a user (staged), approved", reactivate_and_approve),
        Act("rename an organisation", change_organisation),
        Act(
            "move a municipality to another district (staged), approved",
            move_municipality_and_approve,
        ),
        Act(
            "new enrolment link for a role holder (staged), approved", new_link_staged_and_approved
        ),
        Act("new enrolment link for a user without case access", new_link_at_once),
        Act("delete an organisation", delete_organisation),
        Act("delete a user", delete_user),
        Act("bulk-delete users", bulk_delete_users),
        Act("bulk-delete organisations", bulk_delete_organisations),
    ]


def test_it_audits_every_admin_action(acts):
    missing: list[str] = []
    expected_rows = 0
    for act in acts:
        before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        expected = act.perform()
        expected_rows += len(expected)
        written = set(
            AuditEntry.objects.filter(seq__gt=before).values_list(
                "action", "object_type", "object_id", "actor_id"
            )
        )
        missing += [f"{act.name}: {row}" for row in expected if row not in written]
    record_figure(
        "insider",
        {
            "admin_actions": len(acts),
            "admin_audit_rows_expected": expected_rows,
            "admin_actions_unaudited": len({m.split(":")[0] for m in missing}),
        },
    )
    assert missing == []
    assert len(acts) >= 19


def test_an_audit_row_that_cannot_be_written_undoes_the_admin_act(cast, client_for, monkeypatch):
    from access import administration
    from access.signin import enrolment

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit log unavailable")

    admin = client_for(cast["sysadmin"])
    form = AdminForm.open(admin, reverse("admin:accounts_user_add")).set(username="nora")
    # A new user is written by access.signin.enrolment (no password, a link), the
    # rest of the admin's writes by access.administration.
    monkeypatch.setattr(enrolment, "record", broken)
    monkeypatch.setattr(administration, "record", broken)
    with pytest.raises(RuntimeError):
        form.post(admin)
    assert not User.objects.filter(username="nora").exists()

    doomed = User.objects.create_user(username="vikar")
    with pytest.raises(RuntimeError):
        admin.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "delete_selected", "_selected_action": [str(doomed.pk)], "post": "yes"},
        )
    assert User.objects.filter(pk=doomed.pk).exists()


def test_a_write_no_hook_audits_still_leaves_a_row(cast, rf):
    """The safety net: an admin change that reaches Django's log unaudited gets a generic row."""
    from access.admin import site

    request = rf.post("/admin/")
    request.user = cast["sysadmin"]
    user_admin = site._registry[User]
    user_admin.log_change(request, cast["analyst"], [])
    row = AuditEntry.objects.get(action="accounts.user.changed")
    assert (row.actor_id, row.object_id) == (cast["sysadmin"].pk, str(cast["analyst"].pk))
    # Once audited, the same request does not log the object twice.
    user_admin.log_change(request, cast["analyst"], [])
    assert AuditEntry.objects.filter(action="accounts.user.changed").count() == 1
