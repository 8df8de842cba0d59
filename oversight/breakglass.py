"""Break-the-glass access (nødtilgang, Normen's self-authorised access; SECURITY.md 7).

A user who lacks access to a resident but has an emergency (an alarm went off
in a municipality outside the police contact's district; a coordinator who
must act on a resident's record) may open ONE resident's record for
``BREAK_GLASS_MINUTES`` after writing a reason. What the access covers is
decided in ``access.policy`` (``BREAK_GLASS_PERMISSIONS``): the overview and
what a follow-up worker reads about security, never the address, the notes
or a write. docs/access-model.md lists the pages exactly.

Finding the resident reveals nothing: the user gives the stay's exact
reference (``Stay.reference``, random ``XXXX-XXXX`` with a check character,
which the alarm central and the police hold; stays/references.py) or the
identity number (matched through the blind index), POST only, never in a URL,
and the reason in the same form. The sequential id finds nothing. Without a
reason the answer is the same whether the resident exists or not. With one,
every lookup is audited, a miss too, and lookups are limited per day, so the
form cannot be used to probe. A reference with a typo (its check character
does not match) is refused before any lookup: that says nothing about who
exists.

Opening writes one ``access.break_glass.opened`` audit row and one review
item (the ``BreakGlassAccess`` row), alerts the competence-team lead (start
page and an e-mail without personal data) and every read during the access
is audited with the purpose "break-the-glass: …" (``audit.services``). When
no lead can be alerted by e-mail (``can_alert_a_lead``), the access still
opens; the form, the administrator's and coordinators' start pages and a
deploy check (oversight/checks.py) say so, and the opening is logged at WARNING.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import policy, reads
from access.models import BreakGlassAccess
from access.policy import Perm
from accounts.actors import Actor, Viewer
from accounts.models import Membership, Role
from audit import actions
from audit.models import AuditEntry
from audit.services import BREAK_GLASS_PURPOSE, record
from core.fields import blind_index_for
from core.mail import send_notice
from referrals.models import IDENTITY_INDEX_CONTEXT, Person
from stays import references
from stays.models import Stay

logger = logging.getLogger(__name__)

DEFAULT_MINUTES = 60
# Attempts (opened or not found) per user in 24 hours before the form refuses.
MAX_ATTEMPTS_PER_DAY = 5
OPENED = "access.break_glass.opened"
NOT_FOUND = "access.break_glass.not_found"
REVIEWED = "access.break_glass.reviewed"
_OPEN_STATUSES = (Stay.Status.ALLOCATED, Stay.Status.LIVING, Stay.Status.MOVED_OUT)
REFERENCE_TYPO = gettext_lazy(
    "Referansen er ikke riktig skrevet. Den har 8 tegn, for eksempel 7K2M-9QX3. "
    "Sjekk hvert tegn og prøv igjen."
)


def minutes() -> int:
    return int(getattr(settings, "BREAK_GLASS_MINUTES", DEFAULT_MINUTES))


class NotFound(Exception):
    """No open stay matches the exact reference or identity number (after a reason)."""


class TooManyAttempts(Exception):
    pass


@dataclass
class AlreadyAllowed(Exception):
    """The user reaches this resident already; ``url`` is where."""

    url: str


# --- selectors ------------------------------------------------------------------


def _find_stay(*, reference: str, identity_number: str) -> Stay | None:
    """Exact match only: the stay's reference (normalised), or the identity number's blind index."""
    stays = Stay.objects.filter(status__in=_OPEN_STATUSES).select_related("offer__municipality")
    if reference:
        return stays.filter(reference=reference).first()
    try:
        index = blind_index_for(
            identity_number, context=IDENTITY_INDEX_CONTEXT, normalise="identity_number"
        )
    except ValueError:  # no digits at all (found by the form fuzzing: it was a 500)
        return None
    if index is None:
        return None
    person = Person.objects.filter(identity_number_index=index).first()
    if person is None:
        return None
    return stays.filter(person=person).order_by("-allocated_on", "-pk").first()


def _ordinary_url(user: Actor, stay: Stay) -> str | None:
    """Where the user already reaches this stay without break-the-glass, if anywhere."""
    if stay.pk in policy.break_glass_stay_ids(user):
        return reverse("stays:overview", args=[stay.pk])
    if policy.can(user, Perm.VIEW_RESIDENTS, stay):
        return reverse("stays:overview", args=[stay.pk])
    if policy.can(user, Perm.VIEW_STAY_SECURITY, stay):
        return reverse("stays:security_detail", args=[stay.pk])
    return None


def lead_alert_recipients(*, excluding: Any = None) -> list[str]:
    """The addresses a break-the-glass alert goes to: active competence-team leads with one.

    ``excluding`` leaves out the user who opened the access (nobody is
    alerted about their own).
    """
    leads = Membership.objects.filter(
        role=Role.COORDINATOR, is_lead=True, user__is_active=True
    ).exclude(user__email="")
    if excluding is not None:
        leads = leads.exclude(user_id=excluding.pk)
    return sorted(set(leads.values_list("user__email", flat=True)))


def can_alert_a_lead(*, excluding: Any = None) -> bool:
    """Would an access opened now (by ``excluding``) reach a lead by e-mail?"""
    return bool(lead_alert_recipients(excluding=excluding))


def attempts_today(*, user: Actor, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return AuditEntry.objects.filter(
        actor_id=user.pk, action__in=[OPENED, NOT_FOUND], at__gte=now - dt.timedelta(days=1)
    ).count()


def active_for(*, user: Actor) -> QuerySet[BreakGlassAccess]:
    """The user's own accesses that are still open, newest first."""
    return BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now()).order_by(
        "-opened_at"
    )


