"""Botilbud, boliger og plasser: offers, dwellings, places, clearances, bookings, partners.

An offer (botilbud) belongs to a host municipality and holds dwellings
(boliger); a dwelling has a secret, encrypted address and one or more places
(plasser), the unit of capacity that is allocated. Police clear each dwelling
(sikkerhetsklarering); a dwelling without a valid clearance cannot receive an
allocation. ``PlaceBooking`` is the capacity ledger: held and occupied
periods per place, from which occupancy on any date is computed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel


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


class Dwelling(SyntheticMarkMixin, TimeStampedModel):
    """A dwelling (bolig). The address is secret: encrypted, deferred, shown after re-authentication."""

    class OutOfUseReason(models.TextChoices):
        ADDRESS_COMPROMISED = "address_compromised", _("Adressen er kjent for uvedkommende")
        SECURITY = "security", _("Andre sikkerhetsgrunner")
        MAINTENANCE = "maintenance", _("Vedlikehold eller skade")
        LEASE_ENDED = "lease_ended", _("Leieavtalen er avsluttet")
        OTHER = "other", _("Annet")

    offer = models.ForeignKey(
        Offer, verbose_name=_("botilbud"), on_delete=models.PROTECT, related_name="dwellings"
    )
    # A non-secret code the team can talk about ("A-2"); never a street name.
    label = models.CharField(_("kode for boligen"), max_length=20)
    address = EncryptedTextField(_("adresse"))
    in_use = models.BooleanField(_("i bruk"), default=True)
    in_use_from = models.DateField(_("i bruk fra"))
    out_of_use_from = models.DateField(_("ute av bruk fra"), null=True, blank=True)
    out_of_use_reason = models.CharField(
        _("grunn"), max_length=30, choices=OutOfUseReason, blank=True
    )
    out_of_use_note = EncryptedTextField(_("forklaring"), blank=True, default="")
    relocation_note = EncryptedTextField(_("plan for flytting av beboere"), blank=True, default="")

    class Meta:
        verbose_name = _("bolig")
        verbose_name_plural = _("boliger")
        ordering = ["offer", "label"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "label"], name="dwelling_unique_label"),
            models.CheckConstraint(
                condition=Q(out_of_use_from__isnull=True)
                | Q(out_of_use_from__gte=F("in_use_from")),
                name="dwelling_out_of_use_after_in_use",
            ),
            models.CheckConstraint(
                condition=Q(in_use=True) | Q(out_of_use_from__isnull=False),
                name="dwelling_out_of_use_has_date",
            ),
        ]

    def __str__(self) -> str:
        # Never the address: __str__ ends up in logs, admin and error pages.
        return f"{_('Bolig')} {self.label}"

    def in_use_on(self, day: dt.date) -> bool:
        return self.in_use_from <= day and (
            self.out_of_use_from is None or day < self.out_of_use_from
        )


class Place(SyntheticMarkMixin, TimeStampedModel):
    """A place (plass): the unit of capacity that is allocated."""

    dwelling = models.ForeignKey(
        Dwelling, verbose_name=_("bolig"), on_delete=models.PROTECT, related_name="places"
    )
    label = models.CharField(_("plass"), max_length=20)
    active = models.BooleanField(_("aktiv"), default=True)
    active_from = models.DateField(_("aktiv fra"))
    active_until = models.DateField(_("aktiv til"), null=True, blank=True)

    class Meta:
        verbose_name = _("plass")
        verbose_name_plural = _("plasser")
        ordering = ["dwelling", "label"]
        constraints = [
            models.UniqueConstraint(fields=["dwelling", "label"], name="place_unique_label"),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="place_active_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dwelling} – {_('plass')} {self.label}"

    def active_on(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_until is None or day < self.active_until)


# The police checklist (Sikringshåndboka, as the 2011 national evaluation of the
# service quotes it in §4.3.2.1): (field prefix, label).
LOCATION_ITEMS: list[tuple[str, Any]] = [
    ("area", _("Områdets beskaffenhet")),
    ("plot", _("Tomtas beskaffenhet og beliggenhet")),
    ("transport_route", _("Alternativ transportrute")),
    ("neighbouring_areas", _("Naboområder")),
    ("police_distance", _("Avstand til politiets innsatsstyrker")),
    ("perpetrator_escape", _("Rømningsveier for gjerningspersoner")),
]
DWELLING_ITEMS: list[tuple[str, Any]] = [
    ("doors_windows", _("Dører og vinduer")),
    ("insight", _("Innsyn")),
    ("garage_lift", _("Garasje og heis")),
    ("escape_routes", _("Rømningsveier og -steder")),
    ("alarm_cctv", _("Behov for alarmanlegg og kameraovervåking")),
    ("perimeter", _("Periferisikring (belysning og skjerming)")),
]
MINIMUM_REQUIREMENTS: list[tuple[str, Any]] = [
    ("min_door_peephole", _("Dørkikkert")),
    ("min_shatterproof_glass", _("Knusesikkert glass")),
    ("min_two_ways_out", _("To veier ut")),
    ("min_no_direct_insight", _("Ikke direkte innsyn")),
]


def _assessed(label: Any) -> models.BooleanField[bool, bool]:
    return models.BooleanField(label, default=False)


def _note(label: Any) -> EncryptedTextField:
    # Notes describe the secret dwelling's weak points: encrypted at rest.
    return EncryptedTextField(label, blank=True, default="")


class SecurityClearance(SyntheticMarkMixin, TimeStampedModel):
    """Sikkerhetsklarering av bolig by local police (platform §2), written down."""

    dwelling = models.ForeignKey(
        Dwelling, verbose_name=_("bolig"), on_delete=models.PROTECT, related_name="clearances"
    )
    police_district = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("politidistrikt"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "police_district"},
    )
    with_police_representative = models.BooleanField(
        _("Politifaglig ansvarlig i Kompetanseteamet var med"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cleared_on = models.DateField(_("klarert dato"))
    valid_until = models.DateField(_("gyldig til og med"))

    area_assessed = _assessed(_("Områdets beskaffenhet"))
    area_note = _note(_("Merknad om området"))
    plot_assessed = _assessed(_("Tomtas beskaffenhet og beliggenhet"))
    plot_note = _note(_("Merknad om tomta"))
    transport_route_assessed = _assessed(_("Alternativ transportrute"))
    transport_route_note = _note(_("Merknad om transportrute"))
    neighbouring_areas_assessed = _assessed(_("Naboområder"))
    neighbouring_areas_note = _note(_("Merknad om naboområder"))
    police_distance_assessed = _assessed(_("Avstand til politiets innsatsstyrker"))
    police_distance_note = _note(_("Merknad om avstand til politiet"))
    perpetrator_escape_assessed = _assessed(_("Rømningsveier for gjerningspersoner"))
    perpetrator_escape_note = _note(_("Merknad om rømningsveier for gjerningspersoner"))
    doors_windows_assessed = _assessed(_("Dører og vinduer"))
    doors_windows_note = _note(_("Merknad om dører og vinduer"))
    insight_assessed = _assessed(_("Innsyn"))
    insight_note = _note(_("Merknad om innsyn"))
    garage_lift_assessed = _assessed(_("Garasje og heis"))
    garage_lift_note = _note(_("Merknad om garasje og heis"))
    escape_routes_assessed = _assessed(_("Rømningsveier og -steder"))
    escape_routes_note = _note(_("Merknad om rømningsveier"))
    alarm_cctv_assessed = _assessed(_("Behov for alarmanlegg og kameraovervåking"))
    alarm_cctv_note = _note(_("Merknad om alarm og kamera"))
    perimeter_assessed = _assessed(_("Periferisikring (belysning og skjerming)"))
    perimeter_note = _note(_("Merknad om periferisikring"))

    min_door_peephole = models.BooleanField(_("Dørkikkert"), default=False)
    min_shatterproof_glass = models.BooleanField(_("Knusesikkert glass"), default=False)
    min_two_ways_out = models.BooleanField(_("To veier ut"), default=False)
    min_no_direct_insight = models.BooleanField(_("Ikke direkte innsyn"), default=False)

    class Meta:
        verbose_name = _("sikkerhetsklarering")
        verbose_name_plural = _("sikkerhetsklareringer")
        ordering = ["dwelling", "-cleared_on", "-pk"]
        get_latest_by = ["cleared_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("cleared_on")),
                name="clearance_valid_until_after_cleared_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Sikkerhetsklarering')} {self.pk}"

    @property
    def minimums_met(self) -> bool:
        return all(getattr(self, name) for name, _label in MINIMUM_REQUIREMENTS)

    def valid_on(self, day: dt.date) -> bool:
        return self.cleared_on <= day <= self.valid_until and self.minimums_met

    def checklist_rows(self) -> list[dict[str, object]]:
        """The checklist and minimum requirements as (label, yes/no, note) for display."""
        rows: list[dict[str, object]] = [
            {
                "label": label,
                "value": getattr(self, f"{code}_assessed"),
                "note": getattr(self, f"{code}_note"),
            }
            for code, label in [*LOCATION_ITEMS, *DWELLING_ITEMS]
        ]
        rows += [
            {
                "label": _("Minstekrav: %(name)s") % {"name": label},
                "value": getattr(self, name),
                "note": "",
            }
            for name, label in MINIMUM_REQUIREMENTS
        ]
        return rows


class ClearanceRecommendation(SyntheticMarkMixin, TimeStampedModel):
    """A measure the police recommended; the evaluation found these not followed up."""

    clearance = models.ForeignKey(
        SecurityClearance, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = EncryptedTextField(_("anbefaling"))
    carried_out = models.BooleanField(_("utført"), default=False)
    carried_out_on = models.DateField(_("utført dato"), null=True, blank=True)

    class Meta:
        verbose_name = _("anbefaling")
        verbose_name_plural = _("anbefalinger")
        ordering = ["clearance", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(carried_out=True) | Q(carried_out_on__isnull=True),
                name="recommendation_date_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Anbefaling %(pk)s") % {"pk": self.pk})


class PlaceBooking(SyntheticMarkMixin, TimeStampedModel):
    """A held or occupied period of a place: the capacity ledger.

    ``reference`` is an opaque pointer for the stay/allocation that owns the
    booking (no personal data). The period is ``[starts_on, ends_on)``: the
    move-out day is free for the next resident. PostgreSQL forbids overlapping
    held/occupied bookings on one place with an exclusion constraint (see
    migration 0002); every backend checks it in ``services.place_book``.
    """

    class Status(models.TextChoices):
        HELD = "held", _("Holdt av")
        OCCUPIED = "occupied", _("I bruk")
        ENDED = "ended", _("Avsluttet")
        CANCELLED = "cancelled", _("Avlyst")

    TAKING = (Status.HELD, Status.OCCUPIED)

    place = models.ForeignKey(
        Place, verbose_name=_("plass"), on_delete=models.PROTECT, related_name="bookings"
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)
    planned_end_on = models.DateField(_("planlagt utflytting"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, db_index=True)
    hold_expires_on = models.DateField(_("holdes til og med"), null=True, blank=True)
    needs_relocation = models.BooleanField(_("må flytte"), default=False)
    reference = models.CharField(_("referanse"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("reservasjon av plass")
        verbose_name_plural = _("reservasjoner av plasser")
        ordering = ["place", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="booking_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=F("starts_on")),
                name="booking_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ends_on__isnull=False),
                name="booking_ended_has_end",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Reservasjon %(pk)s") % {"pk": self.pk})


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

    class Meta:
        verbose_name = _("samarbeidspartner")
        verbose_name_plural = _("samarbeidspartnere")
        ordering = ["offer", "kind", "name"]
        constraints = [
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
