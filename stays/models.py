"""Opphold (stays): from an accepted allocation through move-out, aftercare and closure.

``Stay`` is the record other apps count (docs/stay-contract.md): statistics,
milestone reports, deadlines, retention and the import of historical stays.
Around it hang the arrival (household, the first two weeks' timetable), the
move-out (planned-date history, transfer checklist), the partner services the
resident uses and, at closure, the platform's seven goal indicators.

Free text about the resident (plans, reasons, notes, first names) is
encrypted; choices and dates stay plain because statistics count them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from referrals.models import Gender
from stays import references


class Destination(models.TextChoices):
    """Where the resident went (evaluation Table 5-1)."""

    OWN_HOME_ALONE = "own_home_alone", _("Egen bolig – alene")
    OWN_HOME_FRIENDS = "own_home_friends", _("Egen bolig – med venner")
    OWN_HOME_PARTNER = "own_home_partner", _("Egen bolig – med partner")
    FAMILY = "family", _("Familie")
    FAMILY_MOTHER = "family_mother", _("Familie – mor")
    FAMILY_SPOUSE = "family_spouse", _("Familie – ektefelle")
    CRISIS_CENTRE = "crisis_centre", _("Krisesenter")
    OTHER_OFFER = "other_offer", _("Annet botilbud")
    UNKNOWN = "unknown", _("Ukjent")


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
    # What the alarm central and the police hold (stays/references.py): random,
    # never the sequential id; unique while set. Retention empties it, so it
    # cannot link an anonymised stay back to the person. 16 characters leave
    # room to lengthen the format later without rewriting the column.
    reference = models.CharField(
        _("referanse"), max_length=16, blank=True, default=references.unused, editable=False
    )
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
    destination = models.CharField(
        _("hvor beboeren flyttet"), max_length=20, choices=Destination, blank=True
    )
    is_imported = models.BooleanField(_("importert"), default=False)
    import_reference = models.CharField(_("referanse i importen"), max_length=64, blank=True)
    extended_until = models.DateField(_("forlenget til"), null=True, blank=True)
    extension_reason = EncryptedTextField(_("begrunnelse for forlengelse"), blank=True, default="")
    housing_plan = EncryptedTextField(_("plan for permanent bolig"), blank=True, default="")
    aftercare_from = models.DateField(_("ettervern fra"), null=True, blank=True)
    aftercare_until = models.DateField(_("ettervern til"), null=True, blank=True)
    aftercare_reason = EncryptedTextField(_("begrunnelse for ettervern"), blank=True, default="")
    closed_on = models.DateField(_("avsluttet"), null=True, blank=True)
    # When retention last emptied the stay's fields (core.retention): the
    # nightly run looks only at stays not emptied yet. A write under the stay
    # afterwards clears it again (oversight.retention).
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True, editable=False)

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
            models.UniqueConstraint(
                fields=["import_reference"],
                condition=~Q(import_reference=""),
                name="stay_unique_import_reference",
            ),
            # Also the index the break-the-glass lookup uses (reference = '…'
            # implies reference <> '').
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="stay_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True)
                | Q(moved_in_on__isnull=False, extended_until__gte=F("moved_in_on")),
                name="stay_extended_after_moved_in",
            ),
            models.CheckConstraint(
                condition=Q(aftercare_from__isnull=True)
                | Q(aftercare_until__isnull=True)
                | Q(aftercare_until__gte=F("aftercare_from")),
                name="stay_aftercare_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("allocated_on")),
                name="stay_closed_after_allocation",
            ),
        ]

    def __str__(self) -> str:
        return f"Opphold {self.pk}"


class PlannedMoveOutChange(SyntheticMarkMixin, TimeStampedModel):
    """History of the planned move-out date: old, new, why, who and when (created_at)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="move_out_changes")
    old_date = models.DateField(_("tidligere dato"), null=True, blank=True)
    new_date = models.DateField(_("ny dato"))
    reason = EncryptedTextField(_("begrunnelse"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("endring av planlagt utflytting")
        verbose_name_plural = _("endringer av planlagt utflytting")
        ordering = ["stay", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{_('Endring')} {self.pk}"


class HouseholdMember(SyntheticMarkMixin, TimeStampedModel):
    """A partner or child living with the resident. A first name or initial at most."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Barn")

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="household")
    kind = models.CharField(_("hvem"), max_length=10, choices=Kind)
    first_name = EncryptedTextField(_("fornavn eller forbokstav"), blank=True, default="")
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"))

    class Meta:
        verbose_name = _("husstandsmedlem")
        verbose_name_plural = _("husstandsmedlemmer")
        ordering = ["stay", "kind", "birth_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2100),
                name="household_birth_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.birth_year})"


class ArrivalTemplateItem(SyntheticMarkMixin, TimeStampedModel):
    """One line of an offer's own arrival timetable template (2011 evaluation, §5.1.1).

    ``day_offset`` counts working days from the moving-in day (0 = the first
    working day on or after it), so the police and NAV meetings never land on
    a Sunday or a public holiday.
    """

    offer = models.ForeignKey(
        "housing.Offer", on_delete=models.CASCADE, related_name="arrival_template_items"
    )
    day_offset = models.PositiveSmallIntegerField(_("arbeidsdag etter innflytting"))
    at = models.TimeField(_("klokkeslett"), null=True, blank=True)
    title = models.CharField(_("hva skjer"), max_length=200)
    attendees = models.CharField(_("hvem er med"), max_length=200, blank=True)
    description = models.TextField(
        _("beskrivelse"),
        blank=True,
        help_text=_("Skriv aldri adresser eller navn på beboere her."),
    )

    class Meta:
        verbose_name = _("punkt i mal for timeplan")
        verbose_name_plural = _("mal for timeplan ved innflytting")
        ordering = ["offer", "day_offset", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day_offset__lte=20), name="arrival_template_within_four_weeks"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ArrivalTimetableItem(SyntheticMarkMixin, TimeStampedModel):
    """One concrete appointment in a resident's first two weeks."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="timetable")
    on = models.DateField(_("dato"))
    at = models.TimeField(_("klokkeslett"), null=True, blank=True)
    title = models.CharField(_("hva skjer"), max_length=200)
    attendees = models.CharField(_("hvem er med"), max_length=200, blank=True)
    # Per stay the worker may add personal details: encrypted.
    description = EncryptedTextField(_("beskrivelse"), blank=True, default="")

    class Meta:
        verbose_name = _("punkt i timeplan")
        verbose_name_plural = _("timeplan ved innflytting")
        ordering = ["stay", "on", "at", "pk"]

    def __str__(self) -> str:
        return self.title


class TransferItem(SyntheticMarkMixin, TimeStampedModel):
    """One point of the move-out transfer checklist (platform §3f, DOMAIN.md §3.11)."""

    class Item(models.TextChoices):
        NAV = "nav", _("NAV i kommunen beboeren flytter til")
        GP = "gp", _("Fastlege")
        CONFIDENTIAL_ADDRESS = "confidential_address", _("Fortsatt fortrolig adresse")
        FAMILY_COUNSELLING = "family_counselling", _("Kontakt med familievernkontoret")
        SCHOOL = "school", _("Skole")
        SECURITY_ASSESSMENT = "security_assessment", _("Sikkerhetsvurdering av ny adresse")

    class State(models.TextChoices):
        PENDING = "pending", _("Ikke gjort ennå")
        DONE = "done", _("Gjort")
        NOT_NEEDED = "not_needed", _("Ikke aktuelt")

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="transfer_items")
    item = models.CharField(_("punkt"), max_length=30, choices=Item)
    state = models.CharField(_("status"), max_length=20, choices=State, default=State.PENDING)
    done_on = models.DateField(_("dato"), null=True, blank=True)
    note = EncryptedTextField(_("merknad"), blank=True, default="")

    class Meta:
        verbose_name = _("punkt i overføringslisten")
        verbose_name_plural = _("overføringsliste ved utflytting")
        ordering = ["stay", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "item"], name="transfer_item_once_per_stay"),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(done_on__isnull=False),
                name="transfer_item_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_item_display())


class Achievement(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvis")
    NO = "no", _("Nei")


# The platform's seven goal indicators (§6): (field, label).
GOAL_INDICATORS: list[tuple[str, Any]] = [
    ("safe_dwelling", _("Har hatt en trygg bolig")),
    ("needs_mapped", _("Har fått kartlagt individuelle behov")),
    ("adapted_followup", _("Har fått tilpasset miljøterapeutisk oppfølging")),
    ("safe_housing", _("Er reetablert i en trygg bosituasjon")),
    ("services_contact", _("Har etablert nødvendig kontakt med relevante hjelpetjenester")),
    ("day_activity", _("Er i gang med fast dagaktivitet (skole, kvalifisering, jobb eller annet)")),
    ("social_network", _("Har et sosialt nettverk rundt seg")),
]


def _indicator(label: Any) -> models.CharField:
    return models.CharField(label, max_length=10, choices=Achievement)


def _indicator_note(label: Any) -> EncryptedTextField:
    return EncryptedTextField(label, blank=True, default="")


class GoalIndicatorAssessment(SyntheticMarkMixin, TimeStampedModel):
    """Måloppnåelse at closure: the seven indicators as yes/partly/no (counted) + notes (encrypted)."""

    stay = models.OneToOneField(Stay, on_delete=models.CASCADE, related_name="goal_indicators")
    safe_dwelling = _indicator(_("Har hatt en trygg bolig"))
    safe_dwelling_note = _indicator_note(_("Merknad om trygg bolig"))
    needs_mapped = _indicator(_("Har fått kartlagt individuelle behov"))
    needs_mapped_note = _indicator_note(_("Merknad om kartlegging"))
    adapted_followup = _indicator(_("Har fått tilpasset miljøterapeutisk oppfølging"))
    adapted_followup_note = _indicator_note(_("Merknad om miljøterapeutisk oppfølging"))
    safe_housing = _indicator(_("Er reetablert i en trygg bosituasjon"))
    safe_housing_note = _indicator_note(_("Merknad om bosituasjonen"))
    services_contact = _indicator(_("Har etablert nødvendig kontakt med relevante hjelpetjenester"))
    services_contact_note = _indicator_note(_("Merknad om hjelpetjenester"))
    day_activity = _indicator(_("Er i gang med fast dagaktivitet"))
    day_activity_note = _indicator_note(_("Merknad om dagaktivitet"))
    social_network = _indicator(_("Har et sosialt nettverk rundt seg"))
    social_network_note = _indicator_note(_("Merknad om sosialt nettverk"))
    assessed_on = models.DateField(_("vurdert dato"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("måloppnåelse")
        verbose_name_plural = _("måloppnåelse")

    def __str__(self) -> str:
        return f"{_('Måloppnåelse')} {self.pk}"

    def rows(self) -> list[dict[str, object]]:
        return [
            {
                "code": code,
                "label": label,
                "value": getattr(self, f"get_{code}_display")(),
                "raw": getattr(self, code),
            }
            for code, label in GOAL_INDICATORS
        ]


class StayPartner(SyntheticMarkMixin, TimeStampedModel):
    """A partner service (and contact person) the resident uses, from the offer's register."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="partners")
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
        verbose_name = _("samarbeidspartner for beboeren")
        verbose_name_plural = _("samarbeidspartnere for beboeren")
        ordering = ["stay", "partner__kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "partner"], name="stay_partner_once_per_service"
            ),
        ]

    def __str__(self) -> str:
        return str(self.partner)
