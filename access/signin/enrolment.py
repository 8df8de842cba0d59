"""Enrolment links (aktiveringslenker): the person sets password and second factor together.

SECURITY.md 32: the system administrator never knows a usable password or
second factor of another user. A new user has no password at all; the
administrator (or, for a reset of someone with case access, the second person
who approved it) gets a link to hand over, and only the person who opens it
chooses the password and enrols the authenticator app, in one step.

* ``issue_link`` makes a random token, stores only its SHA-256 and returns the
  URL once. A newer link for the same user replaces the older one.
* ``open_link`` resolves a token; expired, used, replaced and unknown links
  all answer ``None`` (the page says the same for each) and are audited.
* ``complete`` sets the password, activates TOTP and uses up the link, in one
  transaction: nothing is saved unless both are valid.
* ``reset_factors`` makes the password unusable, deletes every authenticator,
  ends the user's sessions and issues a new link.

The token is never logged, audited or stored: audit rows name the user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_USER_SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.actors import Actor, SystemActor
from accounts.models import EnrolmentLink, User
from audit.services import record
from core.mail import send_notice

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
# The audit purpose of each kind of link (short, no personal data).
_PURPOSE_TEXT: dict[str, str] = {
    EnrolmentLink.Purpose.NEW_USER: "ny bruker",
    EnrolmentLink.Purpose.RESET: "tilbakestilling",
    EnrolmentLink.Purpose.BOOTSTRAP: "bootstrap",
}
_LINK_FIELDS = ["enrolment_link"]
# What a completed enrolment writes, in this order (one row each), with the
# fields it set.
_COMPLETION_ACTIONS = {
    "password": "accounts.user.password_set",
    "authenticator": "accounts.user.totp_enrolled",
    "link": "accounts.enrolment.completed",
}
_COMPLETION_FIELDS = {
    "password": ["password"],
    "authenticator": ["authenticator"],
    "link": _LINK_FIELDS,
}


class LinkNotUsable(Exception):
    """The link was used, replaced or expired while the person filled in the form."""


@dataclass(frozen=True)
class IssuedLink:
    """A link just made: the URL exists only in this object and in the e-mail (if any)."""

    user: User
    url: str
    expires_at: dt.datetime
    mailed: bool


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def link_url(token: str) -> str:
    """The absolute URL of a link, built on SITE_URL (never on the request's Host header)."""
    path = reverse("accounts:enrol_link", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def link_hours() -> int:
    return int(settings.ENROLMENT_LINK_HOURS)


def _send_link_mail(user_id: int, address: str, url: str, expires_at: dt.datetime) -> None:
    """The mail holds the link and its expiry only: no name, no username, no role."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"url": url, "expires_at": expires_at}
        subject = render_to_string("accounts/email/enrolment_subject.txt", context).strip()
        body = render_to_string("accounts/email/enrolment_message.txt", context)
    try:
        send_notice(
            subject=subject, text=body, recipients=[address], from_email=settings.DEFAULT_FROM_EMAIL
        )
    except Exception:
        # The link was shown to whoever issued it; they hand it over instead.
        logger.exception("enrolment mail for user id %s could not be sent", user_id)


def issue_link(
    *,
    user: User,
    by: SystemActor,
    purpose: str,
    mail: bool,
    request: HttpRequest | None = None,
) -> IssuedLink:
    """Make a new enrolment link for ``user``, replacing any open one (audited).

    ``by`` is who issued it (None only for the bootstrap command). With
    ``mail`` the link is also e-mailed to the user's address, when one is set,
    after the transaction commits.
    """
    now = timezone.now()
    with transaction.atomic():
        # One open link per user (a database constraint); lock the user so two
        # administrators issuing at once queue instead of failing.
        User.objects.select_for_update().filter(pk=user.pk).first()
        for old in EnrolmentLink.objects.filter(
            user=user, used_at__isnull=True, replaced_at__isnull=True
        ):
            old.replaced_at = now
            old.save(update_fields=["replaced_at", "updated_at"])
            record(
                actor=by,
                action="accounts.enrolment.replaced",
                obj=user,
                fields=_LINK_FIELDS,
                purpose=_PURPOSE_TEXT.get(old.purpose, ""),
                request=request,
            )
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires_at = now + dt.timedelta(hours=link_hours())
        EnrolmentLink.objects.create(
            user=user,
            token_hash=token_hash(token),
            purpose=purpose,
            issued_by=by if isinstance(by, User) else None,
            expires_at=expires_at,
        )
        mailed = bool(mail and user.email)
        text = _PURPOSE_TEXT[purpose]
        record(
            actor=by,
            action="accounts.enrolment.issued",
            obj=user,
            fields=_LINK_FIELDS,
            purpose=f"{text}, sendt på e-post" if mailed else text,
            request=request,
        )
        url = link_url(token)
        if mailed:
            address = user.email
            transaction.on_commit(lambda: _send_link_mail(user.pk, address, url, expires_at))
    return IssuedLink(user=user, url=url, expires_at=expires_at, mailed=mailed)


def _refusal(link: EnrolmentLink | None, now: dt.datetime) -> str:
    """Why a link does not work ('' when it does), for the audit row only."""
    if link is None:
        return "ukjent lenke"
    if link.used_at is not None:
        return "brukt"
    if link.replaced_at is not None:
        return "erstattet av en nyere lenke"
    if link.expires_at <= now:
        return "utløpt"
    if not link.user.is_active:
        return "brukeren er deaktivert"
    return ""


def open_link(*, token: str, request: HttpRequest | None = None) -> EnrolmentLink | None:
    """The open link for this token, or None; both outcomes are audited without the token."""
    link = None
    if _TOKEN_RE.match(token):
        link = (
            EnrolmentLink.objects.select_related("user")
            .filter(token_hash=token_hash(token))
            .first()
        )
    refusal = _refusal(link, timezone.now())
    if refusal:
        record(
            actor=None,
            action="accounts.enrolment.refused",
            obj=link.user if link is not None else None,
            fields=_LINK_FIELDS if link is not None else [],
            purpose=refusal,
            request=request,
        )
        return None
    assert link is not None
    record(
        actor=None,
        action="accounts.enrolment.opened",
        obj=link.user,
        fields=_LINK_FIELDS,
        request=request,
    )
    return link


def usable_link(link_id: Any) -> EnrolmentLink | None:
    """The link a session opened, if it still works (checked again on every step)."""
    if not isinstance(link_id, int):
        return None
    link = EnrolmentLink.objects.select_related("user").filter(pk=link_id).first()
    return None if _refusal(link, timezone.now()) else link


def complete(*, link_id: int, password: str, secret: str, code: str, request: HttpRequest) -> User:
    """Set the password and enrol TOTP with ``secret``; use the link up. All or nothing.

    The caller has validated the password and the code (the form); this
    checks the link again under a row lock, so a link can be used once even
    when two browsers submit at the same moment. The code is marked as used,
    so it cannot sign in a second time.
    """
    with transaction.atomic():
        link = (
            EnrolmentLink.objects.select_for_update()
            .select_related("user")
            .filter(pk=link_id)
            .first()
        )
        if link is None or _refusal(link, timezone.now()):
            raise LinkNotUsable
        user = link.user
        user.set_password(password)
        user.save(update_fields=["password"])
        # The link sets the factors anew: nothing older may stay behind.
        Authenticator.objects.filter(user=user).delete()
        totp = TOTP.activate(user, secret)
        if not totp.validate_code(code):
            raise ValidationError(_("Koden er allerede brukt. Vent på en ny kode."), code="used")
        link.used_at = timezone.now()
        link.save(update_fields=["used_at", "updated_at"])
        for action in _COMPLETION_ACTIONS:
            record(
                actor=user,
                action=_COMPLETION_ACTIONS[action],
                obj=user,
                fields=_COMPLETION_FIELDS[action],
                purpose="aktiveringslenke",
                request=request,
            )
    return user


def totp_authenticator(user: User) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def end_sessions(user: User) -> int:
    """Delete every server-side session of ``user``; returns how many."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(AUTH_USER_SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def reset_factors(
    *,
    user: User,
    by: Actor,
    approved: bool,
    request: HttpRequest | None = None,
) -> IssuedLink:
    """Password unusable, every authenticator deleted, sessions ended, a new link (audited).

    An approved reset (the user has case access) is handed over by the
    approver in person and never mailed: the administrator who asked could
    have changed the user's e-mail address to their own.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Authenticator.objects.filter(user=user).delete()
        end_sessions(user)
        record(
            actor=by,
            action="accounts.user.reset_applied",
            obj=user,
            fields=["password", "authenticators", "sessions"],
            purpose="godkjent av en annen person" if approved else "uten godkjenning",
            request=request,
        )
        return issue_link(
            user=user,
            by=by,
            purpose=EnrolmentLink.Purpose.RESET,
            mail=not approved,
            request=request,
        )


def create_user(*, by: Actor, user: User, request: HttpRequest | None = None) -> IssuedLink:
    """Save a new user without a password and issue their first link (the admin's add form)."""
    with transaction.atomic():
        user.set_unusable_password()
        user.save()
        record(
            actor=by,
            action="accounts.user.created",
            obj=user,
            fields=["username", "first_name", "last_name", "email"],
            request=request,
        )
        return issue_link(
            user=user, by=by, purpose=EnrolmentLink.Purpose.NEW_USER, mail=True, request=request
        )


def enrolment_state(user: User) -> str:
    """In words, for the admin's user page: enrolled, waiting for a link to be used, or neither."""
    if user.has_usable_password() and Authenticator.objects.filter(user=user).exists():
        return _("Har passord og andre innloggingstrinn.")
    link = (
        EnrolmentLink.objects.filter(user=user, used_at__isnull=True, replaced_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if link is not None and link.expires_at > timezone.now():
        when = timezone.localtime(link.expires_at).strftime("%d.%m.%Y %H:%M")
        return _("Venter på at personen bruker aktiveringslenken (virker til %(when)s).") % {
            "when": when
        }
    return _("Kan ikke logge inn. Lag en ny aktiveringslenke.")
