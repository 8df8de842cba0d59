"""Written routines (skriftlige rutiner) of an offer, as the platform requires them (§3 a–f).

A routine is the offer's internal working document, not personal data: plain
text, never about a resident. Each edit is a new version (``RoutineVersion``,
*rutineversjon*); a version is a draft (*utkast*) until the offer's project
lead approves it with a date and a next review date (*neste gjennomgang*).
The newest approved version is the one in force. Staff confirm having read
the version in force (``RoutineReading``, *lest og forstått*).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedBytesField
from core.files import sniff
from core.models import SyntheticMarkMixin, TimeStampedModel
from housing.models import Offer


class RoutineKind(models.TextChoices):
    """The routines the platform requires of every offer (§3 a–f), in its order."""

    # a) Information about the municipality's offer.
    INFORMATION = "information", _("Informasjon om kommunens botilbud")
    # b) Follow-up of each resident.
    MAPPING = "mapping", _("Kartlegging av forhold som er nødvendige for god oppfølging")
    USER_PARTICIPATION = "user_participation", _("Brukermedvirkning")
    OTHER_SERVICES = "other_services", _("Involvering av andre tjenester den unge trenger")
    ENVIRONMENTAL_THERAPY = "environmental_therapy", _("Miljøterapeutisk oppfølging")
    SECURITY_WORK = "security_work", _("Sikkerhetsarbeid")
    DAY_ACTIVITY = "day_activity", _("Dagaktivitet")
    SOCIAL_NETWORK = "social_network", _("Sosialt nettverk")
    NEW_HOUSING = "new_housing", _("Ny bolig")
    FOLLOWUP_NEW_HOUSING = "followup_new_housing", _("Oppfølging i ny bolig")
    CHILD_PLAN = "child_plan", _("Egen oppfølgingsplan for medfølgende barn")
    # c) Contact with the relevant services.
    POLICE = "police", _("Sikkerhetsarbeid og samarbeid med politiet")
    SERVICES = "services", _("Samarbeid med andre tjenester")
    FAMILY_COUNSELLING = "family_counselling", _("Samarbeid med familieverntjenesten")
    AGREEMENTS = "agreements", _("Formaliserte samarbeidsavtaler med ordinære tjenester")
    DECISIONS_IP = "decisions_ip", _("Bruk av enkeltvedtak og individuell plan")
    # d) A fixed day activity.
    SCHOOL_WORK = "school_work", _("Skole, arbeid, kvalifisering eller annet dagtilbud")
    # e) A social network.
    VOLUNTEERS = "volunteers", _("Involvering av frivillige organisasjoner")
    FAMILY_WORK = "family_work", _("Familiearbeid")
    # f) A safe housing situation.
    MOVE_SAFETY = "move_safety", _("Vurdering av sikkerheten ved flytting til annen bolig")


# The platform's headings (§3 a–f) and the kinds under each, for the checklist.
KIND_GROUPS: tuple[tuple[str, object, tuple[RoutineKind, ...]], ...] = (
    ("a", _("Informasjon om botilbudet"), (RoutineKind.INFORMATION,)),
    (
        "b",
        _("Oppfølging av hver beboer"),
        (
            RoutineKind.MAPPING,
            RoutineKind.USER_PARTICIPATION,
            RoutineKind.OTHER_SERVICES,
            RoutineKind.ENVIRONMENTAL_THERAPY,
            RoutineKind.SECURITY_WORK,
            RoutineKind.DAY_ACTIVITY,
            RoutineKind.SOCIAL_NETWORK,
            RoutineKind.NEW_HOUSING,
            RoutineKind.FOLLOWUP_NEW_HOUSING,
            RoutineKind.CHILD_PLAN,
        ),
    ),
    (
        "c",
        _("Kontakt med hjelpetjenester"),
        (
            RoutineKind.POLICE,
            RoutineKind.SERVICES,
            RoutineKind.FAMILY_COUNSELLING,
            RoutineKind.AGREEMENTS,
            RoutineKind.DECISIONS_IP,
        ),
    ),
    ("d", _("Faste dagaktiviteter"), (RoutineKind.SCHOOL_WORK,)),
    ("e", _("Sosialt nettverk"), (RoutineKind.VOLUNTEERS, RoutineKind.FAMILY_WORK)),
    ("f", _("Trygg bosituasjon etter oppholdet"), (RoutineKind.MOVE_SAFETY,)),
)


class RoutineOffer(Offer):
    """An offer (botilbud) as the routine pages see it: it answers only their permissions."""

    class Meta:
        proxy = True
        verbose_name = _("botilbud (rutiner)")
        verbose_name_plural = _("botilbud (rutiner)")


class RoutineVersion(SyntheticMarkMixin, TimeStampedModel):
    """One version (rutineversjon) of one of an offer's routines; a draft until approved."""

    offer = models.ForeignKey(
        Offer, verbose_name=_("botilbud"), on_delete=models.PROTECT, related_name="routines"
    )
    kind = models.CharField(_("rutine"), max_length=30, choices=RoutineKind)
    number = models.PositiveIntegerField(_("versjon"))
    text = models.TextField(
        _("rutinen"),
        help_text=_("Skriv aldri navn på beboere eller adresser i en rutine."),
        blank=True,
    )
    # An attached document (vedlagt dokument) instead of or besides the text:
    # encrypted like a case document although a routine is no personal data,
    # because nobody can read a file to check that no address is in it.
    file = EncryptedBytesField(_("vedlagt dokument"), null=True, editable=False)
    # Sniffed from the bytes (core.files.sniff), never the uploader's claim.
    file_content_type = models.CharField(_("filtype"), max_length=100, blank=True, editable=False)
    file_size = models.PositiveIntegerField(_("filstørrelse"), null=True, editable=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkjent av"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_on = models.DateField(_("godkjent dato"), null=True, blank=True)
    next_review_on = models.DateField(_("neste gjennomgang"), null=True, blank=True)

    class Meta:
        verbose_name = _("rutineversjon")
        verbose_name_plural = _("rutineversjoner")
        ordering = ["offer", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "kind", "number"], name="routine_version_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="routine_version_from_one"),
            # A version is its text, its attached document, or both: never empty.
            models.CheckConstraint(
                condition=~Q(text="") | Q(file__isnull=False),
                name="routine_version_text_or_file",
            ),
            # A file always with its sniffed type and size, and neither without one.
            models.CheckConstraint(
                condition=Q(file__isnull=True, file_content_type="", file_size__isnull=True)
                | Q(file__isnull=False, file_size__isnull=False) & ~Q(file_content_type=""),
                name="routine_version_file_complete",
            ),
            # Approved means all three: who, when, and when to look at it again.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_on__isnull=True)
                | Q(approved_by__isnull=False, approved_on__isnull=False),
                name="routine_version_approval_complete",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True, next_review_on__isnull=True)
                | Q(approved_on__isnull=False, next_review_on__gt=F("approved_on")),
                name="routine_version_review_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None

    @property
    def has_file(self) -> bool:
        # From the plain columns, so a list never has to decrypt the file to ask.
        return self.file_size is not None

    @property
    def file_kind_name(self) -> str:
        """The kind of the attached file in a word («PDF», «Word»)."""
        kind = sniff.BY_CONTENT_TYPE.get(self.file_content_type)
        return kind.name if kind is not None else self.file_content_type


class RoutineReading(TimeStampedModel):
    """A staff member's confirmation (lest og forstått) of one approved version."""

    version = models.ForeignKey(RoutineVersion, on_delete=models.CASCADE, related_name="readings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routine_readings"
    )
    confirmed_at = models.DateTimeField(_("bekreftet lest"))

    class Meta:
        verbose_name = _("bekreftet lest rutine")
        verbose_name_plural = _("bekreftet leste rutiner")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="routine_reading_once"),
        ]

    def __str__(self) -> str:
        return f"{self.version} lest"


class RoutineSharing(TimeStampedModel):
    """Whether an offer shares its approved routines with the directorate (deler rutinene).

    Off until the offer's project lead turns it on. While on, the directorate
    representative reads the text of the versions in force, never drafts or who
    has confirmed reading them (access/table.py condition ``routines_shared``).
    """

    offer = models.OneToOneField(
        Offer,
        verbose_name=_("botilbud"),
        on_delete=models.PROTECT,
        related_name="routine_sharing",
    )
    shares = models.BooleanField(_("deler godkjente rutiner med direktoratet"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deling av rutiner")
        verbose_name_plural = _("deling av rutiner")

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.shares}"
