"""Offers (botilbud) of the host municipalities, and each offer's partner services (samarbeidspartnere).

Part of the housing models (``housing.models``).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import SyntheticMarkMixin, TimeStampedModel
from core.registers import format_organisation_number, validate_organisation_number


class Offer(SyntheticMarkMixin, TimeStampedModel):
    """One host municipality's offer; a municipality may run two (collective + apartments)."""

    class Type(models.TextChoices):
        COLLECTIVE = "collective", _("Bokollektiv")
        APARTMENT = "apartment", _("Leiligheter")
        BEDSIT = "bedsit", _("Hybler")

    class Intensity(models.TextChoices):
        # The same codes as referrals.Intensity, so matching can compare them.
        LOW = "low", _("Lav")
        MEDIUM = "medium", _("Middels")
        HIGH = "high", _("Høy")

    class OnCall(models.TextChoices):
        CRISIS_CENTRE = "crisis_centre", _("Krisesenteret")
        MUNICIPAL_24H = "municipal_24h", _("Kommunalt døgnteam")
        PHONE_UNTIL = "phone_until", _("Telefonvakt til et fast klokkeslett")

    municipality = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("vertskommune"),
        on_delete=models.PROTECT,
        related_name="offers",
        limit_choices_to={"kind": "municipality"},
    )
    name = models.CharField(_("navn på botilbudet"), max_length=120)
    offer_type = models.CharField(_("type botilbud"), max_length=20, choices=Type)
    fits_women = models.BooleanField(_("kvinner"), default=False)
    fits_men = models.BooleanField(_("menn"), default=False)
    fits_couples = models.BooleanField(_("par"), default=False)
    fits_single_parents = models.BooleanField(_("enslige forsørgere med barn"), default=False)
    women_only_without_children = models.BooleanField(_("bare kvinner uten barn"), default=False)
    intensity = models.CharField(_("oppfølgingsintensitet"), max_length=10, choices=Intensity)
    followup_fte = models.DecimalField(
        _("årsverk til oppfølging"), max_digits=4, decimal_places=2, default=0
    )
    project_lead_fte = models.DecimalField(
        _("årsverk til prosjektleder"), max_digits=4, decimal_places=2, default=0
    )
    on_call = models.CharField(_("vaktordning"), max_length=20, choices=OnCall)
    on_call_until = models.TimeField(_("telefonvakt til klokken"), null=True, blank=True)
    description = models.TextField(
        _("kort beskrivelse for Kompetanseteamet"),
        blank=True,
        help_text=_("Skriv aldri adresser eller navn på beboere her."),
    )

    class Meta:
        verbose_name = _("botilbud")
        verbose_name_plural = _("botilbud")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="offer_unique_name"),
            models.CheckConstraint(
                condition=Q(followup_fte__gte=0) & Q(project_lead_fte__gte=0),
                name="offer_fte_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(on_call="phone_until") | Q(on_call_until__isnull=False),
                name="offer_phone_until_has_hour",
            ),
            # Women-only-without-children excludes men, couples and parents.
            models.CheckConstraint(
                condition=Q(women_only_without_children=False)
                | Q(fits_men=False, fits_couples=False, fits_single_parents=False),
                name="offer_women_only_is_exclusive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.name}"

    def fits_labels(self) -> list[str]:
        """Who the offer fits, as display labels (the ArrayField-free multi-choice)."""
        flags = [
            ("women_only_without_children", self.women_only_without_children),
            ("fits_women", self.fits_women and not self.women_only_without_children),
            ("fits_men", self.fits_men),
            ("fits_couples", self.fits_couples),
            ("fits_single_parents", self.fits_single_parents),
        ]
        return [
            str(getattr(self._meta.get_field(name), "verbose_name", name))
            for name, on in flags
            if on
        ]


class PartnerService(SyntheticMarkMixin, TimeStampedModel):
    """A partner service of an offer, with its formal agreement (if any)."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Politiet")
        NAV = "nav", _("NAV")
        FAMILY_COUNSELLING = "family_counselling", _("Familievernkontor")
        GP = "gp", _("Fastlege")
        CRISIS_CENTRE = "crisis_centre", _("Krisesenter")
        MENTAL_HEALTH = "mental_health", _("Psykisk helsevern (DPS)")
        VOLUNTEER = "volunteer", _("Frivillig organisasjon")
        SCHOOL = "school", _("Skole")
        OTHER = "other", _("Annet")

    offer = models.ForeignKey(
        Offer, verbose_name=_("botilbud"), on_delete=models.PROTECT, related_name="partners"
    )
    kind = models.CharField(_("type tjeneste"), max_length=30, choices=Kind)
    name = models.CharField(_("navn på tjenesten"), max_length=200)
    has_agreement = models.BooleanField(_("formell samarbeidsavtale"), default=False)
    agreement_on = models.DateField(_("avtale inngått"), null=True, blank=True)
    agreement_expires_on = models.DateField(_("avtalen utløper"), null=True, blank=True)
    # Organisasjonsnummer in Enhetsregisteret, without spaces; optional (a
    # volunteer group may have none). Names the partner to other registers.
    organisation_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        default="",
        validators=[validate_organisation_number],
    )

    class Meta:
        verbose_name = _("samarbeidspartner")
        verbose_name_plural = _("samarbeidspartnere")
        ordering = ["offer", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation_number="") | Q(organisation_number__regex=r"^[0-9]{9}$"),
                name="partner_organisation_number_nine_digits",
            ),
            models.CheckConstraint(
                condition=Q(has_agreement=True)
                | Q(agreement_on__isnull=True, agreement_expires_on__isnull=True),
                name="partner_dates_only_with_agreement",
            ),
            models.CheckConstraint(
                condition=Q(agreement_expires_on__isnull=True)
                | Q(agreement_on__isnull=True)
                | Q(agreement_expires_on__gte=F("agreement_on")),
                name="partner_agreement_expires_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_number_display(self) -> str:
        """As Enhetsregisteret writes it: ``974 760 673``."""
        return format_organisation_number(self.organisation_number)

    def agreement_valid_on(self, day: dt.date) -> bool:
        return self.has_agreement and (
            self.agreement_expires_on is None or day <= self.agreement_expires_on
        )


class PartnerContact(SyntheticMarkMixin, TimeStampedModel):
    """A staff contact person at a partner service (never a resident)."""

    partner = models.ForeignKey(PartnerService, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return self.name
