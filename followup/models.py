"""Follow-up records, each hanging off a ``stays.Stay``.

Free text that says something about the resident (notes, reasons, the
resident's own words, the crisis plan, threat details) is encrypted in the
application (``EncryptedTextField``); only dates, statuses, minutes and
choices stay plain, so reports can count without decrypting anything.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from stays.models import Stay


class FollowedStay(Stay):
    """The stay as the follow-up pages see it.

    A proxy so the policy can scope it by the follow-up permissions without
    touching the stays app's own scope for ``stays.Stay``.
    """

    class Meta:
        proxy = True
        verbose_name = _("opphold (oppfølging)")
        verbose_name_plural = _("opphold (oppfølging)")


# --- security conversation and crisis plan -----------------------------------


class ChecklistItem(models.TextChoices):
    """The written checklist for the security conversation (2011 evaluation, §5.2.3.1)."""

    ALARMS = "alarms", _("Hvordan alarmene virker og hvem du ringer")
    DIGITAL = "digital", _("Trygg bruk av telefon, e-post og sosiale medier")
    ADDRESS = "address", _("Adressen er hemmelig")
    NO_VISITORS = "no_visitors", _("Ingen besøk i boligen")
    FAMILY_CONTACT = (
        "family_contact",
        _(
            "Ingen kontakt med familie eller gammelt nettverk uten avklaring, og si fra hvis det skjer"
        ),
    )
    NAME_COVER = "name_cover", _("Navnendring og dekkhistorie")
    PRACTICAL = "practical", _("Praktiske råd, for eksempel å variere veien hjem")
    PLACES_TO_AVOID = "places_to_avoid", _("Steder du bør unngå")


class SecurityConversation(SyntheticMarkMixin, TimeStampedModel):
    """Sikkerhetssamtale with the local police in the first days after arrival."""

    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.PROTECT, related_name="security_conversation"
    )
    held_on = models.DateField(_("dato for samtalen"))
    police_participants = models.CharField(_("fra politiet"), max_length=200)
    staff_participants = models.CharField(_("fra botilbudet"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sikkerhetssamtale")
        verbose_name_plural = _("sikkerhetssamtaler")


class ConversationItem(SyntheticMarkMixin, models.Model):
    conversation = models.ForeignKey(
        SecurityConversation, on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("punkt"), max_length=30, choices=ChecklistItem)
    covered = models.BooleanField(_("gjennomgått"))
    note = EncryptedTextField(_("merknad"), blank=True, default="")

    class Meta:
        verbose_name = _("punkt i sikkerhetssamtalen")
        verbose_name_plural = _("punkter i sikkerhetssamtalen")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "item"], name="conversation_item_once")
        ]

    def __str__(self) -> str:
        return str(self.get_item_display())


class CrisisScenario(SyntheticMarkMixin, TimeStampedModel):
    """One line of the kriseplan: «Hva gjør du hvis …» and the resident's answer."""

    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, related_name="crisis_scenarios"
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    scenario = EncryptedTextField(_("hva gjør du hvis …"))
    response = EncryptedTextField(_("dette gjør jeg"))

    class Meta:
        verbose_name = _("scenario i kriseplanen")
        verbose_name_plural = _("kriseplan")
        ordering = ["position", "pk"]


# --- security measures and threat picture -------------------------------------


