"""The contact log (kontaktlogg): one contact with the resident or about them, and its corrections.

Atomic, validated and audited like every follow-up write (``followup.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from access import policy
from access.policy import Perm
from accounts.actors import Actor, Viewer, signed_in
from accounts.models import Role
from audit.services import record
from core import dates
from followup.models import (
    MAX_MINUTES,
    Contact,
    ContactCorrection,
    ContactTheme,
    PlanGoal,
    Theme,
)
from followup.services.base import _synthetic
from stays.models import Stay


@transaction.atomic
def contact_create(
    *,
    stay: Stay,
    by: Actor,
    contact_on: dt.date,
    minutes: int,
    form: str,
    with_whom: str,
    themes: Iterable[str] = (),
    partner: Any = None,
    heavy_strain: bool = False,
    goal: PlanGoal | None = None,
    note: str = "",
) -> Contact:
    """Register one follow-up contact. After move-out it counts as aftercare."""
    errors: dict[str, Any] = {}
    if stay.moved_in_on is None or contact_on < stay.moved_in_on:
        errors["contact_on"] = _("Kontakten kan ikke være før innflytting.")
    elif contact_on > dates.today():
        errors["contact_on"] = _("Kontakten kan ikke være i fremtiden.")
    if minutes is None or not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Skriv antall minutter mellom 1 og 1440 (ett døgn).")
    if with_whom == Contact.With.PARTNER_SERVICE:
        if partner is None:
            errors["partner"] = _("Velg hvilken samarbeidspartner.")
        elif partner.offer_id != stay.offer_id:
            errors["partner"] = _("Velg en samarbeidspartner for dette botilbudet.")
    elif partner is not None:
        errors["partner"] = _(
            "Samarbeidspartner velges bare når kontakten var med en samarbeidspartner."
        )
    if goal is not None and goal.plan.stay_id != stay.pk:
        errors["goal"] = _("Velg et mål i beboerens handlingsplan.")
    themes = list(dict.fromkeys(themes))
    if any(theme not in Theme.values for theme in themes):
        errors["themes"] = _("Ukjent tema.")
    if errors:
        raise ValidationError(errors)
    contact = Contact(
        stay=stay,
        contact_on=contact_on,
        minutes=minutes,
        form=form,
        with_whom=with_whom,
        partner=partner,
        heavy_strain=heavy_strain,
        goal=goal,
        is_aftercare=stay.moved_out_on is not None and contact_on > stay.moved_out_on,
        note=note,
        recorded_by=by,
        is_synthetic=_synthetic(stay),
    )
    contact.full_clean()
    contact.save()
    ContactTheme.objects.bulk_create(
        ContactTheme(contact=contact, theme=theme, is_synthetic=contact.is_synthetic)
        for theme in themes
    )
    record(
        actor=by,
        action="followup.contact.created",
        obj=contact,
        fields=[
            "contact_on",
            "minutes",
            "form",
            "with_whom",
            "partner",
            "themes",
            "heavy_strain",
            "goal",
            "is_aftercare",
            "note",
        ],
        purpose="kontaktlogg",
    )
    return contact


# --- corrections (retting av kontakt) ----------------------------------------------

CORRECTABLE = ("minutes", "form", "themes", "note")


def correctable_contacts(user: Viewer, contacts: Iterable[Contact]) -> frozenset[int]:
    """Which of ``contacts`` the user may correct: their writer, or the offer's project lead.

    Either only with the right to record follow-up for the contact's stay.
    One query, however many contacts.
    """
    actor = signed_in(user)
    wanted = {c.pk: c.recorded_by_id for c in contacts}
    if actor is None or not wanted:
        return frozenset()
    reachable = policy.visible(actor, Contact, Perm.RECORD_FOLLOWUP).filter(pk__in=list(wanted))
    leads = policy.organisation_ids(actor, role=Role.PROJECT_LEAD)
    return frozenset(
        pk
        for pk, municipality in reachable.values_list("pk", "stay__offer__municipality_id")
        if wanted[pk] == actor.pk or municipality in leads
    )


def may_correct_contact(user: Viewer, contact: Contact) -> bool:
    """The person who wrote the contact, or the offer's project lead (with the right to record)."""
    return contact.pk in correctable_contacts(user, [contact])


def stay_is_open(stay: Stay) -> bool:
    """A contact is corrected only while its stay is open: after closure the log is final."""
    return stay.closed_on is None and stay.status not in (
        Stay.Status.CLOSED,
        Stay.Status.WITHDRAWN,
    )


@transaction.atomic
def contact_correct(
    *,
    contact: Contact,
    by: Actor,
    minutes: int,
    form: str,
    themes: Iterable[str],
    note: str,
    why: str,
) -> ContactCorrection:
    """Correct a contact's minutes, form, themes or note; keep what stood before.

    The weekly hours are computed from the contacts, so they follow the
    correction. Refused after the stay is closed.
    """
    stay = Stay.objects.select_for_update().get(pk=contact.stay_id)
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if not may_correct_contact(by, locked):
        raise PermissionDenied(
            _("Bare den som registrerte kontakten, eller prosjektlederen, kan rette den.")
        )
    if not stay_is_open(stay):
        raise ValidationError(
            _("Oppholdet er avsluttet. Kontaktene i et avsluttet opphold kan ikke rettes.")
        )
    errors: dict[str, str] = {}
    if minutes is None or not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Skriv antall minutter mellom 1 og 1440 (ett døgn).")
    if form not in Contact.Form.values:
        errors["mode"] = _("Velg hvordan kontakten var.")
    wanted_themes = sorted(dict.fromkeys(themes))
    if any(theme not in Theme.values for theme in wanted_themes):
        errors["themes"] = _("Ukjent tema.")
    if not why.strip():
        errors["why"] = _("Skriv kort hva som var feil.")
    if errors:
        raise ValidationError(errors)
    previous: dict[str, Any] = {}
    if locked.minutes != minutes:
        previous["minutes"] = locked.minutes
        locked.minutes = minutes
    if locked.form != form:
        previous["form"] = locked.form
        locked.form = form
    before = sorted(locked.themes.values_list("theme", flat=True))
    if before != wanted_themes:
        previous["themes"] = before
    previous_note = ""
    changed = sorted(previous)
    if locked.note != note:
        previous_note = locked.note
        locked.note = note
        changed = sorted([*changed, "note"])
    if not changed:
        raise ValidationError(_("Ingenting er endret."))
    locked.full_clean()
    locked.save()
    if "themes" in previous:
        locked.themes.all().delete()
        ContactTheme.objects.bulk_create(
            ContactTheme(contact=locked, theme=theme, is_synthetic=locked.is_synthetic)
            for theme in wanted_themes
        )
    correction = ContactCorrection.objects.create(
        contact=locked,
        corrected_by=by,
        fields=changed,
        content={"previous": previous, "reason": why.strip()},
        previous_note=previous_note,
        is_synthetic=locked.is_synthetic,
    )
    record(
        actor=by,
        action="followup.contact.corrected",
        obj=locked,
        fields=changed,
        purpose="kontaktlogg",
    )
    return correction