def review_queue(*, fetched_by: Viewer, include_done: bool = False) -> QuerySet[BreakGlassAccess]:
    """Accesses for the competence-team lead to review (Perm.REVIEW_AUDIT), oldest first."""
    queryset = policy.visible(
        fetched_by,
        BreakGlassAccess.objects.select_related("user", "stay__offer__municipality", "reviewed_by"),
        Perm.REVIEW_AUDIT,
    )
    if not include_done:
        queryset = queryset.filter(review=BreakGlassAccess.Review.PENDING)
    return queryset.order_by("opened_at", "pk")


def review_get(
    *, fetched_by: Viewer, pk: Any, request: HttpRequest | None = None
) -> BreakGlassAccess:
    """One access for the lead to review, or 404; a GET shows its reason and note (audited)."""
    access = policy.get_object_for(
        fetched_by,
        BreakGlassAccess.objects.select_related("user", "stay__offer__municipality", "reviewed_by"),
        Perm.REVIEW_AUDIT,
        pk=pk,
    )
    if request is None or request.method == "GET":
        reads.BREAK_GLASS_REVIEW.record(actor=fetched_by, objects=[access], request=request)
    return access


def pending_review_count(*, fetched_by: Viewer) -> int:
    return review_queue(fetched_by=fetched_by).count()


def reads_during(access: BreakGlassAccess) -> QuerySet[AuditEntry]:
    """What the user read through this access: the ``read`` codes (audit/actions.py) with
    the break-the-glass purpose."""
    return AuditEntry.objects.filter(
        actor_id=access.user_id,
        at__gte=access.opened_at,
        at__lte=access.expires_at,
        purpose__startswith=BREAK_GLASS_PURPOSE,
        action__in=sorted(actions.codes(actions.Kind.READ)),
    ).order_by("seq")


@dataclass(frozen=True)
class ReadRow:
    """One read for the review page, in plain words."""

    at: dt.datetime
    what: str
    code: str
    purpose: str


def read_rows(access: BreakGlassAccess) -> list[ReadRow]:
    return [
        ReadRow(at=e.at, what=actions.text(e.action), code=e.action, purpose=e.purpose)
        for e in reads_during(access)
    ]


# --- services ---------------------------------------------------------------------


