"""Innloggingssperre: guessing a password or a second factor is stopped (SECURITY.md 11, 35).

Every failed sign-in step of an account (a wrong password, a wrong code or
recovery code, a failed security-key assertion; at login or when asked again
for a sensitive act) adds one to the account's counter in the database, so it
survives restarts and is shared by every worker. ``LOGIN_LOCKOUT_FAILURES``
failures in a row lock the account:

* the first lock lasts ``LOGIN_LOCKOUT_MINUTES`` and ends by itself; the end is
  noted (and audited) at the next attempt;
* a lock within ``LOGIN_LOCKOUT_REPEAT_HOURS`` of the previous one lasts until
  the administrator asks for an unlock and the competence-team lead approves
  it (``access.approvals``, kind ``account_unlock``).

While locked, every attempt is refused with exactly the answer a wrong
password or code gets (no enumeration); a right one neither gets in nor
resets the counter. A completed sign-in or re-authentication resets it. A
lock is audited and e-mailed to the user and the competence-team lead(s),
without saying whose account it is.

Callers (``access.signin.adapters``, ``access.signin.mfa_forms``) call
``locked_for_attempt`` first, inside the transaction of the attempt: it locks
the account's row (``SELECT … FOR UPDATE``), so concurrent guesses at one
account queue instead of all being checked before the counter moves.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from allauth.account.internal.userkit import get_user_by_username
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from access import policy
from accounts.actors import Actor, SystemActor, Viewer
from accounts.models import LoginLockout, Membership, Role, User
from audit.services import record
from core.mail import send_notice

logger = logging.getLogger(__name__)

# Audit action codes.
LOGIN_FAILED = "accounts.user.login_failed"
SECOND_FACTOR_FAILED = "accounts.user.second_factor_failed"
LOCKED = "accounts.user.locked"
UNLOCKED = "accounts.user.unlocked"

# Sign-in steps, as the audit purpose names them.
PASSWORD = "passord"
CODE = "kode"
PASSKEY = "passnøkkel"


def account_for_login(username: str | None) -> User | None:
    """The account a typed username names, found the way allauth's backend finds it."""
    if not username:
        return None
    user = get_user_by_username(username)
    return user if isinstance(user, User) else None


def _is_locked(row: LoginLockout, now: dt.datetime) -> bool:
    return row.locked_at is not None and (row.locked_until is None or row.locked_until > now)


def holds(row: LoginLockout) -> bool:
    """Does this lock hold now? (For a row already fetched, e.g. with a list.)"""
    return _is_locked(row, timezone.now())


def active_lock(user: Actor) -> LoginLockout | None:
    """The account's lock if it holds now (an expired time lock counts as lifted). Reads only."""
    pk = getattr(user, "pk", None)
    row = LoginLockout.objects.filter(user_id=pk).first() if pk is not None else None
    return row if row is not None and _is_locked(row, timezone.now()) else None


def is_locked(user: Actor) -> bool:
    return active_lock(user) is not None


def _row(user: User) -> LoginLockout:
    row, _created = LoginLockout.objects.select_for_update().get_or_create(user=user)
    return row


def locked_for_attempt(*, user: User, request: HttpRequest | None) -> bool:
    """Start an attempt: lock the account's row, note a time lock that ran out, say if locked.

    Call inside ``transaction.atomic()`` around the whole attempt.
    """
    row = _row(user)
    if row.locked_at is None:
        return False
    if _is_locked(row, timezone.now()):
        return True
    _unlock(row, by=None, purpose="tiden er ute", request=request)
    return False


def _actor(request: HttpRequest | None) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record_failure(
    *,
    user: User | None,
    step: str,
    request: HttpRequest | None,
    reauthentication: bool = False,
) -> None:
    """One failed step: audited; for a known, unlocked account counted, and locked at the limit.

    ``user`` is None for a username that names no account: the row then says
    nothing about what was typed (it may be a name, or a password typed into
    the wrong field).
    """
    purpose = f"ny bekreftelse: {step}" if reauthentication else step
    with transaction.atomic():
        if user is None:
            record(
                actor=None,
                action=LOGIN_FAILED if step == PASSWORD else SECOND_FACTOR_FAILED,
                purpose=purpose,
                request=request,
            )
            return
        row = _row(user)
        now = timezone.now()
        if row.locked_at is not None and not _is_locked(row, now):
            _unlock(row, by=None, purpose="tiden er ute", request=request)
        if _is_locked(row, now):
            # Refused while locked: audited, but the lock does not grow.
            record(
                actor=_actor(request),
                action=LOGIN_FAILED if step == PASSWORD else SECOND_FACTOR_FAILED,
                obj=user,
                purpose=f"sperret: {purpose}",
                request=request,
            )
            return
        row.failures += 1
        record(
            actor=_actor(request),
            action=LOGIN_FAILED if step == PASSWORD else SECOND_FACTOR_FAILED,
            obj=user,
            purpose=purpose,
            request=request,
        )
        if row.failures >= settings.LOGIN_LOCKOUT_FAILURES:
            _lock(row, now, request)
        row.save(
            update_fields=["failures", "locked_at", "locked_until", "last_locked_at", "updated_at"]
        )