class SecurityMeasure(SyntheticMarkMixin, TimeStampedModel):
    """One measure considered for the resident, chosen or not, always with a reason."""

    class Kind(models.TextChoices):
        VIOLENCE_ALARM = "violence_alarm", _("Voldsalarm")
        DWELLING_ALARM = "dwelling_alarm", _("Boligalarm")
        CODE_6 = "code_6", _("Strengt fortrolig adresse (kode 6)")
        CODE_7 = "code_7", _("Fortrolig adresse (kode 7)")
        NAME_CHANGE = "name_change", _("Navnendring")
        OTHER = "other", _("Annet tiltak")

    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, related_name="security_measures"
    )
    kind = models.CharField(_("tiltak"), max_length=20, choices=Kind)
    chosen = models.BooleanField(_("valgt"))
    reason = EncryptedTextField(_("begrunnelse"))
    applied_on = models.DateField(_("søkt"), null=True, blank=True)
    granted_on = models.DateField(_("innvilget"), null=True, blank=True)
    ended_on = models.DateField(_("levert tilbake / avsluttet"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sikkerhetstiltak")
        verbose_name_plural = _("sikkerhetstiltak")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "kind"],
                condition=~Q(kind="other"),
                name="measure_kind_once_per_stay",
            ),
            models.CheckConstraint(
                condition=Q(granted_on__isnull=True)
                | Q(applied_on__isnull=False, granted_on__gte=F("applied_on")),
                name="measure_granted_after_applied",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(granted_on__isnull=False, ended_on__gte=F("granted_on")),
                name="measure_ended_after_granted",
            ),
        ]

    def waiting_days(self, today: dt.date) -> int | None:
        """Days from application to grant, or to today while still waiting."""
        if self.applied_on is None:
            return None
        return ((self.granted_on or today) - self.applied_on).days


