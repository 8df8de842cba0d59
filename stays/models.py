"""Opphold (stays): from an accepted allocation through move-out.

Issue 4 creates a ``Stay`` when the offer accepts an allocation; issue 5 adds
arrival, follow-up, move-out and closure on top of this model. The fields
other apps count on are listed in docs/stay-contract.md.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import SyntheticMarkMixin, TimeStampedModel
from referrals.models import Gender


class Stay(SyntheticMarkMixin, TimeStampedModel):
    class Status(models.TextChoices):
        ALLOCATED = "allocated", _("Tildelt, ikke flyttet inn")
        LIVING = "living", _("Bor i botilbudet")
        MOVED_OUT = "moved_out", _("Flyttet ut")
        CLOSED = "closed", _("Avsluttet")
        WITHDRAWN = "withdrawn", _("Trakk seg før innflytting")

    # Nullable: imported stays have none, and retention anonymises the person.
    person = models.ForeignKey(
        "referrals.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="stays"
    )
    allocation = models.OneToOneField(
        "referrals.Allocation", on_delete=models.PROTECT, null=True, blank=True, related_name="stay"
    )
    booking = models.ForeignKey(
        "housing.PlaceBooking", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offer = models.ForeignKey("housing.Offer", on_delete=models.PROTECT, related_name="stays")
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.ALLOCATED, db_index=True
    )
    allocated_on = models.DateField(_("tildelt"))
    moved_in_on = models.DateField(_("flyttet inn"), null=True, blank=True)
    planned_move_out_on = models.DateField(_("planlagt utflytting"), null=True, blank=True)
    moved_out_on = models.DateField(_("flyttet ut"), null=True, blank=True)
    # Statistical snapshots taken at allocation; they survive retention.
    gender = models.CharField(_("kjønn"), max_length=10, choices=Gender)
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    with_partner = models.BooleanField(_("med partner"), default=False)
    children_count = models.PositiveSmallIntegerField(_("antall barn"), default=0)

    class Meta:
        verbose_name = _("opphold")
        verbose_name_plural = _("opphold")
        ordering = ["-allocated_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(moved_in_on__isnull=True)
                | Q(moved_in_on__gte=models.F("allocated_on")),
                name="stay_moved_in_after_allocation",
            ),
            models.CheckConstraint(
                condition=Q(moved_out_on__isnull=True)
                | Q(moved_in_on__isnull=False, moved_out_on__gte=models.F("moved_in_on")),
                name="stay_moved_out_after_moved_in",
            ),
        ]

    def __str__(self) -> str:
        return f"Opphold {self.pk}"