def record_success(*, user: Actor) -> None:
    """A completed sign-in or re-authentication: the count starts again (never while locked)."""
    LoginLockout.objects.filter(user_id=user.pk, failures__gt=0, locked_at__isnull=True).update(
        failures=0, updated_at=timezone.now()
    )


def _lock(row: LoginLockout, now: dt.datetime, request: HttpRequest | None) -> None:
    repeat_window = dt.timedelta(hours=settings.LOGIN_LOCKOUT_REPEAT_HOURS)
    until_unlocked = row.last_locked_at is not None and now - row.last_locked_at < repeat_window
    row.locked_at = now
    row.locked_until = (
        None if until_unlocked else now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    )
    row.last_locked_at = now
    record(
        actor=None,
        action=LOCKED,
        obj=row.user,
        fields=["failures"],
        purpose="til den blir låst opp"
        if until_unlocked
        else f"{settings.LOGIN_LOCKOUT_MINUTES} minutter",
        request=request,
    )
    logger.warning(
        "account %s locked after %s failed sign-in steps (%s)",
        row.user_id,
        row.failures,
        "until unlocked" if until_unlocked else "for a time",
    )
    user_id = row.user_id
    transaction.on_commit(lambda: _alert(user_id, now, until_unlocked))


def _unlock(
    row: LoginLockout, *, by: SystemActor, purpose: str, request: HttpRequest | None
) -> None:
    row.failures = 0
    row.locked_at = None
    row.locked_until = None
    row.save(update_fields=["failures", "locked_at", "locked_until", "updated_at"])
    record(
        actor=by,
        action=UNLOCKED,
        obj=row.user,
        fields=["locked_at"],
        purpose=purpose,
        request=request,
    )


def unlock_approved(*, user: User, by: Actor, request: HttpRequest | None = None) -> bool:
    """Apply an approved unlock (called by ``access.approvals`` only). False if not locked."""
    with transaction.atomic():
        row = LoginLockout.objects.select_for_update().filter(user=user).first()
        if row is None or not _is_locked(row, timezone.now()):
            return False
        _unlock(row, by=by, purpose="godkjent opplåsing", request=request)
    return True


def locked_count(*, fetched_by: Viewer) -> int:
    """How many accounts are locked now: for the competence-team lead and the administrator."""
    if not (
        policy.is_team_lead(fetched_by) or policy.has_perm(fetched_by, policy.Perm.ADMINISTER_USERS)
    ):
        return 0
    now = timezone.now()
    return (
        LoginLockout.objects.filter(locked_at__isnull=False)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__gt=now))
        .count()
    )


# --- the alert ------------------------------------------------------------------------------


def _alert(user_id: int, locked_at: dt.datetime, until_unlocked: bool) -> None:
    """E-mail the user and the competence-team lead(s): a time and a link, nothing about whom."""
    when = timezone.localtime(locked_at).strftime("%d.%m.%Y kl. %H:%M")
    start = settings.SITE_URL.rstrip("/") + reverse("home")
    user = User.objects.filter(pk=user_id).first()
    own = user.email if user is not None and user.email else ""
    leads = Membership.objects.filter(
        role=Role.COORDINATOR, is_lead=True, user__is_active=True
    ).select_related("user")
    lead_addresses = sorted({m.user.email for m in leads if m.user.email} - {own})
    lasts = (
        "Sperren varer til systemadministratoren ber om opplåsing og lederen i "
        "Kompetanseteamet godkjenner den."
        if until_unlocked
        else f"Sperren varer i {settings.LOGIN_LOCKOUT_MINUTES} minutter."
    )
    mails = []
    if own:
        mails.append(
            (
                "Botilbud: kontoen din er sperret for innlogging",
                f"Kontoen din i Botilbud ble sperret for innlogging {when} etter for mange "
                f"mislykkede forsøk. {lasts}\n\n"
                "Hvis det ikke var deg som prøvde å logge inn, kan noen prøve å gjette passordet "
                "eller koden din. Si fra til lederen i Kompetanseteamet eller "
                "systemadministratoren med en gang.\n\n"
                f"Botilbud: {start}\n\n"
                f"Your Botilbud account was locked at {when} after too many failed sign-in "
                "attempts. If this was not you, tell the competence-team lead or the system "
                "administrator at once.\n",
                [own],
            )
        )
    if lead_addresses:
        mails.append(
            (
                "Botilbud: en konto er sperret for innlogging",
                f"En konto i Botilbud ble sperret for innlogging {when} etter for mange "
                f"mislykkede forsøk. {lasts}\n\n"
                "Forsiden viser hvor mange kontoer som er sperret, og forespørsler om opplåsing "
                f"som venter på deg: {start}\n\n"
                f"An account in Botilbud was locked at {when} after too many failed sign-in "
                "attempts. Sign in to see how many accounts are locked.\n",
                lead_addresses,
            )
        )
    if not lead_addresses:
        logger.warning("account %s locked: no team lead with an e-mail address", user_id)
    for subject, body, recipients in mails:
        try:
            send_notice(subject=subject, text=body, recipients=recipients)
        except Exception:
            # The lock holds and the start page shows it; never lose it over mail.
            logger.exception("account %s locked: alert e-mail failed", user_id)
