"""Innlogging: a completed sign-in resets the failure count; an enrolment counts as a use.

Failed steps are counted and audited where they happen (``access.signin.adapters``
for the password, ``access.signin.mfa_forms`` for the second factor), because only
there is it known whether the account was locked. The sign-in and sign-out
rows are written by the audit log's own receivers (``audit.signals``); access
connects these first (it comes before audit in INSTALLED_APPS), so at login the
account's lock row is taken before the audit chain's, as during an attempt.

Adding TOTP or a passkey means typing a valid code or touching the key, so the
session has proved the second factor: record it the way allauth records a
login with MFA, which RequireMFAMiddleware then accepts.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
    record_authentication,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_used
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from access.signin import lockout
from accounts.actors import Actor


@receiver(authenticator_added)
def record_enrolment_as_mfa_use(
    sender: Any, request: Any, user: Actor, authenticator: Authenticator, **kwargs: Any
) -> None:
    if request is not None and authenticator.type in (
        Authenticator.Type.TOTP,
        Authenticator.Type.WEBAUTHN,
    ):
        record_authentication(
            request, user, "mfa", type=authenticator.type, id=authenticator.pk, enrolment=True
        )
        # allauth sends the signal on commit, which may be after the session
        # middleware has already saved: save explicitly so the record sticks.
        request.session.save()


@receiver(user_logged_in)
def reset_failures_on_login(sender: Any, request: Any, user: Actor, **kwargs: Any) -> None:
    # Connected before the audit receiver: the account's row is locked before
    # the audit chain's, in the same order as during the attempt.
    lockout.record_success(user=user)


@receiver(authenticator_used)
def reset_failures_on_reauthentication(
    sender: Any, request: Any, user: Actor, reauthenticated: bool = False, **kwargs: Any
) -> None:
    # At login the completed sign-in resets it (above); a re-authentication
    # by a signed-in user is a completed proof too.
    if reauthenticated:
        lockout.record_success(user=user)


@receiver(user_logged_in)
def let_new_users_enrol_without_retyping(
    sender: Any, request: Any, user: Actor, **kwargs: Any
) -> None:
    """A user without a second factor is sent straight to enrolment after login.

    allauth asks for the password again before adding a factor unless it was
    "re-entered" in the last few minutes; the password was typed seconds ago,
    so count it as such instead of asking twice.
    """
    if request is None or is_mfa_enabled(user):
        return
    records = get_authentication_records(request, user)
    if records and records[-1].get("method") == "password":
        records[-1]["reauthenticated"] = True
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records
