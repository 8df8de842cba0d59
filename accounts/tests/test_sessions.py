"""Session limits, logout and immediate revocation."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.models import Session

from access.signin.middleware import SESSION_STARTED_KEY
from accounts.models import Membership


def test_it_expires_idle_sessions_after_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_it_ends_a_session_after_10_hours_however_active(cast, client_for):
    client = client_for(cast["coordinator"])
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 10 * 60 * 60 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_URL
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_logs_out_on_the_server(cast, client_for):
    client = client_for(cast["coordinator"])
    key = client.session.session_key
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_it_does_not_log_out_on_get(cast, client_for):
    client = client_for(cast["coordinator"])
    client.get("/accounts/logout/")
    assert client.get("/").status_code == 200


def test_it_gives_a_new_session_id_at_login(cast):
    from django.test import Client

    from accounts.demo import totp_code_for_secret
    from accounts.tests.test_mfa import totp_secret
    from conftest import enrol_totp

    user = cast["coordinator"]
    enrol_totp(user)
    client = Client()
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post(
        "/accounts/login/", {"login": user.username, "password": "korrekt-hest-batteri-stift"}
    )
    client.post("/accounts/2fa/authenticate/", {"code": totp_code_for_secret(totp_secret(user))})
    assert client.get("/").status_code == 200
    assert client.session.session_key != before


def test_it_denies_the_next_request_after_revocation(cast, client_for):
    client = client_for(cast["sysadmin"])
    assert client.get("/admin/").status_code == 200
    Membership.objects.filter(user=cast["sysadmin"]).delete()
    assert client.get("/admin/").status_code == 404


def test_it_denies_the_next_request_after_deactivation(cast, client_for):
    user = cast["coordinator"]
    client = client_for(user)
    assert client.get("/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/").status_code == 302
