"""The local police's security clearance of a dwelling (sikkerhetsklarering) and its recommendations.

Part of the housing models (``housing.models``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from housing.models.dwellings import Dwelling

# The police checklist (Sikringshåndboka, as the 2011 national evaluation of the
# service quotes it in §4.3.2.1): (field prefix, label).
LOCATION_ITEMS: list[tuple[str, Any]] = [
    ("area", _("Områdets beskaffenhet")),
    ("plot", _("Tomtas beskaffenhet og beliggenhet")),
    ("transport_route", _("Alternativ transportrute")),
    ("neighbouring_areas", _("Naboområder")),
    ("police_distance", _("Avstand til politiets innsatsstyrker")),
    ("perpetrator_escape", _("Rømningsveier for gjerningspersoner")),
]


DWELLING_ITEMS: list[tuple[str, Any]] = [
    ("doors_windows", _("Dører og vinduer")),
    ("insight", _("Innsyn")),
    ("garage_lift", _("Garasje og heis")),
    ("escape_routes", _("Rømningsveier og -steder")),
    ("alarm_cctv", _("Behov for alarmanlegg og kameraovervåking")),
    ("perimeter", _("Periferisikring (belysning og skjerming)")),
]


MINIMUM_REQUIREMENTS: list[tuple[str, Any]] = [
    ("min_door_peephole", _("Dørkikkert")),
    ("min_shatterproof_glass", _("Knusesikkert glass")),
    ("min_two_ways_out", _("To veier ut")),
    ("min_no_direct_insight", _("Ikke direkte innsyn")),
]


def _assessed(label: Any) -> models.BooleanField[bool, bool]:
    return models.BooleanField(label, default=False)


def _note(label: Any) -> EncryptedTextField:
    # Notes describe the secret dwelling's weak points: encrypted at rest.
    return EncryptedTextField(label, blank=True, default="")


class SecurityClearance(SyntheticMarkMixin, TimeStampedModel):
    """Sikkerhetsklarering av bolig by local police (platform §2), written down."""

    dwelling = models.ForeignKey(
        Dwelling, verbose_name=_("bolig"), on_delete=models.PROTECT, related_name="clearances"
    )
    police_district = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("politidistrikt"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "police_district"},
    )
    with_police_representative = models.BooleanField(
        _("Politifaglig ansvarlig i Kompetanseteamet var med"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cleared_on = models.DateField(_("klarert dato"))
    valid_until = models.DateField(_("gyldig til og med"))

    area_assessed = _assessed(_("Områdets beskaffenhet"))
    area_note = _note(_("Merknad om området"))
    plot_assessed = _assessed(_("Tomtas beskaffenhet og beliggenhet"))
    plot_note = _note(_("Merknad om tomta"))
    transport_route_assessed = _assessed(_("Alternativ transportrute"))
    transport_route_note = _note(_("Merknad om transportrute"))
    neighbouring_areas_assessed = _assessed(_("Naboområder"))
    neighbouring_areas_note = _note(_("Merknad om naboområder"))
    police_distance_assessed = _assessed(_("Avstand til politiets innsatsstyrker"))
    police_distance_note = _note(_("Merknad om avstand til politiet"))
    perpetrator_escape_assessed = _assessed(_("Rømningsveier for gjerningspersoner"))
    perpetrator_escape_note = _note(_("Merknad om rømningsveier for gjerningspersoner"))
    doors_windows_assessed = _assessed(_("Dører og vinduer"))
    doors_windows_note = _note(_("Merknad om dører og vinduer"))
    insight_assessed = _assessed(_("Innsyn"))
    insight_note = _note(_("Merknad om innsyn"))
    garage_lift_assessed = _assessed(_("Garasje og heis"))
    garage_lift_note = _note(_("Merknad om garasje og heis"))
    escape_routes_assessed = _assessed(_("Rømningsveier og -steder"))
    escape_routes_note = _note(_("Merknad om rømningsveier"))
    alarm_cctv_assessed = _assessed(_("Behov for alarmanlegg og kameraovervåking"))
    alarm_cctv_note = _note(_("Merknad om alarm og kamera"))
    perimeter_assessed = _assessed(_("Periferisikring (belysning og skjerming)"))
    perimeter_note = _note(_("Merknad om periferisikring"))

    min_door_peephole = models.BooleanField(_("Dørkikkert"), default=False)
    min_shatterproof_glass = models.BooleanField(_("Knusesikkert glass"), default=False)
    min_two_ways_out = models.BooleanField(_("To veier ut"), default=False)
    min_no_direct_insight = models.BooleanField(_("Ikke direkte innsyn"), default=False)

    class Meta:
        verbose_name = _("sikkerhetsklarering")
        verbose_name_plural = _("sikkerhetsklareringer")
        ordering = ["dwelling", "-cleared_on", "-pk"]
        get_latest_by = ["cleared_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("cleared_on")),
                name="clearance_valid_until_after_cleared_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Sikkerhetsklarering')} {self.pk}"

    @property
    def minimums_met(self) -> bool:
        return all(getattr(self, name) for name, _label in MINIMUM_REQUIREMENTS)

    def valid_on(self, day: dt.date) -> bool:
        return self.cleared_on <= day <= self.valid_until and self.minimums_met

    def checklist_rows(self) -> list[dict[str, object]]:
        """The checklist and minimum requirements as (label, yes/no, note) for display."""
        rows: list[dict[str, object]] = [
            {
                "label": label,
                "value": getattr(self, f"{code}_assessed"),
                "note": getattr(self, f"{code}_note"),
            }
            for code, label in [*LOCATION_ITEMS, *DWELLING_ITEMS]
        ]
        rows += [
            {
                "label": _("Minstekrav: %(name)s") % {"name": label},
                "value": getattr(self, name),
                "note": "",
            }
            for name, label in MINIMUM_REQUIREMENTS
        ]
        return rows


class ClearanceRecommendation(SyntheticMarkMixin, TimeStampedModel):
    """A measure the police recommended; the evaluation found these not followed up."""

    clearance = models.ForeignKey(
        SecurityClearance, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = EncryptedTextField(_("anbefaling"))
    carried_out = models.BooleanField(_("utført"), default=False)
    carried_out_on = models.DateField(_("utført dato"), null=True, blank=True)

    class Meta:
        verbose_name = _("anbefaling")
        verbose_name_plural = _("anbefalinger")
        ordering = ["clearance", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(carried_out=True) | Q(carried_out_on__isnull=True),
                name="recommendation_date_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Anbefaling %(pk)s") % {"pk": self.pk})
