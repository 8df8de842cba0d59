"""Assessments (kartlegging) of a person, their children, and the police's threat assessments (trusselvurdering).

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
from referrals.models.intake import ContactKind, CorrectionRecord, Inquiry, Person


class Criterion(models.TextChoices):
    MET = "met", _("Oppfylt")
    NOT_MET = "not_met", _("Ikke oppfylt")
    UNCLEAR = "unclear", _("Uavklart")


class YesNoUnclear(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nei")
    UNCLEAR = "unclear", _("Uavklart")


class Intensity(models.TextChoices):
    """Follow-up intensity; the same codes as ``housing.Offer``'s intensity."""

    LOW = "low", _("Lav")
    MEDIUM = "medium", _("Middels")
    HIGH = "high", _("Høy")


INTENSITY_RANK: dict[str, int] = {"low": 1, "medium": 2, "high": 3}


class Assessment(SyntheticMarkMixin, TimeStampedModel):
    """Kartlegging: the five criteria, household, needs and wishes."""

    class AssessedBy(models.TextChoices):
        TEAM = "team", _("Kompetanseteamet")
        SERVICE_WITH_TEAM = "service_with_team", _("En tjeneste sammen med teamet")

    class Status(models.TextChoices):
        OPEN = "open", _("Under arbeid")
        ALLOCATED = "allocated", _("Tildelt plass")
        CLOSED = "closed", _("Avsluttet uten plass")
        # Recorded by mistake or twice: out of the workbench and the statistics.
        WITHDRAWN = "withdrawn", _("Trukket tilbake")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments")
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    assessed_on = models.DateField(_("kartlagt dato"))
    assessed_by = models.CharField(_("hvem kartla"), max_length=30, choices=AssessedBy)
    assisting_service = models.CharField(
        _("tjenesten som kartla sammen med teamet"), max_length=30, choices=ContactKind, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.OPEN, db_index=True
    )

    # 1. age
    age_status = models.CharField(_("alder 18 år eller mer"), max_length=10, choices=Criterion)
    age_note = EncryptedTextField(_("merknad om alder"), blank=True, default="")
    # 2. need for a screened dwelling
    need_status = models.CharField(_("behov for skjermet bolig"), max_length=10, choices=Criterion)
    ground_forced_marriage = models.BooleanField(_("gjennomført tvangsekteskap"), default=False)
    ground_fear_forced_marriage = models.BooleanField(_("frykt for tvangsekteskap"), default=False)
    ground_left_abroad = models.BooleanField(
        _("frykt for å bli etterlatt i utlandet"), default=False
    )
    ground_other_violence = models.BooleanField(
        _("annen æresrelatert vold eller negativ sosial kontroll"), default=False
    )
    need_note = EncryptedTextField(_("merknad om behovet"), blank=True, default="")
    # 3. ability to benefit
    benefit_status = models.CharField(
        _("kan nyttiggjøre seg tilbudet"), max_length=10, choices=Criterion
    )
    fit_to_live_alone = models.BooleanField(_("kan bo alene"), default=False)
    needs_followup = models.BooleanField(_("har behov for oppfølging"), default=False)
    wants_it = models.BooleanField(_("ønsker tilbudet selv"), default=False)
    accepts_rules = models.BooleanField(_("godtar reglene"), default=False)
    accepts_limited_stay = models.BooleanField(
        _("godtar at oppholdet er tidsbegrenset"), default=False
    )
    benefit_note = EncryptedTextField(_("merknad om nytte"), blank=True, default="")
    # 4. threat picture and security
    threat_status = models.CharField(
        _("trusselbilde og sikkerhet"), max_length=10, choices=Criterion
    )
    threat_note = EncryptedTextField(_("merknad om trusselbildet"), blank=True, default="")
    # 5. lawful residence
    lawful_residence = models.CharField(
        _("lovlig opphold i Norge"), max_length=10, choices=YesNoUnclear
    )
    residence_note = EncryptedTextField(_("merknad om opphold"), blank=True, default="")

    # household
    has_partner = models.BooleanField(_("partner flytter med"), default=False)
    # needs
    need_mental_health = models.BooleanField(_("psykisk helse"), default=False)
    need_practical = models.BooleanField(_("praktisk hjelp"), default=False)
    need_language = models.BooleanField(_("språk"), default=False)
    # Encrypted: a language points to where a person comes from, which the
    # family looking for her may know.
    interpreter_language = EncryptedTextField(_("trenger tolk på språk"), blank=True, default="")
    need_society_knowledge = models.BooleanField(
        _("kunnskap om det norske samfunnet"), default=False
    )
    need_children = models.BooleanField(_("barnas behov"), default=False)
    needs_note = EncryptedTextField(_("merknad om behov"), blank=True, default="")
    followup_intensity = models.CharField(
        _("oppfølging som trengs"), max_length=10, choices=Intensity
    )
    wishes = EncryptedTextField(_("ønsker om skole og arbeid"), blank=True, default="")
    assessed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kartlegging")
        verbose_name_plural = _("kartlegginger")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessed_by="team", assisting_service="")
                | Q(assessed_by="service_with_team", assisting_service__gt=""),
                name="assessment_service_named",
            )
        ]

    def __str__(self) -> str:
        return f"Kartlegging {self.pk}"


