"""Moving on (utflytting): the transfer checklist, the move-out, and aftercare (ettervern).

Atomic, validated and audited like every write of the stay (``stays.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates, faults
from stays import selectors
from stays.models import (
    Destination,
    Stay,
    TransferItem,
)
from stays.services.base import _check_nine_months, _d, _locked


@transaction.atomic
def transfer_checklist_save(
    *, stay: Stay, values: Mapping[str, Mapping[str, Any]], by: Actor
) -> list[TransferItem]:
    """Save the transfer checklist: per point a state, a date (required when done) and a note.

    ``values`` maps the point's code to ``{"state", "done_on", "note"}``.
    """
    stay = _locked(stay, Stay.Status.LIVING, Stay.Status.MOVED_OUT)
    today = dates.today()
    errors: dict[str, str] = {}
    for code, row in values.items():
        state, done_on = row.get("state"), row.get("done_on")
        if code not in TransferItem.Item.values:
            raise ValidationError(_("Ukjent punkt i listen."))
        if state == TransferItem.State.DONE and done_on is None:
            errors[f"{code}_done_on"] = _("Skriv datoen da dette ble gjort.")
        if done_on is not None and done_on > today:
            errors[f"{code}_done_on"] = _("Datoen kan ikke være fram i tid.")
    if errors:
        raise ValidationError(errors)
    saved = []
    for code, row in values.items():
        item, _created = TransferItem.objects.get_or_create(
            stay=stay, item=code, defaults={"is_synthetic": stay.is_synthetic}
        )
        item.state = row.get("state") or TransferItem.State.PENDING
        item.done_on = row.get("done_on")
        item.note = (row.get("note") or "").strip()
        item.full_clean()
        item.save()
        saved.append(item)
    record(
        actor=by,
        action="stays.transfer_checklist.saved",
        obj=stay,
        fields=["transfer_items.state", "transfer_items.done_on", "transfer_items.note"],
        purpose="overføring ved utflytting",
    )
    return saved


# --- move-out and aftercare ----------------------------------------------------


@transaction.atomic
def stay_move_out(
    *,
    stay: Stay,
    moved_out_on: dt.date,
    destination: str,
    extension_reason: str = "",
    by: Actor,
) -> Stay:
    """Register the actual move-out and where the resident went; the place is freed.

    A move-out past 9 months needs a recorded reason (the move-out day is then
    the extension's end).
    """
    from housing import services as housing_services

    stay = _locked(stay, Stay.Status.LIVING)
    assert stay.moved_in_on is not None
    errors: dict[str, str] = {}
    if moved_out_on < stay.moved_in_on:
        errors["moved_out_on"] = _(
            "Utflyttingsdatoen kan ikke være før innflyttingsdatoen (%(date)s)."
        ) % {"date": _d(stay.moved_in_on)}
    elif moved_out_on > dates.today():
        errors["moved_out_on"] = _(
            "Utflyttingsdatoen kan ikke være fram i tid. Endre planlagt utflytting i stedet."
        )
    if destination not in Destination.values:
        errors["destination"] = _("Velg hvor beboeren flyttet. Velg «Ukjent» hvis dere ikke vet.")
    if errors:
        raise ValidationError(errors)
    extends = _check_nine_months(stay, moved_out_on, extension_reason)
    stay.moved_out_on = moved_out_on
    stay.destination = destination
    stay.status = Stay.Status.MOVED_OUT
    fields = ["moved_out_on", "destination", "status"]
    if extends:
        stay.extended_until = moved_out_on
        stay.extension_reason = extension_reason.strip()
        fields += ["extended_until", "extension_reason"]
    stay.full_clean()
    stay.save(update_fields=[*fields, "updated_at"])
    faults.point("stay.move_out.after_stay")
    if stay.booking is not None:
        housing_services.booking_end(booking=stay.booking, ends_on=moved_out_on, by=by)
    faults.point("stay.move_out.after_booking")
    record(actor=by, action="stays.stay.moved_out", obj=stay, fields=fields, purpose="utflytting")
    faults.point("stay.move_out.after_audit")
    return stay


@transaction.atomic
def aftercare_save(
    *, stay: Stay, starts_on: dt.date, ends_on: dt.date, reason: str = "", by: Actor
) -> Stay:
    """An aftercare period after move-out (platform §5).

    Follow-up that reaches past the ordinary 9 months (or the recorded
    extension) needs a reason.
    """
    stay = _locked(stay, Stay.Status.MOVED_OUT)
    assert stay.moved_out_on is not None
    errors: dict[str, str] = {}
    if starts_on < stay.moved_out_on:
        errors["starts_on"] = _("Ettervernet kan ikke starte før utflyttingen (%(date)s).") % {
            "date": _d(stay.moved_out_on)
        }
    if ends_on < starts_on:
        errors["ends_on"] = _("Sluttdatoen kan ikke være før startdatoen.")
    if errors:
        raise ValidationError(errors)
    ordinary_end = selectors.followup_ends_on(stay)
    if ordinary_end is not None and ends_on > ordinary_end and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Ettervernet går ut over den vanlige oppfølgingstiden (til %(date)s). Skriv hvorfor beboeren har særskilt behov for det."
                )
                % {"date": _d(ordinary_end)}
            }
        )
    stay.aftercare_from = starts_on
    stay.aftercare_until = ends_on
    stay.aftercare_reason = reason.strip()
    stay.full_clean()
    stay.save(update_fields=["aftercare_from", "aftercare_until", "aftercare_reason", "updated_at"])
    record(
        actor=by,
        action="stays.stay.aftercare_saved",
        obj=stay,
        fields=["aftercare_from", "aftercare_until", "aftercare_reason"],
        purpose="ettervern",
    )
    return stay
