"""The contact log (kontaktlogg): the log with its weekly hours, correcting a contact, its earlier versions.

Like every follow-up page (``followup.selectors.pages``): the stay the view
fetched through the policy, one contact of it or 404, and the read recorded
as declared in ``followup.reads``. The earlier notes, like the notes, are
decrypted only after «Vis notater».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from followup.models import Contact, ContactCorrection, ContactTheme, FollowedStay, Theme
from followup.reads import CONTACT_FORM, CONTACT_HISTORY, CONTACTS, FORM
from followup.selectors.hours import WeeklyHours, weekly_hours
from followup.services.contacts import correctable_contacts, may_correct_contact, stay_is_open

# --- the log ------------------------------------------------------------------------------


@dataclass
class ContactLog:
    contacts: list[Contact]
    weekly: WeeklyHours
    show: bool
    may_read: bool
    # The contacts this user may correct now (their writer or the offer's project lead).
    correctable: frozenset[int] = frozenset()


def contact_log(
    *,
    fetched_by: Viewer,
    stay: FollowedStay,
    show: bool,
    with_goals: bool,
    request: HttpRequest | None = None,
) -> ContactLog:
    """Every contact (newest first) and the hours per week; the notes on «vis».

    Recorded on every answer that shows the log: the page and the htmx partial
    after a new contact. ``with_goals``: the form, with the plan's goals, is shown.
    """
    may_read = policy.can(fetched_by, Perm.READ_FOLLOWUP_NOTES, stay)
    show = show and may_read
    rows = Contact.objects.filter(stay_id=stay.pk).select_related("partner")
    contacts = list(
        (rows if show else rows.defer("note")).prefetch_related(
            "themes",
            Prefetch("corrections", ContactCorrection.objects.only("contact", "created_at")),
        )
    )
    shown = [
        name
        for name, revealed in (("contacts.note", show), ("action_plan.goals.text", with_goals))
        if revealed
    ]
    CONTACTS.record(actor=fetched_by, objects=[stay], request=request, shown=shown)
    correctable = correctable_contacts(fetched_by, contacts) if stay_is_open(stay) else frozenset()
    return ContactLog(contacts, weekly_hours(stay), show, may_read, correctable)


# --- one contact --------------------------------------------------------------------------


def _contact_of(stay: FollowedStay, pk: Any, *, with_note: bool) -> Contact:
    rows = Contact.objects.filter(stay_id=stay.pk, pk=pk).select_related("partner")
    contact = (rows if with_note else rows.defer("note")).prefetch_related("themes").first()
    if contact is None:
        raise Http404
    contact.stay = stay  # the heading's fields, without another query
    return contact


@dataclass(frozen=True)
class ContactEdit:
    """The correction form's contact; None when the stay is closed (no form then)."""

    contact: Contact | None
    themes: list[str]


def contact_for_correction(
    *, fetched_by: Viewer, stay: FollowedStay, pk: Any, request: HttpRequest | None = None
) -> ContactEdit:
    """One contact to correct (its note is in the form), or 404 for anyone but its writer or lead.

    After the stay is closed nothing is shown but the heading: there is no form.
    """
    probe = Contact.objects.filter(stay_id=stay.pk, pk=pk).only("pk", "stay", "recorded_by").first()
    if probe is None or not may_correct_contact(fetched_by, probe):
        # The same answer as for a contact that does not exist.
        raise Http404
    get = request is None or request.method == "GET"
    if not stay_is_open(stay):
        if get:
            FORM.record(actor=fetched_by, objects=[stay], request=request)
        return ContactEdit(None, [])
    contact = _contact_of(stay, pk, with_note=True)
    if get:
        CONTACT_FORM.record(actor=fetched_by, objects=[contact], request=request)
    return ContactEdit(contact, [t.theme for t in contact.themes.all()])


@dataclass(frozen=True)
class Version:
    """The contact before one correction: who changed it, when, why, and what stood before."""

    corrected_at: dt.datetime
    corrected_by: str
    reason: str
    changes: list[tuple[str, str]]
    note_changed: bool
    previous_note: str


@dataclass(frozen=True)
class ContactHistory:
    contact: Contact
    versions: list[Version]
    show: bool
    may_read: bool


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _earlier(name: str, value: Any) -> tuple[str, str]:
    """An earlier value as the page shows it: the choice's label, the themes by name."""
    if name == "form":
        return _label(Contact, "form"), str(dict(Contact.Form.choices).get(value, value))
    if name == "themes":
        names = dict(Theme.choices)
        return _label(ContactTheme, "theme"), ", ".join(str(names.get(t, t)) for t in value) or "–"
    return _label(Contact, name), str(value)


def _version(correction: ContactCorrection, *, show: bool) -> Version:
    previous = correction.content.get("previous", {})
    who = correction.corrected_by
    return Version(
        corrected_at=correction.created_at,
        corrected_by=who.get_full_name() or who.username,
        reason=str(correction.content.get("reason", "")),
        changes=[_earlier(name, previous[name]) for name in correction.fields if name in previous],
        note_changed="note" in correction.fields,
        previous_note=correction.previous_note if show else "",
    )


def contact_history(
    *,
    fetched_by: Viewer,
    stay: FollowedStay,
    pk: Any,
    show: bool,
    request: HttpRequest | None = None,
) -> ContactHistory:
    """One contact and what stood before each correction, newest first; notes on «vis»."""
    may_read = policy.can(fetched_by, Perm.READ_FOLLOWUP_NOTES, stay)
    show = show and may_read
    contact = _contact_of(stay, pk, with_note=show)
    rows = ContactCorrection.objects.filter(contact=contact).select_related("corrected_by")
    corrections = list(rows if show else rows.defer("previous_note"))
    CONTACT_HISTORY.record(actor=fetched_by, objects=[contact], request=request, shown=show)
    return ContactHistory(
        contact=contact,
        versions=[_version(c, show=show) for c in reversed(corrections)],
        show=show,
        may_read=may_read,
    )