class AssessmentChild(SyntheticMarkMixin, models.Model):
    """A child who would move in with the person: only the birth year."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="children")
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"))

    class Meta:
        verbose_name = _("barn")
        verbose_name_plural = _("barn")
        ordering = ["birth_year", "pk"]

    def __str__(self) -> str:
        return f"Barn {self.pk}"


class AssessmentCorrection(CorrectionRecord):
    """Retting av kartlegging: one correction of an assessment or of its person (``CorrectionRecord``)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="corrections")

    class Meta(CorrectionRecord.Meta):
        verbose_name = _("retting av kartlegging")
        verbose_name_plural = _("rettinger av kartlegging")

    def __str__(self) -> str:
        return f"{self.assessment} ({self.created_at:%Y-%m-%d})"


class ThreatAssessment(SyntheticMarkMixin, TimeStampedModel):
    """Trusselvurdering by police. The summary is for the team; ``details`` for police only."""

    class Risk(models.TextChoices):
        LOW = "low", _("Lav")
        MODERATE = "moderate", _("Moderat")
        HIGH = "high", _("Høy")
        VERY_HIGH = "very_high", _("Svært høy")

    class AssessedBy(models.TextChoices):
        POLICE_DISTRICT = "police_district", _("Politidistrikt")
        TEAM_POLICE = "team_police", _("Politifaglig ansvarlig i Kompetanseteamet")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="threat_assessments"
    )
    assessed_by = models.CharField(_("vurdert av"), max_length=20, choices=AssessedBy)
    police_district = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("politidistrikt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_on = models.DateField(_("vurdert dato"))
    risk_level = models.CharField(_("risikonivå"), max_length=20, choices=Risk)
    avoid_municipalities = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("kommuner personen bør unngå"),
        blank=True,
        related_name="+",
    )
    details = EncryptedTextField(
        _("trusselutøvere, kjente steder og nettverk"), blank=True, default=""
    )
    measure_violence_alarm = models.BooleanField(_("voldsalarm"), default=False)
    measure_code_6 = models.BooleanField(_("strengt fortrolig adresse (kode 6)"), default=False)
    measure_code_7 = models.BooleanField(_("fortrolig adresse (kode 7)"), default=False)
    measure_other = models.BooleanField(_("andre tiltak"), default=False)
    measures_note = EncryptedTextField(_("om tiltakene"), blank=True, default="")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("trusselvurdering")
        verbose_name_plural = _("trusselvurderinger")
        ordering = ["-assessed_on", "-pk"]
        get_latest_by = ["assessed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessed_by="team_police", police_district__isnull=True)
                | Q(assessed_by="police_district", police_district__isnull=False),
                name="threat_assessment_assessor_named",
            )
        ]

    def __str__(self) -> str:
        return f"Trusselvurdering {self.pk}"
