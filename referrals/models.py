"""Henvendelser, kartlegging, samtykke, trusselvurdering og tildeling.

The competence team's intake: an inquiry (``Inquiry``) may lead to an
assessment (``Assessment``) of a person (``Person``); the person consents
(``Consent``) to sharing with the police and with the receiving offer; the
police write a threat assessment (``ThreatAssessment``); the coordinator
proposes a place (``Allocation``), which the offer's project lead accepts
(creating a ``stays.Stay``) or declines.

Personal data (names, identity numbers, phone numbers, free text) is stored
encrypted (ADR 0002). Statuses, outcomes and reasons are plain choices so the
statistics can count them without decrypting anything.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import BlindIndexField, EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel

IDENTITY_INDEX_CONTEXT = "referrals.person.identity_number"


class ContactKind(models.TextChoices):
    YOUNG_PERSON = "young_person", _("Den unge selv")
    CRISIS_CENTRE = "crisis_centre", _("Krisesenter")
    MINORITY_ADVISER = "minority_adviser", _("Minoritetsrådgiver")
    NAV = "nav", _("NAV")
    POLICE = "police", _("Politiet")
    CHILD_WELFARE = "child_welfare", _("Barnevernet")
    SCHOOL = "school", _("Skole")
    OTHER_SERVICE = "other_service", _("Annen tjeneste")


class Channel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-post")
    VIDEO = "video", _("Video")
    IN_PERSON = "in_person", _("Møte")
    OTHER = "other", _("Annet")


class Inquiry(SyntheticMarkMixin, TimeStampedModel):
    """A first contact (henvendelse). Counted in statistics whatever its outcome."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Åpen")
        ASSESSED = "assessed", _("Kartlagt for plass")
        NO_PLACE = "no_place", _("Ikke plass")

    class NoPlaceReason(models.TextChoices):
        POSTPONED = "postponed", _("Utsatte bruddet")
        HOME_MUNICIPALITY = "home_municipality", _("Fikk bolig i hjemkommunen")
        RELATIVES = "relatives", _("Flyttet til slekt")
        CRISIS_CENTRE = "crisis_centre", _("Ble på krisesenteret")
        NOT_TARGET_GROUP = "not_target_group", _("Ikke i målgruppen")
        OTHER = "other", _("Annet")

    contact_kind = models.CharField(_("hvem tok kontakt"), max_length=30, choices=ContactKind)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel)
    received_on = models.DateField(_("mottatt"))
    reason = EncryptedTextField(_("kort om henvendelsen"))
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome, default=Outcome.OPEN, db_index=True
    )
    no_place_reason = models.CharField(
        _("grunn til at det ikke ble plass"), max_length=30, choices=NoPlaceReason, blank=True
    )
    guidance = EncryptedTextField(_("veiledning som ble gitt"), blank=True, default="")
    closed_on = models.DateField(_("avsluttet"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="no_place", no_place_reason__gt="")
                | (~Q(outcome="no_place") & Q(no_place_reason="")),
                name="inquiry_no_place_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Henvendelse {self.pk}"


class Gender(models.TextChoices):
    FEMALE = "female", _("Kvinne")
    MALE = "male", _("Mann")
    OTHER = "other", _("Annet")


class Person(SyntheticMarkMixin, TimeStampedModel):
    """The young person. Identity data encrypted; the identity number also blind-indexed."""

    name = EncryptedTextField(_("navn"))
    identity_number = EncryptedTextField(_("fødselsnummer eller D-nummer"), null=True, blank=True)
    identity_number_index = BlindIndexField(
        source="identity_number", context=IDENTITY_INDEX_CONTEXT, normalise="identity_number"
    )
    # Plain: the age rule needs it, and it alone identifies nobody. Derived from
    # the identity number when there is one.
    birth_date = models.DateField(_("fødselsdato"))
    phone = EncryptedTextField(_("telefon"), blank=True, default="")
    gender = models.CharField(_("kjønn"), max_length=10, choices=Gender)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return f"Person {self.pk}"

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


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