class ThreatChange(SyntheticMarkMixin, TimeStampedModel):
    """A dated change in the threat picture, written by police roles only."""

    class Risk(models.TextChoices):
        LOW = "low", _("Lav")
        MODERATE = "moderate", _("Moderat")
        HIGH = "high", _("Høy")

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="threat_changes")
    recorded_on = models.DateField(_("dato"))
    risk_level = models.CharField(_("risikonivå nå"), max_length=10, choices=Risk)
    detail = EncryptedTextField(_("hva har endret seg"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("endring i trusselbildet")
        verbose_name_plural = _("endringer i trusselbildet")
        ordering = ["-recorded_on", "-pk"]


# --- individual action plan ---------------------------------------------------------


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Ferdig")
    DROPPED = "dropped", _("Droppet")


class ActionPlan(SyntheticMarkMixin, TimeStampedModel):
    """Individuell handlingsplan, written with the resident."""

    stay = models.OneToOneField("stays.Stay", on_delete=models.PROTECT, related_name="action_plan")
    made_on = models.DateField(_("planen ble laget"))
    own_words = EncryptedTextField(_("beboerens egne ord"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")


class PlanGoal(SyntheticMarkMixin, TimeStampedModel):
    """A goal, or a sub-goal when ``parent`` is set (one level deep)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="subgoals"
    )
    text = EncryptedTextField(_("mål"))
    status = models.CharField(
        _("status"), max_length=20, choices=Progress, default=Progress.NOT_STARTED
    )

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["pk"]


class PlanAction(SyntheticMarkMixin, TimeStampedModel):
    """A measure (tiltak) towards a goal or sub-goal, with who is responsible."""

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    text = EncryptedTextField(_("tiltak"))
    responsible = models.CharField(_("hvem har ansvaret"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=Progress, default=Progress.NOT_STARTED
    )

    class Meta:
        verbose_name = _("tiltak i handlingsplanen")
        verbose_name_plural = _("tiltak i handlingsplanen")
        ordering = ["pk"]


class PlanEvaluation(SyntheticMarkMixin, TimeStampedModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("dato for evalueringen"))
    summary = EncryptedTextField(_("oppsummering"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluering av handlingsplanen")
        verbose_name_plural = _("evalueringer av handlingsplanen")
        ordering = ["-evaluated_on", "-pk"]


# --- the ten follow-up areas ----------------------------------------------------------


class Area(models.TextChoices):
    """The platform's follow-up areas (§3b); the tenth is one plan per accompanying child."""

    MAPPING = "mapping", _("Kartlegging av behov")
    PARTICIPATION = "participation", _("Brukermedvirkning")
    OTHER_SERVICES = "other_services", _("Samarbeid med andre tjenester")
    MILIEU_THERAPY = "milieu_therapy", _("Miljøterapeutisk oppfølging (miljøterapi)")
    SECURITY = "security", _("Sikkerhetsarbeid")
    DAY_ACTIVITY = "day_activity", _("Dagaktivitet")
    SOCIAL_NETWORK = "social_network", _("Sosialt nettverk")
    NEW_HOUSING = "new_housing", _("Ny bolig")
    FOLLOWUP_NEW_HOUSING = "followup_new_housing", _("Oppfølging i ny bolig")
    CHILD_PLAN = "child_plan", _("Egen oppfølgingsplan for barnet")


class AreaStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Ferdig")
    NOT_RELEVANT = "not_relevant", _("Ikke aktuelt")


class FollowupArea(SyntheticMarkMixin, TimeStampedModel):
    """Status and notes for one area; for ``child_plan`` one row per accompanying child."""

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="followup_areas")
    area = models.CharField(_("område"), max_length=30, choices=Area)
    # Set only for the child's own follow-up plan: the child as stays records it.
    child = models.ForeignKey(
        "stays.HouseholdMember",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followup_plans",
        verbose_name=_("barn"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AreaStatus, default=AreaStatus.NOT_STARTED
    )
    notes = EncryptedTextField(_("notater"), blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("oppfølgingsområde")
        verbose_name_plural = _("oppfølgingsområder")
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "area"], condition=Q(child__isnull=True), name="followup_area_once"
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(child__isnull=False), name="followup_child_plan_once"
            ),
            models.CheckConstraint(
                condition=Q(area="child_plan", child__isnull=False)
                | (~Q(area="child_plan") & Q(child__isnull=True)),
                name="followup_area_child_only_for_child_plan",
            ),
        ]


# --- contact log ------------------------------------------------------------------------


class Theme(models.TextChoices):
    SECURITY = "security", _("Sikkerhet")
    MENTAL_HEALTH = "mental_health", _("Psykisk helse")
    PRACTICAL = "practical", _("Praktisk")
    SCHOOL_WORK = "school_work", _("Skole og arbeid")
    ECONOMY = "economy", _("Økonomi")
    SOCIAL_NETWORK = "social_network", _("Sosialt nettverk")
    HOUSING = "housing", _("Bolig")
    FAMILY = "family", _("Familie")


MAX_MINUTES = 1440


class Contact(SyntheticMarkMixin, TimeStampedModel):
    """One registered follow-up contact: the time spent and in which context."""

    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("Møte")
        PHONE = "phone", _("Telefon")
        VIDEO = "video", _("Video")
        MESSAGE = "message", _("Melding")

    class With(models.TextChoices):
        RESIDENT = "resident", _("Beboeren")
        CHILD = "child", _("Barn")
        PARTNER_SERVICE = "partner_service", _("Samarbeidspartner")

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="contacts")
    contact_on = models.DateField(_("dato"))
    minutes = models.PositiveSmallIntegerField(_("minutter"))
    form = models.CharField(_("form"), max_length=20, choices=Form)
    with_whom = models.CharField(_("med hvem"), max_length=20, choices=With)
    partner = models.ForeignKey(
        "housing.PartnerService",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hvilken samarbeidspartner"),
    )
    heavy_strain = models.BooleanField(_("periode med store psykiske belastninger"), default=False)
    goal = models.ForeignKey(
        PlanGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("mål i handlingsplanen"),
    )
    is_aftercare = models.BooleanField(_("etteroppfølging"), default=False)
    note = EncryptedTextField(_("notat"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["-contact_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES), name="contact_minutes_range"
            ),
            models.CheckConstraint(
                condition=Q(with_whom="partner_service") | Q(partner__isnull=True),
                name="contact_partner_only_for_partner_service",
            ),
        ]
        indexes = [models.Index(fields=["stay", "contact_on"])]


class ContactTheme(SyntheticMarkMixin, models.Model):
    """Themes of a contact, one row each, so time per theme is one SQL sum."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("tema"), max_length=20, choices=Theme)

    class Meta:
        verbose_name = _("tema for kontakt")
        verbose_name_plural = _("temaer for kontakt")
        constraints = [
            models.UniqueConstraint(fields=["contact", "theme"], name="contact_theme_once")
        ]

    def __str__(self) -> str:
        return str(self.get_theme_display())
