"""Ansvarsgruppe og strategimøter (responsibility groups and strategy meetings).

Per resident (a stay): the meetings of the responsibility group and the
strategy meetings before and after the break (the Drammen report), with the
partner services that take part, the minutes and decisions (encrypted), and
the follow-up tasks that become deadlines. A partner service takes part only
under the resident's consent covering it (``MeetingConsent``, samtykke til
deltakelse). Free text about the resident is encrypted; dates, kinds and
choices are plain.
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


class MeetingStay(Stay):
    """The stay as the meeting pages see it (oppholdet i møtene).

    A proxy so the policy scopes it by the meeting permissions without
    touching the stays app's own scope for ``stays.Stay``.
    """

    class Meta:
        proxy = True
        verbose_name = _("opphold (møter)")
        verbose_name_plural = _("opphold (møter)")


class MeetingConsent(SyntheticMarkMixin, TimeStampedModel):
    """Samtykke til deltakelse: the resident lets one partner service take part in meetings.

    Per stay and partner service of the offer's register, dated, possibly
    time-limited, and withdrawable; it is valid on a day when given on or
    before it, not expired and not withdrawn by then.
    """

    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, related_name="meeting_consents"
    )
    partner = models.ForeignKey(
        "housing.PartnerService",
        verbose_name=_("tjeneste"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_on = models.DateField(_("samtykke gitt"))
    expires_on = models.DateField(_("gjelder til"), null=True, blank=True)
    withdrawn_on = models.DateField(_("trukket tilbake"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("samtykke til deltakelse i møter")
        verbose_name_plural = _("samtykker til deltakelse i møter")
        ordering = ["stay", "partner__name", "-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("given_on")),
                name="meeting_consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="meeting_consent_withdrawn_after_given",
            ),
        ]

    def valid_on(self, day: dt.date) -> bool:
        if self.given_on > day:
            return False
        if self.expires_on is not None and self.expires_on < day:
            return False
        return self.withdrawn_on is None or self.withdrawn_on > day


class Meeting(SyntheticMarkMixin, TimeStampedModel):
    """Et møte: a responsibility-group meeting, a strategy meeting, or another meeting."""

    class Kind(models.TextChoices):
        RESPONSIBILITY_GROUP = "responsibility_group", _("Ansvarsgruppemøte")
        STRATEGY_BEFORE = "strategy_before", _("Strategimøte før bruddet")
        STRATEGY_AFTER = "strategy_after", _("Strategimøte etter bruddet")
        OTHER = "other", _("Annet møte")

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("type møte"), max_length=30, choices=Kind)
    held_at = models.DateTimeField(_("tidspunkt"))
    resident_takes_part = models.BooleanField(_("beboeren deltar"), default=True)
    agenda = EncryptedTextField(_("saksliste"))
    minutes = EncryptedTextField(_("referat"), blank=True, default="")
    decisions = EncryptedTextField(_("beslutninger"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class MeetingParticipant(SyntheticMarkMixin, TimeStampedModel):
    """Deltaker: a partner service (and its contact person) taking part in a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    partner = models.ForeignKey(
        "housing.PartnerService",
        verbose_name=_("tjeneste"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.ForeignKey(
        "housing.PartnerContact",
        verbose_name=_("kontaktperson"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("deltaker i møte")
        verbose_name_plural = _("deltakere i møte")
        ordering = ["meeting", "partner__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "partner"], name="meeting_participant_once_per_service"
            )
        ]


class MeetingTask(SyntheticMarkMixin, TimeStampedModel):
    """Oppfølgingsoppgave: what someone does after a meeting, by a due date.

    The responsible is a staff user of the offer or a participating partner
    service, exactly one of them (a database constraint as well as the form).
    ``stay`` repeats the meeting's stay (set by the service) so the task is one
    step from the stay like every other row about the resident: the art. 15
    report and the start-page deadlines find it there.
    """

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="meeting_tasks")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    description = EncryptedTextField(_("oppgave"))
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig i botilbudet"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    responsible_partner = models.ForeignKey(
        "housing.PartnerService",
        verbose_name=_("ansvarlig tjeneste"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    due_on = models.DateField(_("frist"))
    done_on = models.DateField(_("utført"), null=True, blank=True)

    class Meta:
        verbose_name = _("oppgave etter møte")
        verbose_name_plural = _("oppgaver etter møte")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_user__isnull=False, responsible_partner__isnull=True)
                | Q(responsible_user__isnull=True, responsible_partner__isnull=False),
                name="meeting_task_one_responsible",
            )
        ]
