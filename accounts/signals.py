"""Counting an enrolment as a use of the second factor.

Adding TOTP or a passkey means typing a valid code or touching the key, so the
session has proved the second factor: record it the way allauth records a
login with MFA, which RequireMFAMiddleware then accepts.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


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
