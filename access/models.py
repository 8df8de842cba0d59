"""Break-the-glass access, two-person approval and address disclosures.

* ``BreakGlassAccess`` (nødtilgang, Normen's self-authorised access,
  SECURITY.md 7): one user, one resident (stay), a written reason, a short
  expiry. The row is also the review item: the competence-team lead records
  whether the access was justified.
* ``ApprovalRequest`` (godkjenning av en annen person, SECURITY.md 9, 31): a
  request that a second, eligible person must approve before the act is
  allowed, once. ``PendingGrant`` holds a staged membership change and
  ``PendingOrganisationChange`` a staged change of an organisation's kind or
  police district; a staged reactivation needs no extra row (its subject is
  the user).
* ``AddressDisclosure``: who has had a secret dwelling address, so the first
  disclosure to a new party needs approval and later views do not.

Free text (reasons, notes) is stored encrypted: it may name a person.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Role
from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel


class BreakGlassAccess(SyntheticMarkMixin, TimeStampedModel):
    class LookedUpBy(models.TextChoices):
        REFERENCE = "reference", _("Referansenummer")
        IDENTITY_NUMBER = "identity_number", _("Fødselsnummer")

    class Review(models.TextChoices):
        PENDING = "pending", _("Venter på gjennomgang")
        JUSTIFIED = "justified", _("Begrunnet")
        NOT_JUSTIFIED = "not_justified", _("Ikke begrunnet")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_accesses"
    )
    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("begrunnelse"))
    looked_up_by = models.CharField(_("funnet med"), max_length=20, choices=LookedUpBy)
    opened_at = models.DateTimeField(_("åpnet"))
    expires_at = models.DateTimeField(_("utløper"))
    review = models.CharField(
        _("vurdering"), max_length=20, choices=Review, default=Review.PENDING, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("vurdert"), null=True, blank=True)
    review_note = EncryptedTextField(_("merknad"), blank=True, default="")

    class Meta:
        verbose_name = _("nødtilgang")
        verbose_name_plural = _("nødtilganger")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reviewed_by=F("user")), name="break_glass_not_self_reviewed"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("opened_at")), name="break_glass_expires_after_open"
            ),
            models.CheckConstraint(
                condition=Q(review="pending", reviewed_by__isnull=True)
                | (~Q(review="pending") & Q(reviewed_by__isnull=False)),
                name="break_glass_review_has_reviewer",
            ),
        ]

    @property
    def is_open(self) -> bool:
        """Still open now: the review page says «Åpen til», not «Stengt», until it runs out."""
        return timezone.now() < self.expires_at

    def __str__(self) -> str:
        return f"Nødtilgang {self.pk}"


# Where prime_subject keeps the subject on the instance (never saved).
_SUBJECT_CACHE = "_primed_subject"


class ApprovalRequest(SyntheticMarkMixin, TimeStampedModel):
    class Kind(models.TextChoices):
        ADDRESS_DISCLOSURE = "address_disclosure", _("Vise en hemmelig adresse til en ny person")
        BULK_EXPORT = "bulk_export", _("Eksport av personopplysninger")
        ROLE_GRANT = "role_grant", _("Gi en rolle med tilgang til saker")
        ORGANISATION_CHANGE = (
            "organisation_change",
            _("Endre type eller politidistrikt for en organisasjon"),
        )
        REACTIVATION = "reactivation", _("Aktivere en bruker igjen")
        ENROLMENT_RESET = (
            "enrolment_reset",
            _("Ny aktiveringslenke (nytt passord og innloggingstrinn)"),
        )
        # Lifting a sign-in lock (access/signin/lockout.py, access/unlock.py).
        ACCOUNT_UNLOCK = "account_unlock", _("Oppheve en innloggingssperre")

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        APPROVED = "approved", _("Godkjent")
        REJECTED = "rejected", _("Avslått")
        EXPIRED = "expired", _("Utløpt")

    kind = models.CharField(_("hva"), max_length=30, choices=Kind, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_requests"
    )
    # An opaque reference to what the request is about ("housing.Dwelling:12"):
    # never a name or an address.
    subject = models.CharField(_("gjelder"), max_length=100)
    reason = EncryptedTextField(_("begrunnelse"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    decision_note = EncryptedTextField(_("merknad"), blank=True, default="")
    expires_at = models.DateTimeField(_("utløper"))
    # An approval allows the act once: set when it is carried out.
    used_at = models.DateTimeField(_("brukt"), null=True, blank=True)

    class Meta:
        verbose_name = _("godkjenning")
        verbose_name_plural = _("godkjenninger")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decided_by=F("requested_by")), name="approval_not_self_decided"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "expired"], decided_by__isnull=True)
                | Q(status__in=["approved", "rejected"], decided_by__isnull=False),
                name="approval_decision_has_decider",
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(status="approved"),
                name="approval_used_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"Godkjenning {self.pk}"

    def subject_object(self) -> Any:
        """The object the request is about, or None when it is gone."""
        if _SUBJECT_CACHE in self.__dict__:
            return self.__dict__[_SUBJECT_CACHE]
        label, _sep, pk = self.subject.partition(":")
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            return None
        return model._default_manager.filter(pk=pk).first()

    def prime_subject(self, obj: Any) -> None:
        """Remember the subject read for many requests at once (``subject_object`` answers it)."""
        self.__dict__[_SUBJECT_CACHE] = obj


class PendingGrant(SyntheticMarkMixin, TimeStampedModel):
    """A membership an administrator asked for, waiting for a second person's approval."""

    approval = models.OneToOneField(
        ApprovalRequest, on_delete=models.CASCADE, related_name="pending_grant"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("rolle"), max_length=40, choices=Role.choices)
    is_lead = models.BooleanField(_("leder"), default=False)
    # Set when the request changes an existing membership rather than adding one.
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rolle som venter på godkjenning")
        verbose_name_plural = _("roller som venter på godkjenning")

    def __str__(self) -> str:
        return f"Ventende rolle {self.pk}"


