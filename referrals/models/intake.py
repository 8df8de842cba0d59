"""Inquiries (henvendelser) and the persons (personer) they concern.

Part of the intake models (``referrals.models``): personal data encrypted,
statuses and reasons plain choices the statistics count.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import BlindIndexField, EncryptedJSONField, EncryptedTextField
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
    # When retention last emptied the inquiry's fields (core.retention); see stays.Stay.
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True, editable=False)

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


class CorrectionRecord(SyntheticMarkMixin, TimeStampedModel):
    """One correction of a record (retting), kept beside it: the shared part.

    ``fields`` names what was changed (names only, so the page and the audit
    log can say it without decrypting); ``content`` keeps the earlier values
    and the reason, encrypted, so the record shows what stood before.
    """

    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    fields = models.JSONField(_("rettede felt"), default=list)
    content = EncryptedJSONField(_("tidligere verdier og begrunnelse"), default=dict)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class InquiryCorrection(CorrectionRecord):
    """Retting av henvendelse: one correction of an inquiry (``CorrectionRecord``)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="corrections")

    class Meta(CorrectionRecord.Meta):
        verbose_name = _("retting av henvendelse")
        verbose_name_plural = _("rettinger av henvendelse")

    def __str__(self) -> str:
        return f"{self.inquiry} ({self.created_at:%Y-%m-%d})"


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
    # When retention last emptied the person's data (core.retention); see stays.Stay.
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return f"Person {self.pk}"

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)
