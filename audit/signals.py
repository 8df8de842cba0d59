"""Innlogging og utlogging in the audit log: the audit log listens to Django's sign-in signals.

accounts (users) and access (how one signs in) sit below the audit log and
do not write these rows themselves; ``AuditConfig.ready`` connects the
receivers. They run after access's own ``user_logged_in`` receiver (access is
earlier in INSTALLED_APPS), which resets the failure count: the account's
lock row is taken before the audit chain's, in the order an attempt takes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts.actors import Actor
from audit.services import record


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Actor, **kwargs: Any) -> None:
    record(actor=user, action="accounts.user.logged_in", obj=user, request=request)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Actor | None, **kwargs: Any) -> None:
    if user is not None:
        record(actor=user, action="accounts.user.logged_out", obj=user, request=request)
