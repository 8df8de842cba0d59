"""Consent (samtykke) to share, and each sharing done under it (utlevering).

Part of the intake models (``referrals.models``): personal data encrypted,
statuses and reasons plain choices the statistics count.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from referrals.models.assessments import Assessment
from referrals.models.intake import Person


class Consent(SyntheticMarkMixin, TimeStampedModel):
    """Samtykke for one purpose and one recipient. Withdrawal ends it; nothing is deleted."""

    class Purpose(models.TextChoices):
        POLICE_THREAT_ASSESSMENT = "police", _("Dele med politiet for trusselvurdering")
        RECEIVING_OFFER = "offer", _("Dele med botilbudet som tar imot")

    class RecipientKind(models.TextChoices):
        POLICE_DISTRICT = "police_district", _("Politidistrikt")
        TEAM_POLICE = "team_police", _("Politifaglig ansvarlig i Kompetanseteamet")
        MUNICIPALITY = "municipality", _("Vertskommune")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Skriftlig")
        ORAL = "oral", _("Muntlig")
        DIGITAL = "digital", _("Digitalt")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose)
    recipient_kind = models.CharField(_("mottaker"), max_length=20, choices=RecipientKind)
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("mottakende organisasjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_offer = models.ForeignKey(
        "housing.Offer",
        verbose_name=_("botilbud"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_on = models.DateField(_("gitt dato"))
    method = models.CharField(_("hvordan samtykket ble gitt"), max_length=10, choices=Method)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_on = models.DateField(_("utløper"), null=True, blank=True)
    withdrawn_on = models.DateField(_("trukket tilbake"), null=True, blank=True)
    withdrawal_reason = EncryptedTextField(_("grunn til tilbaketrekking"), blank=True, default="")

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(recipient_kind="team_police", recipient_organisation__isnull=True)
                | (~Q(recipient_kind="team_police") & Q(recipient_organisation__isnull=False)),
                name="consent_recipient_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Samtykke {self.pk}"

    def is_valid_on(self, day: dt.date) -> bool:
        if self.given_on > day:
            return False
        if self.expires_on is not None and day > self.expires_on:
            return False
        return self.withdrawn_on is None or day < self.withdrawn_on


class Disclosure(SyntheticMarkMixin, TimeStampedModel):
    """A sharing of case information that a consent covered (the proof of it)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="disclosures")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    purpose = models.CharField(_("formål"), max_length=20, choices=Consent.Purpose)
    recipient_kind = models.CharField(_("mottaker"), max_length=20, choices=Consent.RecipientKind)
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_on = models.DateField(_("delt dato"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("deling")
        verbose_name_plural = _("delinger")
        ordering = ["-shared_on", "-pk"]
