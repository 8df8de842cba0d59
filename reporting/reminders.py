"""Reminder mails: a count of overdue and soon-due deadlines, and a link. Nothing else.

The mail never holds personal data: no names, no offer or dwelling, no stay
number, not even the kind of task (the page behind the sign-in shows that).
A ``ReminderLog`` row per user, day and counts makes re-running a no-op, so
the command is safe to run every hour: a user gets at most one mail per day
for each distinct set of counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access import policy
from access.policy import Perm
from core import dates
from core.mail import send_notice
from reporting import deadlines as dl
from reporting.models import ReminderLog


@dataclass(frozen=True)
class Outcome:
    sent: int = 0
    unchanged: int = 0
    nothing_due: int = 0


def counts_hash(overdue: int, due_soon: int) -> str:
    return hashlib.sha256(f"v1:{overdue}:{due_soon}".encode()).hexdigest()


def message(overdue: int, due_soon: int) -> tuple[str, str]:
    """Subject and body: counts and the link only."""
    link = settings.SITE_URL.rstrip("/") + reverse("reporting:my_deadlines")
    subject = _("Botilbud: du har frister som venter")
    lines = [
        _("Hei!"),
        "",
        ngettext(
            "Du har %(count)s oppgave der fristen er passert.",
            "Du har %(count)s oppgaver der fristen er passert.",
            overdue,
        )
        % {"count": overdue},
        ngettext(
            "Du har %(count)s oppgave med frist de neste 14 dagene.",
            "Du har %(count)s oppgaver med frist de neste 14 dagene.",
            due_soon,
        )
        % {"count": due_soon},
        "",
        _("Logg inn og se hva det gjelder under «Mine frister»:"),
        link,
        "",
        _("Denne e-posten inneholder ingen opplysninger om personer. Svar ikke på den."),
    ]
    return subject, "\n".join(lines)


def send_reminders(*, today: dt.date | None = None) -> Outcome:
    today = today or dates.today()
    sent = unchanged = nothing = 0
    users = get_user_model()._default_manager.filter(is_active=True).exclude(email="")
    for user in users.order_by("pk"):
        if not policy.has_perm(user, Perm.VIEW_MY_DEADLINES):
            continue
        tally = dl.counts(dl.deadlines_for(user, today=today))
        overdue, due_soon = tally[dl.State.OVERDUE], tally[dl.State.DUE] + tally[dl.State.SOON]
        if overdue + due_soon == 0:
            nothing += 1
            continue
        digest = counts_hash(overdue, due_soon)
        if ReminderLog.objects.filter(user=user, sent_on=today, counts_hash=digest).exists():
            unchanged += 1
            continue
        try:
            with transaction.atomic():
                # The row first: two overlapping runs cannot both send.
                ReminderLog.objects.create(
                    user=user,
                    sent_on=today,
                    counts_hash=digest,
                    overdue=overdue,
                    due_soon=due_soon,
                )
                with translation.override(settings.LANGUAGE_CODE):
                    subject, body = message(overdue, due_soon)
                send_notice(subject=subject, text=body, recipients=[user.email])
        except IntegrityError:
            unchanged += 1
            continue
        sent += 1
    return Outcome(sent=sent, unchanged=unchanged, nothing_due=nothing)
