"""What the stay's writes share: the locked stay, the date format, the 9-month rule.

Every service locks the stay row first (``_locked``), so two people saving
at once are serialised and each sees the other's status.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stays import selectors
from stays.models import (
    Stay,
)

OVER_NINE_MONTHS = "Oppholdet går over 9 måneder. Skriv begrunnelse og ny sluttdato."


MISSING_INDICATORS = "Fyll ut alle de sju måloppnåelsesindikatorene før du avslutter."


def _d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _locked(stay: Stay, *statuses: str) -> Stay:
    locked = Stay.objects.select_for_update().select_related("offer").get(pk=stay.pk)
    if statuses and locked.status not in statuses:
        raise ValidationError(
            _("Oppholdet har status «%(status)s», og dette kan ikke gjøres nå.")
            % {"status": locked.get_status_display()}
        )
    return locked


# --- the 9-month rule (planned move-out and move-out) ------------------------


def _check_nine_months(
    stay: Stay, end: dt.date, extension_reason: str, field: str = "extension_reason"
) -> bool:
    """Raise unless ``end`` is within 9 months or comes with a reason. True when it extends."""
    limit = selectors.nine_months_end(stay)
    if limit is None or end <= limit:
        return False
    covered = (
        stay.extended_until is not None and end <= stay.extended_until and stay.extension_reason
    )
    if covered:
        return False
    if not extension_reason.strip():
        raise ValidationError(
            {field: _("Oppholdet går over 9 måneder. Skriv begrunnelse og ny sluttdato.")}
        )
    return True
