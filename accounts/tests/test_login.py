"""Login throttling, no user enumeration, password rules."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client


def login(client, username, password="feil-passord-helt-sikkert"):
    return client.post("/accounts/login/", {"login": username, "password": password})


def test_it_answers_the_same_for_unknown_users_and_wrong_passwords(cast):
    known = login(Client(), "alice")
    unknown = login(Client(), "finnes-ikke")
    assert known.status_code == unknown.status_code == 200
    known_errors = known.context["form"].errors.as_data()
    unknown_errors = unknown.context["form"].errors.as_data()
    assert [e.messages for e in known_errors["__all__"]] == [
        e.messages for e in unknown_errors["__all__"]
    ]


def test_it_throttles_a_flood_of_failures_from_one_address(db):
    # 30 failed steps a minute per client address (settings.ACCOUNT_RATE_LIMITS);
    # per account, the lock takes over (accounts/tests/test_lockout.py).
    client = Client()
    answers = [login(client, f"ukjent-{i}") for i in range(31)]
    assert [a.status_code for a in answers[:30]] == [200] * 30
    assert "For mange" not in answers[29].content.decode()
    assert answers[30].status_code == 429 or "For mange" in answers[30].content.decode()


def test_it_does_not_offer_self_signup(db):
    response = Client().get("/accounts/signup/")
    assert response.status_code in (200, 403, 404)
    assert b'name="password1"' not in response.content


@pytest.mark.parametrize(
    "password",
    ["kort-pass1", "password1234", "passord12345", "botilbud2026", "123456789012"],
)
def test_it_refuses_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_it_accepts_a_long_passphrase():
    validate_password("blå-hest-spiser-gule-epler")


def test_it_audits_logins_and_failures_without_the_typed_name(cast, client_for):
    from audit.models import AuditEntry

    login(Client(), "alice")
    failed = AuditEntry.objects.get(action="accounts.user.login_failed")
    assert failed.actor_id is None
    assert "alice" not in str(failed.__dict__)
    client_for(cast["coordinator"])
    assert AuditEntry.objects.filter(
        action="accounts.user.logged_in", actor_username="alice"
    ).exists()
