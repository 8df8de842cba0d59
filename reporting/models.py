"""Milestone reports to the directorate and the reminder log.

A milestone report holds only what the directorate needs to know: the stay's
opaque number, the offer, and the municipality's plan or status in its own
words (encrypted). Never an address or an identity number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from housing.models import Offer
from stays.models import Stay


class ReportedStay(Stay):
    """A stay as reporting sees it: its own policy scope (SUBMIT/READ milestone reports)."""

    class Meta:
        proxy = True
        verbose_name = _("opphold i rapportering")
        verbose_name_plural = _("opphold i rapportering")


class ReportedOffer(Offer):
    """An offer as statistics see it: its own policy scope (VIEW/EXPORT statistics)."""

    class Meta:
        proxy = True
        verbose_name = _("botilbud i statistikk")
        verbose_name_plural = _("botilbud i statistikk")


class MilestoneKind(models.TextChoices):
    """The three reports of the platform §4b, in the order they fall due."""

    THREE_MONTHS = "three_months", _("Etter 3 måneder: plan for flytting til permanent bolig")
    BEFORE_MOVE_OUT = "before_move_out", _("1 måned før planlagt utflytting: status")
    NINE_MONTHS = "nine_months", _("Etter 9 måneder: ledig plass")


class MilestoneReport(SyntheticMarkMixin, TimeStampedModel):
    stay = models.ForeignKey(
        "stays.Stay",
        verbose_name=_("opphold"),
        on_delete=models.PROTECT,
        related_name="milestone_reports",
    )
    kind = models.CharField(_("rapport"), max_length=20, choices=MilestoneKind)
    due_on = models.DateField(_("frist"))
    housing_plan = EncryptedTextField(_("plan for permanent bolig"), blank=True)
    status_text = EncryptedTextField(_("status"), blank=True)
    place_vacant = models.BooleanField(_("plassen er ledig"), null=True, blank=True)
    vacant_from = models.DateField(_("ledig fra"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("sendt"))
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("milepælsrapport")
        verbose_name_plural = _("milepælsrapporter")
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "kind"], name="milestone_report_once_per_kind"),
            models.CheckConstraint(
                condition=Q(place_vacant=True) | Q(vacant_from__isnull=True),
                name="milestone_vacant_from_only_when_vacant",
            ),
            models.CheckConstraint(
                condition=Q(read_at__isnull=True, read_by__isnull=True)
                | Q(read_at__isnull=False, read_by__isnull=False),
                name="milestone_read_at_and_by_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {_('opphold')} {self.stay_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderLog(TimeStampedModel):
    """One row per reminder mail: re-running ``send_reminders`` the same day with
    the same counts finds the row and sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sendt dato"))
    counts_hash = models.CharField(_("sjekksum for antall"), max_length=64)
    overdue = models.PositiveIntegerField(_("forfalt"))
    due_soon = models.PositiveIntegerField(_("forfaller snart"))

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "sent_on", "counts_hash"], name="reminder_once_per_day_and_counts"
            )
        ]


class StatisticsHistory(models.Model):
    """A finished year's history stamp: a fresh random number each time its records change.

    ``reporting.history`` writes it in the same transaction as any change to
    a record a statistic of that year is counted from; a cached year
    (``StatisticsYear``) is used only while its stamp is the one it was
    counted under. Holds a year and a number, nothing about anyone.
    """

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    stamp = models.BigIntegerField(_("stempel"))

    class Meta:
        verbose_name = _("historikkstempel for statistikk")
        verbose_name_plural = _("historikkstempler for statistikk")

    def __str__(self) -> str:
        return str(self.year)


class StatisticsYear(models.Model):
    """The national building blocks of one finished year (counts and sums, unsuppressed).

    Never shown or exported as it is: blocks are added to a period's and the
    period's figures suppressed once (``reporting.yearcache``). ``definitions``
    is the version of the counting rules they were made by.
    """

    year = models.PositiveSmallIntegerField(_("år"))
    definitions = models.PositiveSmallIntegerField(_("versjon av definisjonene"))
    stamp = models.BigIntegerField(_("historikkstempel"), null=True)
    blocks = models.JSONField(_("byggeklosser"))
    computed_at = models.DateTimeField(_("beregnet"), auto_now=True)

    class Meta:
        verbose_name = _("statistikk for et avsluttet år")
        verbose_name_plural = _("statistikk for avsluttede år")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "definitions"], name="statistics_year_once_per_definitions"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)
