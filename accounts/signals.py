"""Sign-in events: audit them, and count an enrolment as a use of the second factor.

Adding TOTP or a passkey means typing a valid code or touching the key, so the
session has proved the second factor: record it the way allauth records a
login with MFA, which RequireMFAMiddleware then accepts.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import record


@receiver(authenticator_added)
def record_enrolment_as_mfa_use(
    sender: Any, request: Any, user: Any, authenticator: Authenticator, **kwargs: Any
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
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(actor=user, action="accounts.user.logged_in", obj=user, request=request)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(actor=user, action="accounts.user.logged_out", obj=user, request=request)


@receiver(user_login_failed)
def audit_failed_login(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    # The typed username is not stored: it may be a mistyped password.
    record(actor=None, action="accounts.user.login_failed", request=request)
