"""The individual action plan (handlingsplan): goals, actions and evaluations.

Part of the follow-up models (``followup.models``): free text about the
resident encrypted, dates, statuses and choices plain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Ferdig")
    DROPPED = "dropped", _("Droppet")


class ActionPlan(SyntheticMarkMixin, TimeStampedModel):
    """Individuell handlingsplan, written with the resident."""

    stay = models.OneToOneField("stays.Stay", on_delete=models.PROTECT, related_name="action_plan")
    made_on = models.DateField(_("planen ble laget"))
    own_words = EncryptedTextField(_("beboerens egne ord"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")


class PlanGoal(SyntheticMarkMixin, TimeStampedModel):
    """A goal, or a sub-goal when ``parent`` is set (one level deep)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="subgoals"
    )
    text = EncryptedTextField(_("mål"))
    status = models.CharField(
        _("status"), max_length=20, choices=Progress, default=Progress.NOT_STARTED
    )

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["pk"]


class PlanAction(SyntheticMarkMixin, TimeStampedModel):
    """A measure (tiltak) towards a goal or sub-goal, with who is responsible."""

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    text = EncryptedTextField(_("tiltak"))
    responsible = models.CharField(_("hvem har ansvaret"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=Progress, default=Progress.NOT_STARTED
    )

    class Meta:
        verbose_name = _("tiltak i handlingsplanen")
        verbose_name_plural = _("tiltak i handlingsplanen")
        ordering = ["pk"]


class PlanEvaluation(SyntheticMarkMixin, TimeStampedModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("dato for evalueringen"))
    summary = EncryptedTextField(_("oppsummering"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluering av handlingsplanen")
        verbose_name_plural = _("evalueringer av handlingsplanen")
        ordering = ["-evaluated_on", "-pk"]
