"""Enrolment links (SECURITY.md 32): the person sets password and second factor together, once.

The administrator never sets a password; a link made for a user works once,
for a limited time, until a newer one replaces it, and says nothing about why
it does not work. Both the password and the authenticator code must be valid
or nothing is saved; afterwards the person is signed in with both factors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from access.signin import enrolment
from access.tests.test_matrix import normalised
from accounts.demo import totp_code_for_secret
from accounts.models import EnrolmentLink, Role, User
from audit.models import AuditEntry

NEW_PASSWORD = "sykkel-fjord-lampe-ekorn"
SECRET_RE = re.compile(r'id="authenticator_secret">([A-Z2-7]+)<')
Purpose = EnrolmentLink.Purpose


@pytest.fixture
def nora(db: Any) -> User:
    """A user the administrator just made: no password, no factor."""
    user = User(username="nora", first_name="Nora", last_name="Nilsen", email="nora@example.no")
    user.set_unusable_password()
    user.save()
    return user


def issue(user: User, by: Any = None, *, mail_it: bool = False) -> str:
    """A new link's path (the part of the URL the browser requests)."""
    issued = enrolment.issue_link(user=user, by=by, purpose=Purpose.NEW_USER, mail=mail_it)
    return urlsplit(issued.url).path


def secret_on(html: str) -> str:
    """The TOTP secret the page shows under the QR code."""
    match = SECRET_RE.search(html)
    assert match is not None
    return match.group(1)


def open_form(client: Client, path: str) -> str:
    """Open the link as the person would; returns the TOTP secret shown on the page."""
    response = client.get(path)
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/konto/aktiver/"
    page = client.get("/konto/aktiver/")
    assert page.status_code == 200
    return secret_on(page.content.decode())


def submit(client: Client, secret: str, **overrides: str) -> Any:
    data = {
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "code": totp_code_for_secret(secret),
        **overrides,
    }
    return client.post("/konto/aktiver/", data)


