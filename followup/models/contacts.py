"""The contact log (kontaktlogg): contacts and their themes.

Part of the follow-up models (``followup.models``): free text about the
resident encrypted, dates, statuses and choices plain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedJSONField, EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from followup.models.plan import PlanGoal


class Theme(models.TextChoices):
    SECURITY = "security", _("Sikkerhet")
    MENTAL_HEALTH = "mental_health", _("Psykisk helse")
    PRACTICAL = "practical", _("Praktisk")
    SCHOOL_WORK = "school_work", _("Skole og arbeid")
    ECONOMY = "economy", _("Økonomi")
    SOCIAL_NETWORK = "social_network", _("Sosialt nettverk")
    HOUSING = "housing", _("Bolig")
    FAMILY = "family", _("Familie")


MAX_MINUTES = 1440


class Contact(SyntheticMarkMixin, TimeStampedModel):
    """One registered follow-up contact: the time spent and in which context."""

    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("Møte")
        PHONE = "phone", _("Telefon")
        VIDEO = "video", _("Video")
        MESSAGE = "message", _("Melding")

    class With(models.TextChoices):
        RESIDENT = "resident", _("Beboeren")
        CHILD = "child", _("Barn")
        PARTNER_SERVICE = "partner_service", _("Samarbeidspartner")

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="contacts")
    contact_on = models.DateField(_("dato"))
    minutes = models.PositiveSmallIntegerField(_("minutter"))
    form = models.CharField(_("form"), max_length=20, choices=Form)
    with_whom = models.CharField(_("med hvem"), max_length=20, choices=With)
    partner = models.ForeignKey(
        "housing.PartnerService",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hvilken samarbeidspartner"),
    )
    heavy_strain = models.BooleanField(_("periode med store psykiske belastninger"), default=False)
    goal = models.ForeignKey(
        PlanGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("mål i handlingsplanen"),
    )
    is_aftercare = models.BooleanField(_("etteroppfølging"), default=False)
    note = EncryptedTextField(_("notat"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["-contact_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES), name="contact_minutes_range"
            ),
            models.CheckConstraint(
                condition=Q(with_whom="partner_service") | Q(partner__isnull=True),
                name="contact_partner_only_for_partner_service",
            ),
        ]
        indexes = [
            models.Index(fields=["stay", "contact_on"]),
            # The national statistics read one year of contacts across all stays.
            models.Index(fields=["contact_on"], name="followup_contact_on_idx"),
        ]


class ContactTheme(SyntheticMarkMixin, models.Model):
    """Themes of a contact, one row each, so time per theme is one SQL sum."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("tema"), max_length=20, choices=Theme)

    class Meta:
        verbose_name = _("tema for kontakt")
        verbose_name_plural = _("temaer for kontakt")
        constraints = [
            models.UniqueConstraint(fields=["contact", "theme"], name="contact_theme_once")
        ]

    def __str__(self) -> str:
        return str(self.get_theme_display())


class ContactCorrection(SyntheticMarkMixin, TimeStampedModel):
    """Retting av kontakt: one correction of a contact in the contact log.

    ``fields`` names what was changed (names only, for the audit log and the
    «Rettet» mark); ``content`` keeps the earlier minutes, form and themes
    and why it was corrected; ``previous_note`` the earlier note, apart, so
    it stays behind «Vis notater» like the note itself. Both encrypted.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="corrections")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    fields = models.JSONField(_("rettede felt"), default=list)
    content = EncryptedJSONField(_("tidligere verdier og begrunnelse"), default=dict)
    previous_note = EncryptedTextField(_("tidligere notat"), blank=True, default="")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("retting av kontakt")
        verbose_name_plural = _("rettinger av kontakt")

    def __str__(self) -> str:
        return f"{self.contact} ({self.created_at:%Y-%m-%d})"
