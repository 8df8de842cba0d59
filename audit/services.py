"""Writing the audit log. Call these from services, inside the action's transaction.

We log explicitly instead of with model signals so that we choose what goes
in: field *names* and a purpose, never values, so decrypted secrets (an
address, a marker) can never end up in the log. Because ``record`` joins the
caller's transaction, an action that rolls back leaves no audit row, and an
audit row that cannot be written rolls the action back (SECURITY.md 21).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from accounts.actors import Viewer
from accounts.memberships import memberships
from audit import actions
from audit.hashing import entry_hash, normalise_ip
from audit.models import AuditEntry, AuditHead
from core import faults
from core.net import client_ip

logger = logging.getLogger(__name__)

# `stays.address.viewed`, `accounts.user.login`: lower-case dotted codes.
ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# A field name, optionally dotted (`address.postcode`). Anything with spaces,
# digits first or punctuation is probably a value and is refused.
FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
MAX_PURPOSE = 500
BREAK_GLASS_PURPOSE = "break-the-glass"

# --- reads through break-the-glass: the access policy answers (SECURITY.md 7, 24) -------

BreakGlassCovers = Callable[[Any, Model | None], bool]
"""(signed-in user, object) → is this object read through the user's break-the-glass access?"""

_break_glass_covers: BreakGlassCovers | None = None


def mark_break_glass_reads_with(covers: BreakGlassCovers) -> None:
    """Register the answer to "is this row written through break-the-glass?".

    The audit log sits below access in the layers and cannot ask the policy;
    ``AccessConfig.ready`` registers ``access.policy.break_glass_covers`` here,
    once, at start-up. Every row written for a signed-in user then gets the
    ``break-the-glass`` purpose when the object lies in a stay the user opened
    that way, whichever app writes the row (some 130 places: one answer here
    instead of each of them passing it on). Without a registered answer a row
    for a signed-in user is refused, so such a read can never go unmarked.
    """
    global _break_glass_covers
    _break_glass_covers = covers


def record(
    *,
    actor: Viewer,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    fields: Iterable[str] = (),
    purpose: str = "",
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one audit entry for ``actor`` doing ``action`` to ``obj``.

    ``fields`` are the names of the fields read or changed, never their values.
    Call it inside the transaction of the action itself.
    """
    with transaction.atomic():
        head = _locked_head()
        entry = _build(
            head,
            actor=actor,
            action=action,
            obj=obj,
            object_type=object_type,
            object_id=object_id,
            fields=fields,
            purpose=purpose,
            request=request,
        )
        AuditEntry.objects.all()._append_chain([entry])
        faults.point("audit.record.after_entry")  # crash test: entry written, head not moved
        _move_head(head, entry)
    return entry


def record_read(
    *,
    actor: Viewer,
    objects: Iterable[Model],
    action: str,
    fields: Iterable[str],
    purpose: str,
    request: HttpRequest | None = None,
) -> list[AuditEntry]:
    """Append one entry per object shown, for list pages, htmx partials and exports.

    Every person on a list counts as read (SECURITY.md 21), so one row each.
    """
    field_names = list(fields)
    with transaction.atomic():
        head = _locked_head()
        entries: list[AuditEntry] = []
        for obj in objects:
            entry = _build(
                head,
                actor=actor,
                action=action,
                obj=obj,
                object_type="",
                object_id="",
                fields=field_names,
                purpose=purpose,
                request=request,
            )
            entries.append(entry)
            head.seq, head.hash = entry.seq, entry.hash
        if not entries:
            return []
        AuditEntry.objects.all()._append_chain(entries)
        _move_head(head, entries[-1])
    return entries


def _locked_head() -> AuditHead:
    """Lock the chain head row: concurrent writers queue here (SELECT … FOR UPDATE)."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # The migration creates the row; it is missing only after a flush (tests)
    # or tampering. Continue from the newest entry so the service keeps
    # running; verify_audit still compares against the external anchors.
    last = AuditEntry.objects.order_by("-seq").only("seq", "hash").first()
    if last is not None:
        logger.error("audit head row missing; recreated from entry seq=%s", last.seq)
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": last.seq, "hash": last.hash} if last else {}
    )
    return head


def _move_head(head: AuditHead, entry: AuditEntry) -> None:
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])


