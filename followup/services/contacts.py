"""The contact log (kontaktlogg): one contact with the resident or about them.

Atomic, validated and audited like every follow-up write (``followup.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates
from followup.models import (
    MAX_MINUTES,
    Contact,
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
