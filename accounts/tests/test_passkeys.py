"""The passkey rule for addresses (SECURITY.md 10 and 13): access/signin/passkeys.py.

Unit tests of ``address_step`` on requests whose session holds allauth's
authentication records; the view tests are in housing/tests/test_access.py.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from access.signin.passkeys import AddressStep, address_step, passkey_notice
from conftest import enrol_totp, enrol_webauthn
from core.tests.test_production_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db

TIMEOUT = account_settings.REAUTHENTICATION_TIMEOUT


def request_with(user: Any, *records: dict[str, Any]) -> Any:
    request = RequestFactory().post("/bolig/1/adresse/")
    request.user = user
    request.session = SessionStore()
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = list(records)
    request.session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    return request


def password(ago: float = 0, **extra: Any) -> dict[str, Any]:
    return {"method": "password", "at": time.time() - ago, **extra}


def totp(ago: float = 0, **extra: Any) -> dict[str, Any]:
    return {"method": "mfa", "type": "totp", "at": time.time() - ago, **extra}


def webauthn(key: Any, ago: float = 0, **extra: Any) -> dict[str, Any]:
    return {"method": "mfa", "type": "webauthn", "id": key.pk, "at": time.time() - ago, **extra}


@pytest.fixture
def lead(cast: dict[str, Any]) -> Any:
    user = cast["project_lead_a"]
    enrol_totp(user)
    return user


def test_it_asks_a_user_without_a_passkey_to_register_one(lead):
    # Even a fresh password and TOTP re-authentication is not enough.
    request = request_with(lead, password(reauthenticated=True), totp(reauthenticated=True))
    assert address_step(request) is AddressStep.REGISTER_PASSKEY


@pytest.mark.parametrize(
    "records",
    [
        [password(), totp()],
        [password(), totp(), password(reauthenticated=True)],
        [password(), totp(), totp(reauthenticated=True)],
        [],
    ],
    ids=["login-with-totp", "password-reauth", "totp-reauth", "no-records"],
)
def test_it_asks_for_the_passkey_when_the_last_proof_was_not_webauthn(lead, records):
    enrol_webauthn(lead)
    assert address_step(request_with(lead, *records)) is AddressStep.USE_PASSKEY


@pytest.mark.parametrize(
    "extra",
    [{"reauthenticated": True}, {}, {"passwordless": True}],
    ids=["reauthenticated", "second-factor-at-login", "passkey-login"],
)
def test_it_shows_the_address_after_a_recent_webauthn_assertion(lead, extra):
    key = enrol_webauthn(lead)
    request = request_with(lead, password(), totp(ago=60), webauthn(key, ago=10, **extra))
    assert address_step(request) is AddressStep.SHOW


def test_it_asks_again_when_the_webauthn_assertion_is_stale(lead):
    key = enrol_webauthn(lead)
    fresh = request_with(lead, password(), webauthn(key, ago=TIMEOUT - 5, reauthenticated=True))
    stale = request_with(lead, password(), webauthn(key, ago=TIMEOUT + 1, reauthenticated=True))
    assert address_step(fresh) is AddressStep.SHOW
    assert address_step(stale) is AddressStep.USE_PASSKEY


def test_it_does_not_count_registering_a_key_as_using_it(lead):
    key = enrol_webauthn(lead)
    request = request_with(lead, password(), totp(), webauthn(key, enrolment=True))
    assert address_step(request) is AddressStep.USE_PASSKEY


def test_it_does_not_count_a_key_that_was_removed_or_belongs_to_someone_else(lead, cast):
    other = enrol_webauthn(cast["followup_worker_a"])
    removed = enrol_webauthn(lead)
    removed.delete()
    enrol_webauthn(lead, name="Ny nøkkel")
    assert address_step(request_with(lead, webauthn(other))) is AddressStep.USE_PASSKEY
    assert address_step(request_with(lead, webauthn(removed))) is AddressStep.USE_PASSKEY


def test_it_ignores_records_made_for_another_user_in_the_same_session(lead, cast):
    key = enrol_webauthn(lead)
    request = request_with(lead, webauthn(key))
    request.session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(
        cast["followup_worker_a"]
    )
    assert address_step(request) is AddressStep.USE_PASSKEY


@override_settings(ADDRESS_REQUIRES_PASSKEY=False)
def test_it_falls_back_to_ordinary_reauthentication_when_switched_off(lead):
    # The old behaviour: any recent re-authentication, no passkey needed.
    assert address_step(request_with(lead, password(), totp())) is AddressStep.REAUTHENTICATE
    recent = request_with(lead, password(), totp(), password(reauthenticated=True))
    assert address_step(recent) is AddressStep.SHOW
    stale = request_with(lead, password(ago=TIMEOUT + 1, reauthenticated=True))
    assert address_step(stale) is AddressStep.REAUTHENTICATE


def test_it_reminds_only_address_readers_without_a_passkey(cast):
    lead = cast["project_lead_a"]
    assert passkey_notice(lead) == "Registrer en passnøkkel for å kunne se adresser."
    assert passkey_notice(cast["local_police_a"])
    for name in ("coordinator", "analyst", "sysadmin"):
        assert passkey_notice(cast[name]) == ""
    enrol_webauthn(lead)
    assert passkey_notice(lead) == ""
    with override_settings(ADDRESS_REQUIRES_PASSKEY=False):
        assert "I produksjon" in passkey_notice(cast["local_police_a"])


def test_it_is_required_in_test_and_production_and_off_only_in_development(tmp_path):
    from django.conf import settings

    assert settings.ADDRESS_REQUIRES_PASSKEY is True  # this run is BOTILBUD_ENV=test
    show = "from django.conf import settings; print(settings.ADDRESS_REQUIRES_PASSKEY)"
    development = manage(
        "shell", "-c", show, BOTILBUD_ENV="development", BOTILBUD_VAR_DIR=str(tmp_path)
    )
    assert development.stdout.strip().splitlines()[-1] == "False", development.stderr
    production = manage("shell", "-c", show, **PRODUCTION_ENV)
    assert production.stdout.strip().splitlines()[-1] == "True", production.stderr
    refused = manage("check", **PRODUCTION_ENV, BOTILBUD_ADDRESS_REQUIRES_PASSKEY="0")
    assert refused.returncode != 0
    assert "cannot be switched off in production" in refused.stderr


@pytest.mark.parametrize("page", ["home", "mfa_index"])
def test_it_shows_the_reminder_on_the_start_and_account_pages(page, cast, client_for):
    from django.urls import reverse

    notice = "Registrer en passnøkkel for å kunne se adresser"
    without = client_for(cast["local_police_a"]).get(reverse(page))
    assert notice in without.text
    assert reverse("mfa_add_webauthn") in without.text
    assert notice not in client_for(cast["coordinator"]).get(reverse(page)).text
    assert notice not in client_for(cast["local_police_a"], webauthn=True).get(reverse(page)).text
