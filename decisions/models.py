"""Individual decisions (enkeltvedtak) and the individual plan (individuell plan), per stay.

What a decision granted or refused and the plan's coordinator are encrypted
in the application (``EncryptedTextField``); the service, outcome and dates
stay plain so the statistics count without decrypting anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from stays.models import Stay


class DecidedStay(Stay):
    """The stay as the decision pages see it (vedtak og individuell plan).

    A proxy so the policy scopes it by this app's permissions without
    touching the stays app's own scope for ``stays.Stay``.
    """

    class Meta:
        proxy = True
        verbose_name = _("opphold (vedtak)")
        verbose_name_plural = _("opphold (vedtak)")


class Service(models.TextChoices):
    """The municipal service that made the decision (the partner kinds an offer works with)."""

    NAV = "nav", _("NAV (sosialhjelp, kvalifiseringsprogram)")
    CHILD_WELFARE = "child_welfare", _("Barnevernet")
    HEALTH_CARE = "health_care", _("Helse- og omsorgstjenester")
    MENTAL_HEALTH = "mental_health", _("Psykisk helse og rus")
    HOUSING = "housing", _("Bolig (kommunal bolig, bostøtte)")
    INTRODUCTION = "introduction", _("Introduksjonsprogrammet")
    SCHOOL = "school", _("Skole og opplæring")
    OTHER = "other", _("Annet")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Innvilget")
    PARTLY = "partly", _("Delvis innvilget")
    REFUSED = "refused", _("Avslått")


# Outcomes the resident may want to appeal: their deadline is shown until appealed.
APPEALABLE = (Outcome.PARTLY, Outcome.REFUSED)


class Decision(SyntheticMarkMixin, TimeStampedModel):
    """Enkeltvedtak: one individual decision from a municipal service about the resident."""

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="decisions")
    service = models.CharField(_("tjeneste"), max_length=30, choices=Service)
    decided_on = models.DateField(_("vedtaksdato"))
    received_on = models.DateField(_("mottatt"))
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome)
    what = EncryptedTextField(_("hva vedtaket gjelder"))
    period_from = models.DateField(_("gjelder fra"), null=True, blank=True)
    period_to = models.DateField(_("gjelder til"), null=True, blank=True)
    appeal_deadline = models.DateField(_("klagefrist"))
    appealed_on = models.DateField(_("klage sendt"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__isnull=True)
                | Q(period_from__isnull=True)
                | Q(period_to__gte=F("period_from")),
                name="decisions_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(received_on__gte=F("decided_on")),
                name="decisions_received_after_decided",
            ),
            models.CheckConstraint(
                condition=Q(appeal_deadline__gte=F("decided_on")),
                name="decisions_appeal_deadline_after_decided",
            ),
            models.CheckConstraint(
                condition=Q(appealed_on__isnull=True) | Q(appealed_on__gte=F("decided_on")),
                name="decisions_appealed_after_decided",
            ),
        ]

    @property
    def awaits_appeal(self) -> bool:
        """Refused or partly granted and not appealed: its appeal deadline is shown."""
        return self.outcome in APPEALABLE and self.appealed_on is None


class Right(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nei")
    NOT_ASSESSED = "not_assessed", _("Ikke vurdert ennå")


class IndividualPlan(SyntheticMarkMixin, TimeStampedModel):
    """Individuell plan (IP): the resident's right to one, whether they have one, its coordinator."""

    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.PROTECT, related_name="individual_plan"
    )
    has_right = models.CharField(
        _("rett til individuell plan"),
        max_length=20,
        choices=Right,
        default=Right.NOT_ASSESSED,
    )
    has_plan = models.BooleanField(_("har individuell plan"), default=False)
    plan_since = models.DateField(_("har hatt planen siden"), null=True, blank=True)
    # A person's name (and role): encrypted like any name.
    coordinator = EncryptedTextField(_("koordinator"), blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("individuell plan")
        verbose_name_plural = _("individuelle planer")
        constraints = [
            models.CheckConstraint(
                condition=Q(has_plan=False) | Q(plan_since__isnull=False),
                name="decisions_plan_has_start",
            ),
        ]
