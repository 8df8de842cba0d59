"""Allocation (tildeling): a place proposed to an offer, held until it answers.

Part of the intake models (``referrals.models``): personal data encrypted,
statuses and reasons plain choices the statistics count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from referrals.models.assessments import Assessment


class Allocation(SyntheticMarkMixin, TimeStampedModel):
    """Tildeling: a place proposed to an offer, held while the offer answers."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslått")
        ACCEPTED = "accepted", _("Akseptert")
        DECLINED = "declined", _("Avslått")
        WITHDRAWN = "withdrawn", _("Trakk seg før innflytting")
        EXPIRED = "expired", _("Utløpt")

    ACTIVE = (Status.PROPOSED, Status.ACCEPTED)

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="allocations")
    place = models.ForeignKey("housing.Place", on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey(
        "housing.PlaceBooking", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(_("foreslått dato"))
    hold_expires_on = models.DateField(_("plassen holdes til og med"))
    expected_arrival_on = models.DateField(_("forventet innflytting"))
    planned_end_on = models.DateField(_("planlagt utflytting"))
    arrival_notes = EncryptedTextField(_("praktisk om ankomsten"), blank=True, default="")
    urgent = models.BooleanField(_("hasteplassering uten trusselvurdering"), default=False)
    urgent_reason = EncryptedTextField(_("begrunnelse for hasteplassering"), blank=True, default="")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("besvart"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("grunn til avslag"), blank=True, default="")
    withdrawn_on = models.DateField(_("trakk seg"), null=True, blank=True)
    withdrawal_reason = EncryptedTextField(
        _("grunn til at personen trakk seg"), blank=True, default=""
    )

    class Meta:
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            # One live proposal or acceptance per assessment.
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="allocation_one_active_per_assessment",
            ),
            models.CheckConstraint(
                condition=Q(hold_expires_on__gte=models.F("proposed_on")),
                name="allocation_hold_after_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"Tildeling {self.pk}"
