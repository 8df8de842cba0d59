"""The ten follow-up areas (oppfølgingsområdene), per stay and per child.

Part of the follow-up models (``followup.models``): free text about the
resident encrypted, dates, statuses and choices plain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel


class Area(models.TextChoices):
    """The platform's follow-up areas (§3b); the tenth is one plan per accompanying child."""

    MAPPING = "mapping", _("Kartlegging av behov")
    PARTICIPATION = "participation", _("Brukermedvirkning")
    OTHER_SERVICES = "other_services", _("Samarbeid med andre tjenester")
    MILIEU_THERAPY = "milieu_therapy", _("Miljøterapeutisk oppfølging (miljøterapi)")
    SECURITY = "security", _("Sikkerhetsarbeid")
    DAY_ACTIVITY = "day_activity", _("Dagaktivitet")
    SOCIAL_NETWORK = "social_network", _("Sosialt nettverk")
    NEW_HOUSING = "new_housing", _("Ny bolig")
    FOLLOWUP_NEW_HOUSING = "followup_new_housing", _("Oppfølging i ny bolig")
    CHILD_PLAN = "child_plan", _("Egen oppfølgingsplan for barnet")


class AreaStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Ferdig")
    NOT_RELEVANT = "not_relevant", _("Ikke aktuelt")


class FollowupArea(SyntheticMarkMixin, TimeStampedModel):
    """Status and notes for one area; for ``child_plan`` one row per accompanying child."""

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="followup_areas")
    area = models.CharField(_("område"), max_length=30, choices=Area)
    # Set only for the child's own follow-up plan: the child as stays records it.
    child = models.ForeignKey(
        "stays.HouseholdMember",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followup_plans",
        verbose_name=_("barn"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AreaStatus, default=AreaStatus.NOT_STARTED
    )
    notes = EncryptedTextField(_("notater"), blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("oppfølgingsområde")
        verbose_name_plural = _("oppfølgingsområder")
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "area"], condition=Q(child__isnull=True), name="followup_area_once"
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(child__isnull=False), name="followup_child_plan_once"
            ),
            models.CheckConstraint(
                condition=Q(area="child_plan", child__isnull=False)
                | (~Q(area="child_plan") & Q(child__isnull=True)),
                name="followup_area_child_only_for_child_plan",
            ),
        ]
