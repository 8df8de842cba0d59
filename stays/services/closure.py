"""Closing the follow-up (avslutning) with the seven goal indicators and the destination.

Atomic, validated and audited like every write of the stay (``stays.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates
from stays.models import (
    GOAL_INDICATORS,
    Achievement,
    Destination,
    GoalIndicatorAssessment,
    Stay,
)
from stays.services.base import _d, _locked


@transaction.atomic
def stay_close(
    *,
    stay: Stay,
    closed_on: dt.date,
    indicators: Mapping[str, str],
    notes: Mapping[str, str],
    destination: str,
    by: Actor,
) -> Stay:
    """Close the follow-up with the seven goal indicators (platform §6) and the destination.

    Refused unless every indicator is yes/partly/no.
    """
    stay = _locked(stay, Stay.Status.MOVED_OUT)
    assert stay.moved_out_on is not None
    errors: dict[str, str] = {}
    missing = [
        code for code, _label in GOAL_INDICATORS if indicators.get(code) not in Achievement.values
    ]
    for code in missing:
        errors[code] = _("Fyll ut alle de sju måloppnåelsesindikatorene før du avslutter.")
    if destination not in Destination.values:
        errors["destination"] = _("Velg hvor beboeren flyttet. Velg «Ukjent» hvis dere ikke vet.")
    if closed_on < stay.moved_out_on:
        errors["closed_on"] = _("Oppholdet kan ikke avsluttes før utflyttingen (%(date)s).") % {
            "date": _d(stay.moved_out_on)
        }
    elif closed_on > dates.today():
        errors["closed_on"] = _("Avslutningsdatoen kan ikke være fram i tid.")
    if errors:
        raise ValidationError(errors)
    assessment = GoalIndicatorAssessment(
        stay=stay, assessed_on=closed_on, assessed_by=by, is_synthetic=stay.is_synthetic
    )
    for code, _label in GOAL_INDICATORS:
        setattr(assessment, code, indicators[code])
        setattr(assessment, f"{code}_note", (notes.get(code) or "").strip())
    assessment.full_clean()
    assessment.save()
    stay.closed_on = closed_on
    stay.destination = destination
    stay.status = Stay.Status.CLOSED
    if stay.aftercare_until is not None and stay.aftercare_until > closed_on:
        stay.aftercare_until = closed_on
    stay.full_clean()
    stay.save(update_fields=["closed_on", "destination", "status", "aftercare_until", "updated_at"])
    record(
        actor=by,
        action="stays.stay.closed",
        obj=stay,
        fields=[
            "closed_on",
            "destination",
            "status",
            *[code for code, _label in GOAL_INDICATORS],
            *[f"{code}_note" for code, _label in GOAL_INDICATORS],
        ],
        purpose="avslutning med måloppnåelse",
    )
    return stay
