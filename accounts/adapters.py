"""allauth adapters: no self sign-up; staff accounts are made by the administrator."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        """Never: a forgotten password is replaced by a new enrolment link (SECURITY.md 32).

        A reset link by e-mail goes to whatever address the user row holds,
        and the system administrator can change that address: the reset would
        give the administrator a usable password (and, for someone without a
        second factor yet, the whole account). The enrolment link sets
        password and second factor together and, for anyone with case
        access, only after a second person approved it.
        """
        logger.info("password reset by e-mail refused for user id %s", user.pk)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user: Any) -> str:
        # The label is shown in the authenticator app: the username only.
        return str(user.get_username())
