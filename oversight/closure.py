"""Closing a stay (avslutning) with its open security measures settled.

``stays.services.stay_close`` records the goal indicators and the
destination, but stays cannot see followup's security measures (layers). A
stay must not close while a chosen measure is still running or pending — a
violence alarm not returned, an address code (kode 6/7) still applied for —
without anyone deciding about it. So the closure the pages use is composed
here: every chosen measure without an end date is either ended on the
security page first, or acknowledged one by one on the closure form (for
instance: returned, but the date was never recorded). Each acknowledgement
is audited on the measure itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from followup.models import SecurityMeasure
from followup.selectors import measure_state
from stays import services as stay_services
from stays.models import Stay


@dataclass(frozen=True)
class OpenMeasure:
    """A chosen measure without an end date, as the closure form names it (no reasons)."""

    pk: int
    label: str  # «Voldsalarm: ikke levert tilbake»

    @property
    def field(self) -> str:
        return f"measure_{self.pk}"


def _state_text(measure: SecurityMeasure) -> str:
    state = measure_state(measure)
    alarms = (SecurityMeasure.Kind.VIOLENCE_ALARM, SecurityMeasure.Kind.DWELLING_ALARM)
    if measure.kind in alarms and state == "active":
        return _("ikke levert tilbake")
    return {
        "planned": _("ikke søkt ennå"),
        "waiting": _("venter på svar"),
        "active": _("ikke avsluttet"),
    }.get(state, state)


def open_measures(stay: Stay) -> list[OpenMeasure]:
    """Every chosen, not ended measure of the stay, whoever asks.

    For the closure check and the closure page only: both are reached through
    ``Perm.CLOSE_STAY``, whose holders (the offer's project lead) also hold
    ``VIEW_SECURITY_MEASURES``; only the kind and state are named.
    """
    rows = SecurityMeasure.objects.filter(
        stay_id=stay.pk, chosen=True, ended_on__isnull=True
    ).defer("reason")
    return [
        OpenMeasure(m.pk, f"{m.get_kind_display()}: {_state_text(m)}")
        for m in rows.order_by("kind", "pk")
    ]


@transaction.atomic
def stay_close(
    *,
    stay: Stay,
    closed_on: dt.date,
    indicators: Mapping[str, str],
    notes: Mapping[str, str],
    destination: str,
    acknowledged: Collection[int] = (),
    by: Actor,
) -> Stay:
    """Close the stay (``stays.services.stay_close``) once no security measure is left open.

    ``acknowledged``: pks of open measures the closer confirmed as settled.
    Refused, and nothing saved, while any open measure is neither ended nor
    acknowledged; the message names each of them.
    """
    # Lock the stay first so a measure cannot be added between the check and the close.
    Stay.objects.select_for_update().filter(pk=stay.pk).first()
    still_open = open_measures(stay)
    missing = [m for m in still_open if m.pk not in acknowledged]
    if missing:
        names = ", ".join(m.label for m in missing)
        errors: dict[str, Any] = {
            NON_FIELD_ERRORS: [
                _(
                    "Oppholdet kan ikke avsluttes før sikkerhetstiltakene er avsluttet: "
                    "%(measures)s. Registrer at de er avsluttet under «Sikkerhet og tiltak», "
                    "eller bekreft hvert av dem i skjemaet."
                )
                % {"measures": names}
            ]
        }
        for m in missing:
            errors[m.field] = [
                _("Kryss av her, eller registrer sluttdatoen under «Sikkerhet og tiltak».")
            ]
        raise ValidationError(errors)
    closed = stay_services.stay_close(
        stay=stay,
        closed_on=closed_on,
        indicators=indicators,
        notes=notes,
        destination=destination,
        by=by,
    )
    for measure in SecurityMeasure.objects.filter(pk__in=[m.pk for m in still_open]):
        record(
            actor=by,
            action="followup.measure.acknowledged_at_closure",
            obj=measure,
            fields=["kind"],
            purpose="avslutning av opphold",
        )
    return closed
