"""Security (sikkerhet): the stay as the follow-up sees it, the security conversation, crisis plan, measures and threat picture.

Part of the follow-up models (``followup.models``): free text about the
resident encrypted, dates, statuses and choices plain.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from stays.models import Stay


class FollowedStay(Stay):
    """The stay as the follow-up pages see it.

    A proxy so the policy can scope it by the follow-up permissions without
    touching the stays app's own scope for ``stays.Stay``.
    """

    class Meta:
        proxy = True
        verbose_name = _("opphold (oppfølging)")
        verbose_name_plural = _("opphold (oppfølging)")


# --- security conversation and crisis plan -----------------------------------


class ChecklistItem(models.TextChoices):
    """The written checklist for the security conversation (2011 evaluation, §5.2.3.1)."""

    ALARMS = "alarms", _("Hvordan alarmene virker og hvem du ringer")
    DIGITAL = "digital", _("Trygg bruk av telefon, e-post og sosiale medier")
    ADDRESS = "address", _("Adressen er hemmelig")
    NO_VISITORS = "no_visitors", _("Ingen besøk i boligen")
    FAMILY_CONTACT = (
        "family_contact",
        _(
            "Ingen kontakt med familie eller gammelt nettverk uten avklaring, og si fra hvis det skjer"
        ),
    )
    NAME_COVER = "name_cover", _("Navnendring og dekkhistorie")
    PRACTICAL = "practical", _("Praktiske råd, for eksempel å variere veien hjem")
    PLACES_TO_AVOID = "places_to_avoid", _("Steder du bør unngå")


class SecurityConversation(SyntheticMarkMixin, TimeStampedModel):
    """Sikkerhetssamtale with the local police in the first days after arrival."""

    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.PROTECT, related_name="security_conversation"
    )
    held_on = models.DateField(_("dato for samtalen"))
    police_participants = models.CharField(_("fra politiet"), max_length=200)
    staff_participants = models.CharField(_("fra botilbudet"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sikkerhetssamtale")
        verbose_name_plural = _("sikkerhetssamtaler")


class ConversationItem(SyntheticMarkMixin, models.Model):
    conversation = models.ForeignKey(
        SecurityConversation, on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("punkt"), max_length=30, choices=ChecklistItem)
    covered = models.BooleanField(_("gjennomgått"))
    note = EncryptedTextField(_("merknad"), blank=True, default="")

    class Meta:
        verbose_name = _("punkt i sikkerhetssamtalen")
        verbose_name_plural = _("punkter i sikkerhetssamtalen")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "item"], name="conversation_item_once")
        ]

    def __str__(self) -> str:
        return str(self.get_item_display())


class CrisisScenario(SyntheticMarkMixin, TimeStampedModel):
    """One line of the kriseplan: «Hva gjør du hvis …» and the resident's answer."""

    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, related_name="crisis_scenarios"
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    scenario = EncryptedTextField(_("hva gjør du hvis …"))
    response = EncryptedTextField(_("dette gjør jeg"))

    class Meta:
        verbose_name = _("scenario i kriseplanen")
        verbose_name_plural = _("kriseplan")
        ordering = ["position", "pk"]


# --- security measures and threat picture -------------------------------------


class SecurityMeasure(SyntheticMarkMixin, TimeStampedModel):
    """One measure considered for the resident, chosen or not, always with a reason."""

    class Kind(models.TextChoices):
        VIOLENCE_ALARM = "violence_alarm", _("Voldsalarm")
        DWELLING_ALARM = "dwelling_alarm", _("Boligalarm")
        CODE_6 = "code_6", _("Strengt fortrolig adresse (kode 6)")
        CODE_7 = "code_7", _("Fortrolig adresse (kode 7)")
        NAME_CHANGE = "name_change", _("Navnendring")
        OTHER = "other", _("Annet tiltak")

    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, related_name="security_measures"
    )
    kind = models.CharField(_("tiltak"), max_length=20, choices=Kind)
    chosen = models.BooleanField(_("valgt"))
    reason = EncryptedTextField(_("begrunnelse"))
    applied_on = models.DateField(_("søkt"), null=True, blank=True)
    granted_on = models.DateField(_("innvilget"), null=True, blank=True)
    ended_on = models.DateField(_("levert tilbake / avsluttet"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sikkerhetstiltak")
        verbose_name_plural = _("sikkerhetstiltak")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "kind"],
                condition=~Q(kind="other"),
                name="measure_kind_once_per_stay",
            ),
            models.CheckConstraint(
                condition=Q(granted_on__isnull=True)
                | Q(applied_on__isnull=False, granted_on__gte=F("applied_on")),
                name="measure_granted_after_applied",
            ),
            # Ended after it was granted, or (an application that was never
            # granted, withdrawn or no longer needed) after it was applied for.
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(granted_on__isnull=False, ended_on__gte=F("granted_on"))
                | Q(
                    granted_on__isnull=True, applied_on__isnull=False, ended_on__gte=F("applied_on")
                ),
                name="measure_ended_after_started",
            ),
        ]

    def waiting_days(self, today: dt.date) -> int | None:
        """Days from application to grant, or to today while still waiting."""
        if self.applied_on is None:
            return None
        return ((self.granted_on or today) - self.applied_on).days


class ThreatChange(SyntheticMarkMixin, TimeStampedModel):
    """A dated change in the threat picture, written by police roles only."""

    class Risk(models.TextChoices):
        LOW = "low", _("Lav")
        MODERATE = "moderate", _("Moderat")
        HIGH = "high", _("Høy")

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="threat_changes")
    recorded_on = models.DateField(_("dato"))
    risk_level = models.CharField(_("risikonivå nå"), max_length=10, choices=Risk)
    detail = EncryptedTextField(_("hva har endret seg"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("endring i trusselbildet")
        verbose_name_plural = _("endringer i trusselbildet")
        ordering = ["-recorded_on", "-pk"]
