"""The local police's security clearance of a dwelling (sikkerhetsklarering) and its recommendations.

Atomic, validated and audited like every write of housing (``housing.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates
from housing.models import (
    ClearanceRecommendation,
    Dwelling,
    SecurityClearance,
)

# The fields a clearance form may set (everything but who and where).
CLEARANCE_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in SecurityClearance._meta.get_fields()
    if getattr(f, "editable", False)
    and f.name
    not in {
        "id",
        "dwelling",
        "police_district",
        "recorded_by",
        "created_at",
        "updated_at",
        "is_synthetic",
    }
)


@transaction.atomic
def clearance_record(
    *,
    dwelling: Dwelling,
    values: Mapping[str, Any],
    recommendations: Iterable[str] = (),
    by: Actor,
) -> SecurityClearance:
    """Write down a police security clearance of a dwelling, with its recommendations."""
    unknown = set(values) - set(CLEARANCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown clearance fields: {sorted(unknown)}")
    dwelling = (
        Dwelling.objects.select_related("offer__municipality").defer("address").get(pk=dwelling.pk)
    )
    district = dwelling.offer.municipality.police_district
    if district is None:
        raise ValidationError(
            _(
                "Vertskommunen er ikke knyttet til et politidistrikt. Be systemadministratoren rette det."
            )
        )
    clearance = SecurityClearance(
        dwelling=dwelling,
        police_district=district,
        recorded_by=by,
        is_synthetic=dwelling.is_synthetic,
        **values,
    )
    errors: dict[str, str] = {}
    today = dates.today()
    if clearance.cleared_on and clearance.cleared_on > today:
        errors["cleared_on"] = _(
            "Klareringsdatoen kan ikke være fram i tid. Skriv datoen politiet gjorde vurderingen."
        )
    if (
        clearance.cleared_on
        and clearance.valid_until
        and clearance.valid_until < clearance.cleared_on
    ):
        errors["valid_until"] = _(
            "«Gyldig til og med» kan ikke være før klareringsdatoen. Sjekk begge datoene."
        )
    if errors:
        raise ValidationError(errors)
    clearance.full_clean()
    clearance.save()
    texts = [text.strip() for text in recommendations if text.strip()]
    for text in texts:
        recommendation = ClearanceRecommendation(
            clearance=clearance, text=text, is_synthetic=clearance.is_synthetic
        )
        recommendation.full_clean()
        recommendation.save()
    record(
        actor=by,
        action="housing.clearance.recorded",
        obj=clearance,
        fields=[*values, "recommendations"] if texts else list(values),
        purpose="sikkerhetsklarering",
    )
    return clearance


@transaction.atomic
def recommendation_mark_carried_out(
    *, recommendation: ClearanceRecommendation, carried_out_on: dt.date, by: Actor
) -> ClearanceRecommendation:
    """Record that a recommended security measure was carried out."""
    if carried_out_on > dates.today():
        raise ValidationError({"carried_out_on": _("Datoen kan ikke være fram i tid.")})
    recommendation = ClearanceRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    recommendation.carried_out = True
    recommendation.carried_out_on = carried_out_on
    recommendation.full_clean()
    recommendation.save(update_fields=["carried_out", "carried_out_on", "updated_at"])
    record(
        actor=by,
        action="housing.recommendation.carried_out",
        obj=recommendation,
        fields=["carried_out", "carried_out_on"],
        purpose="sikkerhetsklarering",
    )
    return recommendation