def _build(
    head: AuditHead,
    *,
    actor: Viewer,
    action: str,
    obj: Model | None,
    object_type: str,
    object_id: str,
    fields: Iterable[str],
    purpose: str,
    request: HttpRequest | None,
) -> AuditEntry:
    if not ACTION_RE.match(action) or len(action) > 100:
        raise ValueError(f"audit action must be a dotted code, got {action!r}")
    if not actions.is_registered(action):
        raise ValueError(f"audit action {action!r} is not registered in audit/actions.py")
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or ("" if obj.pk is None else str(obj.pk))
    object_id = str(object_id)
    if len(object_type) > 100 or len(object_id) > 100:
        raise ValueError("audit object_type/object_id too long")
    field_names = _field_names(fields)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if user is not None and _break_glass_covers is None:
        raise ImproperlyConfigured("no break-the-glass answer registered (AccessConfig.ready)")
    if (
        user is not None
        and _break_glass_covers is not None
        and not purpose.startswith(BREAK_GLASS_PURPOSE)
        and _break_glass_covers(user, obj)
    ):
        # Reads through a break-the-glass access say so (SECURITY.md 7, 24).
        purpose = f"{BREAK_GLASS_PURPOSE}: {purpose}" if purpose else BREAK_GLASS_PURPOSE
    if len(purpose) > MAX_PURPOSE:
        raise ValueError("audit purpose must be short")

    held = memberships(user)
    entry = AuditEntry(
        seq=head.seq + 1,
        # Set here, not by the database, because the hash covers it.
        at=timezone.now(),
        actor_id=user.pk if user is not None else None,
        actor_username=user.get_username() if user is not None else "",
        roles=",".join(sorted({m.role for m in held})),
        organisations=",".join(sorted({m.organisation.name for m in held})),
        action=action,
        object_type=object_type,
        object_id=object_id,
        fields=field_names,
        purpose=purpose,
        # The real client behind TRUSTED_PROXY_COUNT proxies (core/net.py).
        ip=normalise_ip(client_ip(request)) if request is not None else None,
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(entry)
    return entry


def _field_names(fields: Iterable[str]) -> list[str]:
    if isinstance(fields, str):
        raise TypeError("fields must be a list of field names, not a string")
    names: list[str] = []
    for name in fields:
        if not isinstance(name, str) or not FIELD_RE.match(name) or len(name) > 100:
            # Do not echo the value: it may be exactly the secret we keep out.
            raise ValueError("audit fields must be field names, not values")
        if name not in names:
            names.append(name)
    return names


# --- reads of personal data: declared once, recorded by the selectors ------------------

READS: list[Read] = []


@dataclass(frozen=True)
class Read:
    """One kind of read of personal data: what a page, htmx partial or export shows.

    The selector that fetches the data records it (``record``) in the same
    request: one row per object shown (per resident on a list), in one batch,
    so a page's query count does not grow with what it shows. ``fields`` are
    field names on ``model``, dotted through relations for what lives on a
    related row (``person.name``, ``action_plan.goals.text``); ``on_show``
    the ones a page shows only after a deliberate «vis». The action must be a
    read code in ``audit/actions.py``, whose text names what was seen for the
    person's art. 15 report («Handlingsplan: sett»). Every declaration is kept
    in ``READS``, so a test checks that each field name leads somewhere
    (docs/audit.md).
    """

    action: str
    model: str
    fields: tuple[str, ...]
    purpose: str
    on_show: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not actions.is_read(self.action):
            raise ValueError(
                f"a read's action must be a read code in audit/actions.py: {self.action!r}"
            )
        _field_names([*self.fields, *self.on_show])
        if any(read.action == self.action for read in READS):
            raise ValueError(f"the read {self.action!r} is declared twice")
        READS.append(self)

    def record(
        self,
        *,
        actor: Viewer,
        objects: Iterable[Model],
        request: HttpRequest | None = None,
        shown: bool | Iterable[str] = False,
        purpose: str = "",
    ) -> list[AuditEntry]:
        """Audit the read of ``objects``: one row each, in one batch.

        ``shown``: True (all of ``on_show``) or the ``on_show`` fields revealed;
        ``purpose``: a more precise one for this page than the declared one.
        """
        revealed = list(self.on_show if shown is True else () if shown is False else shown)
        if not set(revealed) <= set(self.on_show):
            raise ValueError("shown fields must be declared in on_show")
        objects = list(objects)
        concrete = apps.get_model(self.model)._meta.concrete_model
        if any(obj._meta.concrete_model is not concrete for obj in objects):
            raise TypeError(f"{self.action} records {self.model} rows only")
        return record_read(
            actor=actor,
            objects=objects,
            action=self.action,
            fields=[*self.fields, *revealed],
            purpose=purpose or self.purpose,
            request=request,
        )
