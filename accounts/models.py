"""Accounts (brukere, organisasjoner og roller).

Access derives from memberships: a user holds a role in an organisation. The
access policy (``access.policy``) turns memberships into permissions; nothing
else decides who may see what.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import SyntheticMarkMixin, TimeStampedModel
from core.registers import validate_municipality_number


class User(SyntheticMarkMixin, AbstractUser):
    """A member of staff. Django's is_superuser is never used for access."""

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")


class Organisation(SyntheticMarkMixin, TimeStampedModel):
    class Kind(models.TextChoices):
        COMPETENCE_TEAM = "competence_team", _("Kompetanseteamet")
        DIRECTORATE = "directorate", _("Direktorat (Bufdir)")
        MUNICIPALITY = "municipality", _("Vertskommune")
        POLICE_DISTRICT = "police_district", _("Politidistrikt")
        OPERATIONS = "operations", _("Drift")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    # Host municipalities lie in a police district whose local contacts
    # clear their dwellings and hold the security conversations.
    police_district = models.ForeignKey(
        "self",
        verbose_name=_("politidistrikt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        limit_choices_to={"kind": Kind.POLICE_DISTRICT},
    )
    # Kommunenummer: the official number of a host municipality, how other
    # registers and the directorate's statistics name it (core/registers.py).
    municipality_number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        blank=True,
        default="",
        validators=[validate_municipality_number],
        help_text=_("Fire siffer, som i SSBs kommuneinndeling (for eksempel 3301 for Drammen)."),
    )

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality_number="") | Q(municipality_number__regex=r"^[0-9]{4}$"),
                name="organisation_municipality_number_four_digits",
            ),
            models.UniqueConstraint(
                fields=["municipality_number"],
                condition=~Q(municipality_number=""),
                name="organisation_municipality_number_unique",
                violation_error_message=_(
                    "En annen organisasjon har allerede dette kommunenummeret."
                ),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.municipality_number and self.kind != self.Kind.MUNICIPALITY:
            raise ValidationError(
                {"municipality_number": _("Bare en vertskommune har kommunenummer.")},
                code="municipality_number_kind",
            )

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinator i Kompetanseteamet")
    POLICE_REPRESENTATIVE = "police_representative", _("Politifaglig ansvarlig i Kompetanseteamet")
    DIRECTORATE_REPRESENTATIVE = "directorate_representative", _("Bufdirs representant")
    PROJECT_LEAD = "project_lead", _("Prosjektleder i kommunen")
    FOLLOWUP_WORKER = "followup_worker", _("Miljøterapeut")
    LOCAL_POLICE = "local_police", _("Kontaktperson i lokalt politi")
    ANALYST = "analyst", _("Analytiker (bare statistikk)")
    SYSADMIN = "sysadmin", _("Systemadministrator")


# Which organisation kind each role belongs to; memberships are validated
# against it so a municipal role can never be held in the competence team.
ROLE_ORGANISATION_KIND: dict[str, str] = {
    Role.COORDINATOR: Organisation.Kind.COMPETENCE_TEAM,
    Role.POLICE_REPRESENTATIVE: Organisation.Kind.COMPETENCE_TEAM,
    Role.DIRECTORATE_REPRESENTATIVE: Organisation.Kind.COMPETENCE_TEAM,
    Role.PROJECT_LEAD: Organisation.Kind.MUNICIPALITY,
    Role.FOLLOWUP_WORKER: Organisation.Kind.MUNICIPALITY,
    Role.LOCAL_POLICE: Organisation.Kind.POLICE_DISTRICT,
    Role.ANALYST: Organisation.Kind.DIRECTORATE,
    Role.SYSADMIN: Organisation.Kind.OPERATIONS,
}


class Membership(SyntheticMarkMixin, TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("rolle"), max_length=40, choices=Role.choices)
    # The competence team's lead receives break-the-glass alerts.
    is_lead = models.BooleanField(_("leder"), default=False)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class EnrolmentLink(TimeStampedModel):
    """An enrolment link (aktiveringslenke): sets password and second factor together, once.

    The system administrator never sets a password (SECURITY.md 32): a new
    user, and a user whose factors were reset, gets a random token that only
    the person should open. Only the token's SHA-256 is stored, so the table
    (or a backup of it) gives nobody a working link.
    """

    class Purpose(models.TextChoices):
        NEW_USER = "new_user", _("Ny bruker")
        RESET = "reset", _("Ny lenke etter tilbakestilling")
        BOOTSTRAP = "bootstrap", _("Første oppstart")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_links")
    token_hash = models.CharField(_("hash av lenken"), max_length=64, unique=True)
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose.choices)
    # None for the two people the bootstrap command makes (nobody exists yet).
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("utløper"))
    used_at = models.DateTimeField(_("brukt"), null=True, blank=True)
    # Set when a newer link for the same user takes over.
    replaced_at = models.DateTimeField(_("erstattet"), null=True, blank=True)

    class Meta:
        verbose_name = _("aktiveringslenke")
        verbose_name_plural = _("aktiveringslenker")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(used_at__isnull=True, replaced_at__isnull=True),
                name="enrolment_link_one_open_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(replaced_at__isnull=True),
                name="enrolment_link_used_or_replaced",
            ),
        ]

    def __str__(self) -> str:
        return f"Aktiveringslenke {self.pk}"


class LoginLockout(TimeStampedModel):
    """Innloggingssperre: an account's consecutive failed sign-in steps and its lock.

    One row per account that has failed at least once (made on the first
    failure). ``failures`` counts failed password, code and security-key steps
    since the last completed sign-in or unlock. Locked means ``locked_at`` is
    set and ``locked_until`` is either in the future (a time lock) or empty
    (locked until a person unlocks it). ``last_locked_at`` outlives the lock:
    a new lock soon after it lasts until a person unlocks it.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="login_lockout")
    failures = models.PositiveIntegerField(_("mislykkede forsøk på rad"), default=0)
    locked_at = models.DateTimeField(_("sperret"), null=True, blank=True)
    locked_until = models.DateTimeField(_("sperret til"), null=True, blank=True)
    last_locked_at = models.DateTimeField(_("sist sperret"), null=True, blank=True)

    class Meta:
        verbose_name = _("innloggingssperre")
        verbose_name_plural = _("innloggingssperrer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(locked_until__isnull=True) | models.Q(locked_at__isnull=False),
                name="login_lockout_until_needs_locked_at",
            )
        ]

    def __str__(self) -> str:
        return f"Innloggingssperre {self.pk}"
