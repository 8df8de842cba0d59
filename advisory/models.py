"""Advisory contacts (rådgivningshenvendelser) and courses (kurs og foredrag) of the competence team.

An advisory contact is anonymous by default: who asked, about what, and what
the team did are plain choices the statistics count; a name only when the
person consents, and a short note, both encrypted. There is no identity
number at all. Topics and actions may be several, so each is its own flag:
the yearly counts are one query, and the database refuses a contact without
a topic.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel

# The intake's own choices: an inquiry made from a contact keeps its channel,
# and both count gender in the same words.
from referrals.models import Channel, Gender


class AskedBy(models.TextChoices):
    PERSON = "person", _("Personen selv")
    SERVICE = "service", _("En tjeneste")
    VOLUNTEER = "volunteer", _("Frivillig")
    FAMILY = "family", _("Familie eller venn")
    OTHER = "other", _("Annen")


class ServiceKind(models.TextChoices):
    CHILD_WELFARE = "child_welfare", _("Barnevernet")
    NAV = "nav", _("NAV")
    SCHOOL = "school", _("Skole")
    HEALTH = "health", _("Helsetjenesten")
    POLICE = "police", _("Politiet")
    CRISIS_CENTRE = "crisis_centre", _("Krisesenter")
    MINORITY_ADVISER = "minority_adviser", _("Minoritetsrådgiver")
    REFUGEE_SERVICE = "refugee_service", _("Flyktningtjenesten")
    MUNICIPALITY_OTHER = "municipality_other", _("Annen kommunal tjeneste")
    OTHER = "other", _("Annen tjeneste")


# (code, model flag, label): the order the form, the list and the statistics use.
TOPICS = (
    # Forced marriage includes the threat of it: the team's own case definition
    # (the 248/276/378 cases of 2008–2010, docs/statistics.md).
    ("forced_marriage", "topic_forced_marriage", _("Tvangsekteskap eller trussel om det")),
    ("left_abroad", "topic_left_abroad", _("Frykt for å bli etterlatt i utlandet")),
    ("honour_violence", "topic_honour_violence", _("Æresrelatert vold")),
    ("social_control", "topic_social_control", _("Negativ sosial kontroll")),
    ("other", "topic_other", _("Annet")),
)
ACTIONS = (
    ("advice", "action_advice", _("Råd og veiledning")),
    ("referral", "action_referral", _("Henviste til en annen tjeneste")),
    ("police", "action_police", _("Kontakt med politiet")),
    ("place_inquiry", "action_place_inquiry", _("Henvendelse om plass i botilbud")),
)


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18 år")
    AGE_18_25 = "18_25", _("18–25 år")
    AGE_26_35 = "26_35", _("26–35 år")
    OVER_35 = "over_35", _("Over 35 år")


def _any_flag(flags: tuple[tuple[str, str, object], ...]) -> Q:
    condition = Q()
    for _code, flag, _label in flags:
        condition |= Q(**{flag: True})
    return condition


class AdvisoryContact(SyntheticMarkMixin, TimeStampedModel):
    """A request for advice to the competence team (rådgivningshenvendelse). Anonymous by default."""

    contact_on = models.DateField(_("dato"), db_index=True)
    asked_by = models.CharField(_("hvem spurte"), max_length=20, choices=AskedBy)
    service_kind = models.CharField(
        _("hvilken tjeneste"), max_length=30, choices=ServiceKind, blank=True
    )
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel)
    topic_forced_marriage = models.BooleanField(_("tvangsekteskap"), default=False)
    topic_left_abroad = models.BooleanField(
        _("frykt for å bli etterlatt i utlandet"), default=False
    )
    topic_honour_violence = models.BooleanField(_("æresrelatert vold"), default=False)
    topic_social_control = models.BooleanField(_("negativ sosial kontroll"), default=False)
    topic_other = models.BooleanField(_("annet tema"), default=False)
    action_advice = models.BooleanField(_("råd og veiledning"), default=False)
    action_referral = models.BooleanField(_("henviste til en annen tjeneste"), default=False)
    action_police = models.BooleanField(_("kontakt med politiet"), default=False)
    action_place_inquiry = models.BooleanField(_("henvendelse om plass"), default=False)
    age_group = models.CharField(_("aldersgruppe"), max_length=10, choices=AgeGroup, blank=True)
    gender = models.CharField(_("kjønn"), max_length=10, choices=Gender, blank=True)
    name_consent = models.BooleanField(_("samtykker til at navnet registreres"), default=False)
    # NULL when anonymous: the database can then refuse a name without consent.
    name = EncryptedTextField(_("navn"), null=True, blank=True)
    note = EncryptedTextField(_("kort notat"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The inquiry for a place the contact became, made from it with its facts.
    inquiry = models.OneToOneField(
        "referrals.Inquiry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisory_contact",
    )
    # When retention last emptied the name and the note (core.retention).
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("rådgivningshenvendelse")
        verbose_name_plural = _("rådgivningshenvendelser")
        ordering = ["-contact_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_any_flag(TOPICS), name="advisory_has_topic"),
            models.CheckConstraint(
                condition=Q(asked_by="service", service_kind__gt="")
                | (~Q(asked_by="service") & Q(service_kind="")),
                name="advisory_service_kind_with_service",
            ),
            models.CheckConstraint(
                condition=Q(name__isnull=True) | Q(name_consent=True),
                name="advisory_name_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"Rådgivning {self.pk}"

    @property
    def topic_labels(self) -> list[str]:
        return [str(label) for _code, flag, label in TOPICS if getattr(self, flag)]

    @property
    def action_labels(self) -> list[str]:
        return [str(label) for _code, flag, label in ACTIONS if getattr(self, flag)]


class AudienceKind(models.TextChoices):
    CHILD_WELFARE = "child_welfare", _("Barnevernet")
    NAV = "nav", _("NAV")
    SCHOOL = "school", _("Skole")
    HEALTH = "health", _("Helsetjenesten")
    POLICE = "police", _("Politiet")
    CRISIS_CENTRE = "crisis_centre", _("Krisesentre")
    MUNICIPALITY = "municipality", _("Kommunale tjenester ellers")
    VOLUNTARY = "voluntary", _("Frivillige organisasjoner")
    MIXED = "mixed", _("Blandet publikum")
    OTHER = "other", _("Andre")


class Course(SyntheticMarkMixin, TimeStampedModel):
    """A course or lecture the team gave (kurs eller foredrag). About no person."""

    held_on = models.DateField(_("dato"), db_index=True)
    audience = models.CharField(_("hvem var publikum"), max_length=20, choices=AudienceKind)
    participants = models.PositiveIntegerField(_("antall deltakere"))
    place = models.CharField(_("kommune eller region"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kurs eller foredrag")
        verbose_name_plural = _("kurs og foredrag")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__gt=0), name="advisory_course_has_participants"
            )
        ]

    def __str__(self) -> str:
        return f"Kurs {self.pk}"
