"""The resident list as a CSV file (beboerliste): a bulk export that needs a second person's approval.

The approval is asked for and decided in ``access.approvals``; this act uses
it up once (``approvals.consume``) in the transaction that writes the export's
audit rows.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from access import policy
from access.approvals import Kind, consume
from access.policy import Perm
from accounts.actors import Actor
from audit.services import record_read
from core.spreadsheets import csv_bytes
from stays.models import Stay


def export_resident_list(*, user: Actor, offer: Any, request: HttpRequest | None = None) -> bytes:
    """The offer's current residents as CSV (UTF-8 with BOM, ';'), once per approval.

    Uses up the user's approval, lists only residents the policy lets the user
    see, audits every person in the file, and neutralises spreadsheet formulas.
    Raises ApprovalRequired when there is no unused approval.
    """
    with transaction.atomic():
        consume(user=user, kind=Kind.BULK_EXPORT, subject_obj=offer, request=request)
        stays = list(
            policy.visible(
                user,
                Stay.objects.select_related("person").filter(offer=offer),
                Perm.VIEW_RESIDENTS,
            )
            .exclude(status__in=[Stay.Status.CLOSED, Stay.Status.WITHDRAWN])
            .order_by("moved_in_on", "pk")
        )
        record_read(
            actor=user,
            objects=stays,
            action="access.resident_list.exported",
            fields=["person.name", "status", "moved_in_on", "planned_move_out_on"],
            purpose="eksport av beboerliste (godkjent)",
            request=request,
        )
    # Through the one CSV writer of every export: ';', CRLF, UTF-8 with BOM,
    # every cell neutralised (core.spreadsheets).
    header = [
        _("Oppholdsnummer"),
        _("Navn"),
        _("Status"),
        _("Innflytting"),
        _("Planlagt utflytting"),
    ]
    rows = [
        [
            stay.pk,
            stay.person.name if stay.person else "",
            str(stay.get_status_display()),
            stay.moved_in_on.strftime("%d.%m.%Y") if stay.moved_in_on else "",
            stay.planned_move_out_on.strftime("%d.%m.%Y") if stay.planned_move_out_on else "",
        ]
        for stay in stays
    ]
    return csv_bytes([header, *rows], delimiter=";")
