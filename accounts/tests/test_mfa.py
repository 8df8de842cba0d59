"""Two-factor authentication is mandatory before any case page."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from django.test import Client

from accounts.demo import totp_code_for_secret
from conftest import enrol_totp, sign_in

PASSWORD = "korrekt-hest-batteri-stift"


def totp_secret(user):
    from allauth.mfa.utils import decrypt

    return decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])


def test_it_sends_a_user_without_a_second_factor_to_enrolment(cast):
    client = sign_in(Client(), cast["coordinator"], with_mfa=False)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/to-trinn/"


def test_it_lets_the_unenrolled_user_reach_enrolment_pages(cast):
    client = sign_in(Client(), cast["coordinator"], with_mfa=False, reauthenticated=True)
    assert client.get("/konto/to-trinn/").status_code == 200
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_it_logs_out_a_password_only_session_once_a_factor_exists(cast):
    user = cast["coordinator"]
    client = sign_in(Client(), user, with_mfa=False)
    enrol_totp(user)  # enrolled in another session
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_it_shows_the_start_page_after_both_factors(cast, client_for):
    response = client_for(cast["coordinator"]).get("/")
    assert response.status_code == 200
    assert "Henvendelser og tildeling" in response.content.decode()


def test_it_asks_for_the_code_after_a_correct_password(cast):
    user = cast["coordinator"]
    enrol_totp(user)
    client = Client()
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # Not signed in yet: the start page still needs login.
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_signs_in_with_password_and_totp_and_rejects_a_reused_code(cast):
    user = cast["coordinator"]
    enrol_totp(user)
    code = totp_code_for_secret(totp_secret(user))

    first = Client()
    first.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    response = first.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert first.get("/").status_code == 200

    second = Client()
    second.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    response = second.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200  # form shown again with an error
    assert second.get("/").status_code == 302


def test_it_counts_enrolment_with_a_valid_code_as_use(cast, django_capture_on_commit_callbacks):
    user = cast["coordinator"]
    client = sign_in(Client(), user, with_mfa=False, reauthenticated=True)
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    # allauth announces the new authenticator after commit, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/2fa/totp/activate/", {"code": totp_code_for_secret(secret)}
        )
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get("/").status_code == 200


def test_it_rejects_a_wrong_code_at_enrolment(cast):
    user = cast["coordinator"]
    client = sign_in(Client(), user, with_mfa=False, reauthenticated=True)
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    wrong = totp_code_for_secret(secret, at=time.time() - 3600)
    response = client.post("/accounts/2fa/totp/activate/", {"code": wrong})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get("/").status_code == 302


def test_it_offers_passkeys(cast):
    client = sign_in(Client(), cast["coordinator"], with_mfa=False, reauthenticated=True)
    response = client.get("/accounts/2fa/webauthn/add/")
    assert response.status_code == 200


def test_it_lets_a_new_user_enrol_right_after_login_without_retyping(cast):
    client = Client()
    response = client.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/")["Location"] == "/konto/to-trinn/"
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_it_still_asks_an_enrolled_user_to_reauthenticate_before_adding_a_factor(cast, client_for):
    response = client_for(cast["coordinator"]).get("/accounts/2fa/webauthn/add/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