def open_access(
    *,
    user: Actor,
    reference: str = "",
    identity_number: str = "",
    reason: str,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> BreakGlassAccess:
    """Open a break-the-glass access to one resident, or raise.

    Raises ValidationError without a reason (whatever the lookup would give),
    TooManyAttempts, AlreadyAllowed (the user needs no break-the-glass) or
    NotFound (audited as an attempt).
    """
    reason = (reason or "").strip()
    reference = (reference or "").strip()
    identity_number = (identity_number or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            _(
                "Skriv hvorfor du trenger nødtilgang (minst 10 tegn). Uten begrunnelse får du ikke tilgang."
            ),
            code="reason_required",
        )
    if bool(reference) == bool(identity_number):
        raise ValidationError(
            _("Skriv enten referansen eller fødselsnummeret, ikke begge."),
            code="one_lookup",
        )
    if not policy.has_perm(user, Perm.USE_BREAK_GLASS):
        raise ValidationError(_("Du kan ikke bruke nødtilgang."), code="not_allowed")
    if reference:
        canonical = references.normalise(reference)
        if canonical is None:
            raise ValidationError(REFERENCE_TYPO, code="reference_invalid")
        reference = canonical
    now = now or timezone.now()
    with transaction.atomic():
        if attempts_today(user=user, now=now) >= MAX_ATTEMPTS_PER_DAY:
            raise TooManyAttempts
        stay = _find_stay(reference=reference, identity_number=identity_number)
        if stay is None:
            record(
                actor=user,
                action=NOT_FOUND,
                object_type="stays.Stay",
                fields=["reference" if reference else "identity_number"],
                purpose=BREAK_GLASS_PURPOSE,
                request=request,
            )
        else:
            url = _ordinary_url(user, stay)
            if url is not None:
                raise AlreadyAllowed(url)
            access = BreakGlassAccess.objects.create(
                user=user,
                stay=stay,
                reason=reason,
                looked_up_by=BreakGlassAccess.LookedUpBy.REFERENCE
                if reference
                else BreakGlassAccess.LookedUpBy.IDENTITY_NUMBER,
                opened_at=now,
                expires_at=now + dt.timedelta(minutes=minutes()),
            )
            record(
                actor=user,
                action=OPENED,
                obj=stay,
                fields=["reason"],
                purpose=f"{BREAK_GLASS_PURPOSE} {access.pk}",
                request=request,
            )
            transaction.on_commit(lambda: _alert_leads(access))
    if stay is None:
        # Outside the atomic block: the attempt's audit row must stay.
        raise NotFound
    policy.forget_break_glass(user)
    return access


def _alert_leads(access: BreakGlassAccess) -> None:
    """E-mail the competence-team lead(s): no name, no reason, no resident; only a link."""
    recipients = lead_alert_recipients(excluding=access.user)
    if not recipients:
        # The access stays open (it is for emergencies) and waits on the
        # start page; the log says nobody was told, with the access id only.
        logger.warning(
            "break-the-glass access %s opened, but no competence-team lead can be alerted "
            "by e-mail (no active lead with an e-mail address)",
            access.pk,
        )
        return
    link = settings.SITE_URL.rstrip("/") + reverse("access:break_glass_review", args=[access.pk])
    subject = "Botilbud: en nødtilgang må gjennomgås"
    body = (
        "En nødtilgang (break-the-glass) er tatt i bruk og må gjennomgås.\n\n"
        f"Logg inn og se saken her: {link}\n\n"
        "A break-the-glass access needs review. Sign in to see it.\n"
    )
    try:
        send_notice(subject=subject, text=body, recipients=recipients)
    except Exception:
        # The start page shows the item anyway; never lose the access over mail.
        logger.exception("break-the-glass %s: alert e-mail failed", access.pk)


def record_review(
    *,
    reviewer: Actor,
    access_id: int,
    outcome: str,
    note: str,
    request: HttpRequest | None = None,
) -> BreakGlassAccess:
    """The lead records whether an access was justified; once, never for their own."""
    if outcome not in {BreakGlassAccess.Review.JUSTIFIED, BreakGlassAccess.Review.NOT_JUSTIFIED}:
        raise ValidationError(_("Velg om tilgangen var begrunnet."), code="outcome")
    note = (note or "").strip()
    if outcome == BreakGlassAccess.Review.NOT_JUSTIFIED and not note:
        raise ValidationError(
            _("Skriv hva som skal skje videre når tilgangen ikke var begrunnet."), code="note"
        )
    with transaction.atomic():
        access = policy.get_object_for(
            reviewer,
            BreakGlassAccess.objects.select_for_update(),
            Perm.REVIEW_AUDIT,
            pk=access_id,
        )
        if access.user_id == reviewer.pk:
            raise ValidationError(_("Du kan ikke vurdere din egen nødtilgang."), code="self")
        if access.review != BreakGlassAccess.Review.PENDING:
            raise ValidationError(_("Denne nødtilgangen er allerede vurdert."), code="done")
        access.review = outcome
        access.review_note = note
        access.reviewed_by = reviewer
        access.reviewed_at = timezone.now()
        access.save(
            update_fields=["review", "review_note", "reviewed_by", "reviewed_at", "updated_at"]
        )
        record(
            actor=reviewer,
            action=REVIEWED,
            obj=access,
            fields=["review", "review_note"],
            purpose=f"gjennomgang av nødtilgang: {outcome}",
            request=request,
        )
    return access
