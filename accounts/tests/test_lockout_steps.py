"""Every sign-in step counts and refuses: asking again, security keys, the last guard.

The lock (access/signin/lockout.py) is checked by each step allauth offers: the
password and the code when a signed-in user is asked again before a
sensitive act, a security key at login or when asked again, a passkey login
without a username, and finally allauth's own login call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.webauthn.internal import auth as webauthn_auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from access.signin import lockout
from access.signin.mfa_forms import AuthenticateWebAuthnForm, LoginWebAuthnForm
from accounts.models import LoginLockout
from accounts.tests.lockout_helpers import (
    WRONG,
    code_step,
    fail_passwords,
    password_step,
    signed_in,
    wrong_code,
)
from conftest import enrol_totp, enrol_webauthn

AFTER_THROTTLE = dt.timedelta(minutes=6)
CREDENTIAL = {"credential": '{"id": "stand-in"}'}


def _failures(user: Any) -> int:
    row = LoginLockout.objects.filter(user=user).first()
    return row.failures if row else 0


def test_wrong_passwords_when_asked_again_count_and_lock(cast, clock, client_for):
    bob = cast["project_lead_a"]
    client = client_for(bob)
    for _ in range(10):
        assert client.post("/accounts/reauthenticate/", {"password": WRONG}).status_code == 200
    assert lockout.is_locked(bob)
    clock.shift(AFTER_THROTTLE)
    assert password_step(Client(), "bob").status_code == 200  # no new sign-in


def test_wrong_codes_when_asked_again_count_too(cast, clock, client_for):
    bob = cast["project_lead_a"]
    client = client_for(bob)
    for _ in range(3):
        client.post("/accounts/2fa/reauthenticate/", {"code": wrong_code(bob)})
    assert _failures(bob) == 3


def test_a_right_recovery_code_is_refused_when_locked_and_not_used_up(cast, clock):
    bob = cast["project_lead_a"]
    enrol_totp(bob)
    codes = RecoveryCodes.activate(bob)
    spare = codes.generate_codes()[0]
    client = Client()
    password_step(client, "bob")
    for _ in range(10):
        code_step(client, wrong_code(bob))
    assert code_step(client, spare).status_code == 200
    assert not signed_in(client)
    assert spare in RecoveryCodes(codes.instance).get_unused_codes()

    clock.shift(dt.timedelta(minutes=16))  # the time lock is over
    later = Client()
    password_step(later, "bob")
    assert code_step(later, spare).status_code == 302
    assert signed_in(later)


@pytest.mark.parametrize(
    "code",
    ["x" * 5000, "<script>alert(1)</script>", "' OR '1'='1", "١٢٣٤٥٦", "\u202e123456", "-1"],
)
def test_odd_codes_never_err_and_never_sign_in(cast, clock, code):
    bob = cast["project_lead_a"]
    enrol_totp(bob)
    client = Client()
    password_step(client, "bob")
    response = code_step(client, code)
    assert response.status_code == 200
    assert not signed_in(client)
    assert _failures(bob) == 1


# --- security keys: allauth's WebAuthn check is replaced by a stand-in here ----------------


@pytest.fixture
def key_request(db: Any) -> Any:
    request = RequestFactory().post("/accounts/2fa/authenticate/", REMOTE_ADDR="127.0.0.1")
    request.user = AnonymousUser()
    request.session = SessionStore()
    with context.request_context(request):
        yield request


@pytest.fixture
def assertion(monkeypatch: Any) -> dict[str, Any]:
    """What the stand-in WebAuthn check answers: a key, or a failure; and whom the data names."""
    answer: dict[str, Any] = {"key": None, "names": None}

    def complete(user: Any, credential: Any) -> Any:
        if answer["key"] is None:
            raise ValidationError("Incorrect code.", code="incorrect_code")
        return answer["key"]

    monkeypatch.setattr(webauthn_auth, "parse_authentication_response", lambda c: None)
    monkeypatch.setattr(webauthn_auth, "complete_authentication", complete)
    monkeypatch.setattr(webauthn_auth, "extract_user_from_response", lambda c: answer["names"])
    return answer


def test_failed_security_keys_count_and_a_good_one_is_refused_when_locked(
    cast, key_request, assertion
):
    bob = cast["project_lead_a"]
    for _ in range(10):
        form = AuthenticateWebAuthnForm(user=bob, data=CREDENTIAL)
        assert not form.is_valid()
    assert lockout.is_locked(bob)
    assertion["key"] = enrol_webauthn(bob)
    form = AuthenticateWebAuthnForm(user=bob, data=CREDENTIAL)
    assert not form.is_valid()
    assert form.errors["credential"] == ["Feil kode."]


def test_a_passkey_login_is_refused_when_locked_but_its_failures_do_not_count(
    cast, clock, key_request, assertion
):
    bob = cast["project_lead_a"]
    assertion["key"], assertion["names"] = enrol_webauthn(bob), bob
    assert LoginWebAuthnForm(data=CREDENTIAL).is_valid()
    fail_passwords("bob")
    form = LoginWebAuthnForm(data=CREDENTIAL)
    assert not form.is_valid()
    assert form.errors["credential"] == ["Feil kode."]
    clock.shift(dt.timedelta(minutes=16))
    assert LoginWebAuthnForm(data=CREDENTIAL).is_valid()
    # A failed passkey login names its account from the attacker's own data: not counted.
    assertion["key"] = None
    for _ in range(12):
        assert not LoginWebAuthnForm(data=CREDENTIAL).is_valid()
    assert not lockout.is_locked(bob)


def test_the_last_login_step_refuses_a_locked_account(cast, clock, key_request):
    bob = cast["project_lead_a"]
    fail_passwords("bob")
    with pytest.raises(ImmediateHttpResponse) as refused:
        get_adapter(key_request).login(key_request, bob)
    assert refused.value.response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in key_request.session
