"""Dwellings (boliger) with their secret address, their places (plasser), and the booking ledger.

Part of the housing models (``housing.models``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from housing.models.offers import Offer


class Dwelling(SyntheticMarkMixin, TimeStampedModel):
    """A dwelling (bolig). The address is secret: encrypted, deferred, shown after re-authentication."""

    class OutOfUseReason(models.TextChoices):
        ADDRESS_COMPROMISED = "address_compromised", _("Adressen er kjent for uvedkommende")
        SECURITY = "security", _("Andre sikkerhetsgrunner")
        MAINTENANCE = "maintenance", _("Vedlikehold eller skade")
        LEASE_ENDED = "lease_ended", _("Leieavtalen er avsluttet")
        OTHER = "other", _("Annet")

    offer = models.ForeignKey(
        Offer, verbose_name=_("botilbud"), on_delete=models.PROTECT, related_name="dwellings"
    )
    # A non-secret code the team can talk about ("A-2"); never a street name.
    label = models.CharField(_("kode for boligen"), max_length=20)
    address = EncryptedTextField(_("adresse"))
    in_use = models.BooleanField(_("i bruk"), default=True)
    in_use_from = models.DateField(_("i bruk fra"))
    out_of_use_from = models.DateField(_("ute av bruk fra"), null=True, blank=True)
    out_of_use_reason = models.CharField(
        _("grunn"), max_length=30, choices=OutOfUseReason, blank=True
    )
    out_of_use_note = EncryptedTextField(_("forklaring"), blank=True, default="")
    relocation_note = EncryptedTextField(_("plan for flytting av beboere"), blank=True, default="")

    class Meta:
        verbose_name = _("bolig")
        verbose_name_plural = _("boliger")
        ordering = ["offer", "label"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "label"], name="dwelling_unique_label"),
            models.CheckConstraint(
                condition=Q(out_of_use_from__isnull=True)
                | Q(out_of_use_from__gte=F("in_use_from")),
                name="dwelling_out_of_use_after_in_use",
            ),
            models.CheckConstraint(
                condition=Q(in_use=True) | Q(out_of_use_from__isnull=False),
                name="dwelling_out_of_use_has_date",
            ),
        ]

    def __str__(self) -> str:
        # Never the address: __str__ ends up in logs, admin and error pages.
        return f"{_('Bolig')} {self.label}"

    def in_use_on(self, day: dt.date) -> bool:
        return self.in_use_from <= day and (
            self.out_of_use_from is None or day < self.out_of_use_from
        )


class Place(SyntheticMarkMixin, TimeStampedModel):
    """A place (plass): the unit of capacity that is allocated."""

    dwelling = models.ForeignKey(
        Dwelling, verbose_name=_("bolig"), on_delete=models.PROTECT, related_name="places"
    )
    label = models.CharField(_("plass"), max_length=20)
    active = models.BooleanField(_("aktiv"), default=True)
    active_from = models.DateField(_("aktiv fra"))
    active_until = models.DateField(_("aktiv til"), null=True, blank=True)

    class Meta:
        verbose_name = _("plass")
        verbose_name_plural = _("plasser")
        ordering = ["dwelling", "label"]
        constraints = [
            models.UniqueConstraint(fields=["dwelling", "label"], name="place_unique_label"),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="place_active_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dwelling} – {_('plass')} {self.label}"

    def active_on(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_until is None or day < self.active_until)


class PlaceBooking(SyntheticMarkMixin, TimeStampedModel):
    """A held or occupied period of a place: the capacity ledger.

    ``reference`` is an opaque pointer for the stay/allocation that owns the
    booking (no personal data). The period is ``[starts_on, ends_on)``: the
    move-out day is free for the next resident. PostgreSQL forbids overlapping
    held/occupied bookings on one place with an exclusion constraint (see
    migration 0002); every backend checks it in ``services.place_book``.
    """

    class Status(models.TextChoices):
        HELD = "held", _("Holdt av")
        OCCUPIED = "occupied", _("I bruk")
        ENDED = "ended", _("Avsluttet")
        CANCELLED = "cancelled", _("Avlyst")

    TAKING = (Status.HELD, Status.OCCUPIED)

    place = models.ForeignKey(
        Place, verbose_name=_("plass"), on_delete=models.PROTECT, related_name="bookings"
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)
    planned_end_on = models.DateField(_("planlagt utflytting"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, db_index=True)
    hold_expires_on = models.DateField(_("holdes til og med"), null=True, blank=True)
    needs_relocation = models.BooleanField(_("må flytte"), default=False)
    reference = models.CharField(_("referanse"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("reservasjon av plass")
        verbose_name_plural = _("reservasjoner av plasser")
        ordering = ["place", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="booking_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=F("starts_on")),
                name="booking_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ends_on__isnull=False),
                name="booking_ended_has_end",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Reservasjon %(pk)s") % {"pk": self.pk})
