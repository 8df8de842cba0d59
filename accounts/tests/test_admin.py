"""The administrator manages users and organisations; nobody else gets in."""

from __future__ import annotations

import pytest

from access.admin import site


def test_it_lets_the_sysadmin_manage_users(cast, client_for):
    client = client_for(cast["sysadmin"])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get(f"/admin/accounts/user/{cast['coordinator'].pk}/change/").status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "coordinator",
        "police_representative",
        "directorate_representative",
        "project_lead_a",
        "followup_worker_a",
        "local_police_a",
        "analyst",
    ],
)
def test_it_hides_the_admin_from_case_roles(cast, client_for, name):
    client = client_for(cast[name])
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/accounts/user/").status_code == 404


def test_it_hides_the_admin_even_from_a_django_superuser_without_the_role(orgs, member, client_for):
    from accounts.models import Role

    user = member(Role.COORDINATOR, orgs["team"])
    user.is_superuser = user.is_staff = True
    user.save()
    assert client_for(user).get("/admin/").status_code == 404


def test_it_registers_no_case_content_in_the_admin():
    labels = {model._meta.label for model in site._registry}
    assert labels == {"accounts.User", "accounts.Organisation"}


def test_it_sends_anonymous_admin_visitors_to_the_one_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]
