"""allauth's second-factor forms with the per-account lock (``MFA_FORMS`` in settings).

allauth checks the code or security key and throttles per IP; these forms
add ``access.signin.lockout``: a failed code (TOTP or recovery code) or security-key
assertion counts against the account, and while the account is locked a
right one is refused with the same "Incorrect code." a wrong one gets. The
check itself is allauth's, step by step, with one change: a success gives
back only its own rate-limit slot, as allauth's password step does, instead
of wiping the address's whole count (which would let anyone with one working
account reset the flood guard by signing in).

A passkey login (no username typed) names the account from the assertion
itself, which an attacker controls: its failures are not counted (they
would let anyone lock anyone), but a locked account is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core import context
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base import forms as base_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn import forms as webauthn_forms
from allauth.mfa.webauthn.internal import auth as webauthn_auth
from django.core.exceptions import ValidationError
from django.db import transaction

from access.signin import lockout
from accounts.actors import Actor


def _take_rate_limit_slot(user: Actor) -> ratelimit.RateLimitUsage:
    usage = ratelimit.consume(
        context.request,
        app="allauth.account",
        action="login_failed",
        key=f"mfa-auth-user-{user.pk}",
    )
    if usage is None:
        raise get_account_adapter().validation_error("too_many_login_attempts")
    return usage


def _code_authenticator(user: Actor, code: str) -> Authenticator | None:
    for authenticator in Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.WEBAUTHN  # a security key has no code to type
    ):
        if authenticator.wrap().validate_code(code):
            return authenticator
    return None


def _main_authenticator(user: Actor) -> Authenticator | None:
    """The one allauth names in its failure signal: TOTP if there is one."""
    codes = Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.WEBAUTHN)
    return codes.filter(type=Authenticator.Type.TOTP).first() or codes.first()


class _CodeLockout:
    """Mixin for allauth's code forms (its ``clean_code``, with the lock)."""

    user: Actor
    cleaned_data: dict[str, Any]
    authenticator: Authenticator
    reauthentication = False

    if TYPE_CHECKING:

        def _emit_authentication_failed(self, authenticator: Authenticator) -> None: ...

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        with transaction.atomic():
            locked = lockout.locked_for_attempt(user=self.user, request=context.request)
            usage = _take_rate_limit_slot(self.user)
            # Locked: not even checked, so a right recovery code is not used up.
            authenticator = None if locked else _code_authenticator(self.user, code)
            if authenticator is None:
                lockout.record_failure(
                    user=self.user,
                    step=lockout.CODE,
                    request=context.request,
                    reauthentication=self.reauthentication,
                )
                main = _main_authenticator(self.user)
                if main is not None:
                    self._emit_authentication_failed(main)
        if authenticator is None:
            raise get_mfa_adapter().validation_error("incorrect_code")
        usage.rollback()
        authenticator.user = self.user
        self.authenticator = authenticator
        return str(code)


class AuthenticateForm(_CodeLockout, base_forms.AuthenticateForm):
    """The code at login (after the password)."""


class ReauthenticateForm(_CodeLockout, base_forms.ReauthenticateForm):
    """The code when a signed-in user is asked again before a sensitive act."""

    reauthentication = True


class _KeyLockout:
    """Mixin for allauth's security-key forms where the account is known (its ``clean_credential``)."""

    user: Actor
    cleaned_data: dict[str, Any]
    reauthentication = False

    def clean_credential(self) -> Authenticator:
        credential = self.cleaned_data["credential"]
        authenticator: Authenticator | None = None
        with transaction.atomic():
            locked = lockout.locked_for_attempt(user=self.user, request=context.request)
            usage = _take_rate_limit_slot(self.user)
            if not locked:
                try:
                    webauthn_auth.parse_authentication_response(credential)
                    authenticator = webauthn_auth.complete_authentication(self.user, credential)
                except ValidationError:
                    authenticator = None
            if authenticator is None:
                lockout.record_failure(
                    user=self.user,
                    step=lockout.PASSKEY,
                    request=context.request,
                    reauthentication=self.reauthentication,
                )
        if authenticator is None:
            raise get_mfa_adapter().validation_error("incorrect_code")
        usage.rollback()
        return authenticator


class AuthenticateWebAuthnForm(_KeyLockout, webauthn_forms.AuthenticateWebAuthnForm):
    """A passkey or security key at login, instead of the code."""


class ReauthenticateWebAuthnForm(_KeyLockout, webauthn_forms.ReauthenticateWebAuthnForm):
    """A passkey or security key when asked again (before an address is shown)."""

    reauthentication = True


class LoginWebAuthnForm(webauthn_forms.LoginWebAuthnForm):
    """Passkey login without a username: a locked account is refused, failures are not counted."""

    def clean_credential(self) -> Authenticator:
        authenticator: Authenticator = super().clean_credential()
        with transaction.atomic():
            locked = lockout.locked_for_attempt(user=authenticator.user, request=context.request)
            if locked:
                lockout.record_failure(
                    user=authenticator.user, step=lockout.PASSKEY, request=context.request
                )
        if locked:
            raise get_mfa_adapter().validation_error("incorrect_code")
        return authenticator
