"""allauth adapters: no self sign-up or reset mail, the real client address, the per-account lock.

Staff accounts are made by the administrator. The password step counts
failures per account (``access.signin.lockout``); the second-factor steps do the
same in ``access.signin.mfa_forms``.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import redirect

from access.signin import lockout
from accounts.actors import Actor
from core.net import client_ip

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_password_reset_mail(self, user: Actor, email: str, context: dict[str, Any]) -> None:
        """Never: a forgotten password is replaced by a new enrolment link (SECURITY.md 32).

        A reset link by e-mail goes to whatever address the user row holds,
        and the system administrator can change that address: the reset would
        give the administrator a usable password (and, for someone without a
        second factor yet, the whole account). The enrolment link sets
        password and second factor together and, for anyone with case
        access, only after a second person approved it.
        """
        logger.info("password reset by e-mail refused for user id %s", user.pk)

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits count per this address: the real client
        # behind TRUSTED_PROXY_COUNT proxies, not the proxy (core/net.py).
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        """The password step (at login and when asked again), refused while the account is locked.

        The password is checked even for a locked account, so a locked account
        takes as long and uses the rate limit exactly like a wrong password.
        """
        account = lockout.account_for_login(credentials.get("username"))
        self._lockout_account = account
        with transaction.atomic():
            locked = account is not None and lockout.locked_for_attempt(
                user=account, request=request
            )
            user: AbstractBaseUser | None = super().authenticate(request, **credentials)
            if user is not None and locked:
                # allauth gave back the rate-limit slot of a right password:
                # take it again, as a wrong password would have kept it.
                self.pre_authenticate(request, **credentials)
                self.authentication_failed(request, **credentials)
                return None
            if user is not None and _reauthenticating(request, user):
                lockout.record_success(user=cast(Actor, user))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        account = getattr(self, "_lockout_account", None)
        if account is None:
            account = lockout.account_for_login(credentials.get("username"))
        lockout.record_failure(user=account, step=lockout.PASSWORD, request=request)

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        # Last guard: every step refuses a locked account already; a sign-in
        # path that does not would stop here.
        if lockout.is_locked(cast(Actor, user)):
            logger.error("locked account %s reached the last login step; refused", user.pk)
            clear_login(request)
            raise ImmediateHttpResponse(redirect(settings.LOGIN_URL))
        # The sign-in's writes (last login, the failure count back to 0) and
        # its audit row commit together: there is no request-wide transaction.
        with transaction.atomic():
            super().login(request, user)


def _reauthenticating(request: HttpRequest, user: AbstractBaseUser) -> bool:
    current = getattr(request, "user", None)
    return bool(current is not None and current.is_authenticated and current.pk == user.pk)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user: Actor) -> str:
        # The label is shown in the authenticator app: the username only.
        return str(user.get_username())