class PendingOrganisationChange(SyntheticMarkMixin, TimeStampedModel):
    """An organisation's new kind or police district, waiting for a second person's approval.

    Moving a municipality to another police district widens that district's
    local police reach; changing the kind changes which roles fit. Only the
    fields named here change when the request is approved.
    """

    approval = models.OneToOneField(
        ApprovalRequest, on_delete=models.CASCADE, related_name="pending_organisation_change"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # "" keeps the kind as it is.
    kind = models.CharField(
        _("ny type"), max_length=30, choices=Organisation.Kind.choices, blank=True, default=""
    )
    changes_police_district = models.BooleanField(_("endrer politidistrikt"), default=False)
    police_district = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("nytt politidistrikt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisasjonsendring som venter på godkjenning")
        verbose_name_plural = _("organisasjonsendringer som venter på godkjenning")

    def __str__(self) -> str:
        return f"Ventende organisasjonsendring {self.pk}"


class AddressDisclosure(SyntheticMarkMixin, TimeStampedModel):
    """This user has had this dwelling's address (registered it, or was approved to see it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dwelling = models.ForeignKey("housing.Dwelling", on_delete=models.CASCADE, related_name="+")
    approval = models.ForeignKey(
        ApprovalRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("adresse utlevert")
        verbose_name_plural = _("adresser utlevert")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dwelling"], name="address_disclosure_unique_user_dwelling"
            )
        ]

    def __str__(self) -> str:
        return f"Adresse utlevert {self.pk}"


class AccessReport(SyntheticMarkMixin, TimeStampedModel):
    """One art. 15 report (innsyn): who produced it, and how the person's identity was checked."""

    class IdentityMethod(models.TextChoices):
        IN_PERSON_ID = "in_person_id", _("Personlig oppmøte med legitimasjon")
        BANKID = "bankid", _("BankID eller ID-porten")
        KNOWN = "known", _("Kjent av Kompetanseteamet fra før, i samtale")
        OTHER = "other", _("Annet (beskriv)")

    person = models.ForeignKey("referrals.Person", on_delete=models.PROTECT, related_name="+")
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    identity_checked = models.BooleanField(_("identiteten er kontrollert"))
    identity_method = models.CharField(
        _("hvordan identiteten ble kontrollert"), max_length=20, choices=IdentityMethod
    )
    identity_note = EncryptedTextField(_("merknad om kontrollen"), blank=True, default="")
    # The service requires a reason when names are included (the column is
    # encrypted, so the database cannot check it).
    include_names = models.BooleanField(_("med navn på ansatte"), default=False)
    names_reason = EncryptedTextField(_("hvorfor navn tas med"), blank=True, default="")

    class Meta:
        verbose_name = _("innsynsrapport")
        verbose_name_plural = _("innsynsrapporter")
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_checked=True), name="access_report_identity_checked"
            ),
        ]

    def __str__(self) -> str:
        return f"Innsynsrapport {self.pk}"