def actions(user: User) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="accounts.User", object_id=str(user.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def assert_nothing_saved(user: User) -> None:
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not Authenticator.objects.filter(user=user).exists()
    assert EnrolmentLink.objects.get(user=user).used_at is None
    assert "accounts.user.password_set" not in actions(user)


# --- the happy path -------------------------------------------------------------


def test_it_sets_password_and_totp_in_one_step_and_signs_in_with_both(nora, cast):
    client = Client()
    secret = open_form(client, issue(nora, cast["sysadmin"]))

    response = submit(client, secret)

    assert response.status_code == 302
    assert response["Location"] == "/konto/aktiver/ferdig/"
    nora.refresh_from_db()
    assert nora.check_password(NEW_PASSWORD)
    totp = Authenticator.objects.get(user=nora, type=Authenticator.Type.TOTP)
    assert totp.last_used_at is not None
    assert EnrolmentLink.objects.get(user=nora).used_at is not None
    # Signed in with both factors, recorded as allauth records a login with MFA.
    methods = [r["method"] for r in client.session[AUTHENTICATION_METHODS_SESSION_KEY]]
    assert methods == ["password", "mfa"]
    assert client.session["_auth_user_id"] == str(nora.pk)
    # No role yet: a page that says so instead of the start page.
    assert client.get("/").status_code == 404
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "Kontoen din er klar" in done.content.decode()


def test_someone_with_a_role_lands_on_the_start_page(nora, orgs):
    from accounts.models import Membership

    Membership.objects.create(user=nora, organisation=orgs["team"], role=Role.COORDINATOR)
    client = Client()
    response = submit(client, open_form(client, issue(nora)))
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Henvendelser og tildeling" in home.content.decode()


def test_it_shows_the_username_and_when_the_link_stops_working(nora):
    client = Client()
    open_form(client, issue(nora))
    html = client.get("/konto/aktiver/").content.decode()
    assert "<strong>nora</strong>" in html
    assert html.count("<h1") == 1
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code


def test_the_new_password_and_factor_sign_in_later_but_the_enrolment_code_cannot_be_reused(nora):
    client = Client()
    secret = open_form(client, issue(nora))
    code = totp_code_for_secret(secret)
    assert submit(client, secret, code=code).status_code == 302

    later = Client()
    response = later.post("/accounts/login/", {"login": "nora", "password": NEW_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # The code typed at enrolment was used up there: a replay is refused.
    assert later.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert later.get("/").status_code == 302


# --- once, for a limited time, the newest only ----------------------------------


def test_it_works_only_once(nora):
    path = issue(nora)
    first = Client()
    assert submit(first, open_form(first, path)).status_code == 302

    second = Client()
    response = second.get(path)
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()
    assert "botilbud_enrolment" not in second.session


@override_settings(ENROLMENT_LINK_HOURS=1)
def test_it_expires_after_the_configured_hours(nora):
    path = issue(nora)
    link = EnrolmentLink.objects.get(user=nora)
    assert link.expires_at - link.created_at == pytest.approx(
        dt.timedelta(hours=1), abs=dt.timedelta(seconds=5)
    )

    EnrolmentLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert Client().get(path).status_code == 404


def test_it_lasts_72_hours_by_default(nora):
    issue(nora)
    link = EnrolmentLink.objects.get(user=nora)
    assert (link.expires_at - link.created_at).total_seconds() == pytest.approx(259_200, abs=5)


def test_a_newer_link_replaces_the_older_one(nora):
    older = issue(nora)
    newer = issue(nora)
    assert Client().get(older).status_code == 404
    client = Client()
    assert submit(client, open_form(client, newer)).status_code == 302


def test_a_link_replaced_while_the_form_is_open_saves_nothing(nora):
    client = Client()
    secret = open_form(client, issue(nora))
    issue(nora)  # the administrator makes a new one meanwhile

    response = submit(client, secret)

    assert response.status_code == 404
    nora.refresh_from_db()
    assert not nora.has_usable_password()
    assert not Authenticator.objects.filter(user=nora).exists()


def test_used_expired_replaced_and_unknown_links_answer_alike(nora, db):
    used = issue(nora)
    done = Client()
    submit(done, open_form(done, used))

    expired_user = User.objects.create(username="eva")
    expired = issue(expired_user)
    EnrolmentLink.objects.filter(user=expired_user).update(expires_at=timezone.now())

    replaced_user = User.objects.create(username="rolf")
    replaced = issue(replaced_user)
    issue(replaced_user)

    unknown = "/konto/aktiver/" + "A" * 43 + "/"
    answers = set()
    for path in (used, expired, replaced, unknown, "/konto/aktiver/kort/"):
        response = Client().get(path)
        answers.add((response.status_code, normalised(response.content)))
    assert len(answers) == 1
    status, body = answers.pop()
    assert status == 404
    for name in ("nora", "eva", "rolf"):
        assert name.encode() not in body


def test_it_refuses_the_link_of_a_deactivated_user(nora):
    path = issue(nora)
    User.objects.filter(pk=nora.pk).update(is_active=False)
    assert Client().get(path).status_code == 404


def test_the_form_without_an_opened_link_is_the_neutral_page_and_saves_nothing(nora):
    issue(nora)
    client = Client()
    assert client.get("/konto/aktiver/").status_code == 404
    response = client.post(
        "/konto/aktiver/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "code": "1"}
    )
    assert response.status_code == 404
    assert_nothing_saved(nora)


def test_a_signed_in_person_is_asked_to_log_out_first(nora, cast, client_for):
    path = issue(nora)
    client = client_for(cast["coordinator"])
    response = client.get(path)
    assert response.status_code == 200
    assert "Logg ut først" in response.content.decode()
    assert "botilbud_enrolment" not in client.session
    # The link still works for the person it was made for.
    fresh = Client()
    assert submit(fresh, open_form(fresh, path)).status_code == 302


# --- both factors or nothing -----------------------------------------------------


def test_a_weak_password_saves_nothing_and_says_why_next_to_the_field(nora):
    client = Client()
    secret = open_form(client, issue(nora))

    response = submit(client, secret, password1="passord", password2="passord")

    assert response.status_code == 400
    html = response.content.decode()
    form = response.context["form"]
    assert "password1" in form.errors and "code" not in form.errors
    assert "Passordet er for kort. Det må ha minst 12 tegn." in html
    # Next to the field (and the field points at it), and in the summary at the top.
    error = re.search(
        r'<p class="ds-validation-message"[^>]*id="id_password1_error">([^<]*)<', html
    )
    assert error is not None
    assert "for kort" in error.group(1)
    field = re.search(r'<input[^>]*name="password1"[^>]*>', html)
    assert field is not None
    assert "id_password1_error" in field.group(0) and 'aria-invalid="true"' in field.group(0)
    summary = html[html.index("ds-error-summary") : html.index("</ds-error-summary>")]
    assert 'href="#id_password1"' in summary
    assert_nothing_saved(nora)


def test_a_password_like_the_username_is_refused(nora):
    client = Client()
    secret = open_form(client, issue(nora))
    response = submit(client, secret, password1="nora@example.no", password2="nora@example.no")
    assert response.status_code == 400
    assert "password1" in response.context["form"].errors
    assert_nothing_saved(nora)


def test_two_different_passwords_save_nothing(nora):
    client = Client()
    secret = open_form(client, issue(nora))
    response = submit(client, secret, password2=NEW_PASSWORD + "x")
    assert response.status_code == 400
    assert "Passordene er ikke like" in response.content.decode()
    assert "password2" in response.context["form"].errors
    assert_nothing_saved(nora)


def test_a_wrong_code_saves_nothing_and_keeps_the_same_secret(nora):
    client = Client()
    secret = open_form(client, issue(nora))
    wrong = totp_code_for_secret(secret, at=time.time() - 3600)

    response = submit(client, secret, code=wrong)

    assert response.status_code == 400
    assert "Koden stemmer ikke" in response.content.decode()
    assert list(response.context["form"].errors) == ["code"]
    assert_nothing_saved(nora)
    # The app was already set up with this secret: the next try uses it too.
    assert secret_on(response.content.decode()) == secret
    assert submit(client, secret).status_code == 302


def test_a_code_from_another_secret_is_refused(nora):
    client = Client()
    open_form(client, issue(nora))
    response = submit(client, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert response.status_code == 400
    assert_nothing_saved(nora)


# --- nothing leaks ---------------------------------------------------------------


def test_the_token_is_stored_only_as_a_hash_and_never_logged_or_audited(nora, caplog):
    caplog.set_level(logging.DEBUG)
    issued = enrolment.issue_link(user=nora, by=None, purpose=Purpose.NEW_USER, mail=True)
    token = urlsplit(issued.url).path.rstrip("/").rsplit("/", 1)[-1]
    client = Client()
    opened = client.get(urlsplit(issued.url).path)
    assert token not in opened["Location"]
    submit(client, secret_on(client.get("/konto/aktiver/").content.decode()))
    Client().get(urlsplit(issued.url).path)  # refused now

    link = EnrolmentLink.objects.get(user=nora)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(list(EnrolmentLink.objects.values_list()))
    assert token not in repr(list(AuditEntry.objects.values_list()))
    assert token not in caplog.text


def test_the_mail_holds_the_link_and_no_name_or_role(
    nora, orgs, django_capture_on_commit_callbacks
):
    from accounts.models import Membership

    Membership.objects.create(user=nora, organisation=orgs["municipality_a"], role=Role.ANALYST)
    with django_capture_on_commit_callbacks(execute=True):
        issued = enrolment.issue_link(user=nora, by=None, purpose=Purpose.NEW_USER, mail=True)
    assert issued.mailed
    [message] = mail.outbox
    assert message.to == ["nora@example.no"]
    assert issued.url in message.body
    text = f"{message.subject} {message.body}".lower()
    for personal in ("nora", "nilsen", "analytiker", "kommune a"):
        assert personal not in text


def test_password_reset_by_e_mail_sends_nothing(nora, cast):
    # Any address the administrator could change would receive a usable password.
    User.objects.filter(pk=cast["coordinator"].pk).update(email="alice@example.no")
    response = Client().post("/accounts/password/reset/", {"email": "alice@example.no"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- audit -----------------------------------------------------------------------


def test_every_step_is_audited_without_the_token(nora, cast):
    sam = cast["sysadmin"]
    path = issue(nora, sam)
    client = Client()
    secret = open_form(client, path)
    submit(client, secret, code="000000")  # wrong: nothing audited but the refusal page
    submit(client, secret)
    Client().get(path)

    assert actions(nora) == [
        "accounts.enrolment.issued",
        "accounts.enrolment.opened",
        "accounts.user.password_set",
        "accounts.user.totp_enrolled",
        "accounts.enrolment.completed",
        "accounts.user.logged_in",
        "accounts.enrolment.refused",
    ]
    issued = AuditEntry.objects.get(action="accounts.enrolment.issued")
    assert (issued.actor_id, issued.purpose) == (sam.pk, "ny bruker")
    completed = AuditEntry.objects.get(action="accounts.enrolment.completed")
    assert completed.actor_id == nora.pk
    refused = AuditEntry.objects.get(action="accounts.enrolment.refused")
    assert (refused.actor_id, refused.purpose) == (None, "brukt")


def test_an_unknown_link_is_audited_with_no_object(db):
    Client().get("/konto/aktiver/" + "B" * 43 + "/")
    entry = AuditEntry.objects.get(action="accounts.enrolment.refused")
    assert (entry.object_type, entry.object_id, entry.purpose) == ("", "", "ukjent lenke")


def test_a_replaced_link_is_audited(nora, cast):
    issue(nora, cast["sysadmin"])
    issue(nora, cast["sysadmin"])
    assert actions(nora) == [
        "accounts.enrolment.issued",
        "accounts.enrolment.replaced",
        "accounts.enrolment.issued",
    ]


def test_the_database_allows_one_open_link_per_user(nora):
    from django.db import IntegrityError, transaction

    issue(nora)
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentLink.objects.create(
            user=nora,
            token_hash="0" * 64,
            purpose=Purpose.NEW_USER,
            expires_at=timezone.now() + dt.timedelta(hours=1),
        )
