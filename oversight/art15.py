"""Right of access (innsyn, GDPR art. 15; SECURITY.md 25).

For ONE person: the data we hold (the person, assessments, consents, stays
and the follow-up, decisions and individual plan recorded during them; field labels and values, decrypted
for this report only) and the date and purpose of every access to any of
those records, read from the audit log with
``audit.selectors.access_log_for_object``.

Choices made here:

* Staff names are left out (EU court case C-579/21): each access shows the
  role and the kind of organisation instead. Names are included only when the
  coordinator ticks the option and writes why; the reason is recorded.
* The secret dwelling address is never in the report, nor are dwellings or
  places, nor the blind index. The address is the person's own, but a report
  can be lost or intercepted on its way; the report says so and how to ask
  for it in person.
* The police's threat assessments (``referrals.ThreatAssessment``,
  ``followup.ThreatChange``) are withheld: they name threat actors and their
  networks, may be exempt from access (personopplysningsloven § 16, GDPR
  art. 23), and a person under pressure can be made to ask for this report.
  The report says they exist and that the police answer requests for them;
  the dates of access to them are still in the log.
* Staff members who wrote a record are left out in the same way (fields that
  point at a user are not shown).
* Producing a report needs re-authentication (the view), a checked identity
  (recorded in ``AccessReport``) and is audited as ``access.art15.generated``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policy
from access.models import AccessReport
from access.policy import Perm
from accounts.actors import Actor, Viewer
from accounts.models import Organisation, Role
from audit import actions
from audit.models import AuditEntry
from audit.selectors import access_log_for_object
from audit.services import record, record_read
from core.fields import BlindIndexField, blind_index_for
from core.pdf import render_pdf
from referrals.models import IDENTITY_INDEX_CONTEXT, Person

GENERATED = "access.art15.generated"
# One row per record in the report: the producer sees every field of it.
EXPORTED = "access.art15.exported"
# Apps whose rows about the person are "data held"; the access and audit
# apps hold records about access, which the log section covers.
_DATA_APPS = {"referrals", "stays", "followup", "decisions", "documents", "meetings", "reporting"}
# Never in the report: where the person lives (see the module docstring).
_NEVER_MODELS = {"housing.Dwelling", "housing.Place", "housing.PlaceBooking"}
# Withheld, with a sentence in the report saying so (see the module docstring).
_WITHHELD_MODELS = {"referrals.ThreatAssessment", "followup.ThreatChange"}
_NEVER_FIELD_WORDS = ("address", "adresse")
# Related objects shown by their name (an offer, an organisation); any other
# relation (a staff member, a place) is left out.
_NAMED_RELATIONS = {"housing.Offer", "accounts.Organisation"}
_SKIPPED_FIELDS = {"id", "is_synthetic", "created_at", "updated_at"}
# Proxies that audit the same stay row under their own label.
_STAY_PROXIES = (
    "followup.FollowedStay",
    "reporting.ReportedStay",
    "decisions.DecidedStay",
    "documents.DocumentStay",
    "meetings.MeetingStay",
)
# Proxies that audit the same person row under their own label.
_PERSON_PROXIES = ("documents.DocumentPerson",)


@dataclass
class Item:
    heading: str
    rows: list[tuple[str, str]]


@dataclass
class Section:
    heading: str
    items: list[Item] = field(default_factory=list)


@dataclass
class LogRow:
    at: dt.datetime
    purpose: str
    what: str
    who: str


@dataclass
class Report:
    person: Person
    sections: list[Section]
    log: list[LogRow]
    include_names: bool
    produced_at: dt.datetime
    # The person has police threat information that the report leaves out.
    threat_withheld: bool = False
    # The records the report shows, for the audit of what its producer saw.
    objects: list[models.Model] = field(default_factory=list)


# --- selectors ------------------------------------------------------------------


def _persons(user: Viewer) -> Any:
    """Persons the user may report on (Perm.PRODUCE_ACCESS_REPORT: the coordinator, nationally)."""
    return policy.visible(user, Person, Perm.PRODUCE_ACCESS_REPORT)


def find_person(*, fetched_by: Viewer, identity_number: str = "", person_ref: str = "") -> Person:
    """Exact lookup for the report's producer (404 when hidden or missing)."""
    if identity_number:
        index = blind_index_for(
            identity_number, context=IDENTITY_INDEX_CONTEXT, normalise="identity_number"
        )
        return policy.get_object_for(
            fetched_by,
            _persons(fetched_by),
            Perm.PRODUCE_ACCESS_REPORT,
            identity_number_index=index or "-",
        )
    return policy.get_object_for(
        fetched_by, _persons(fetched_by), Perm.PRODUCE_ACCESS_REPORT, pk=person_ref
    )


def _objects_of(person: Person) -> list[models.Model]:
    """The person and every row about them: two steps out (person -> stay -> its rows)."""
    found: list[models.Model] = [person]
    seen = {(person._meta.label, person.pk)}

    def related(obj: models.Model) -> list[models.Model]:
        rows: list[models.Model] = []
        for rel in obj._meta.related_objects:
            model = rel.related_model
            if (
                isinstance(model, str)
                or model._meta.app_label not in _DATA_APPS
                or model._meta.proxy
            ):
                continue
            if rel.one_to_one:
                target = model._default_manager.filter(**{rel.field.name: obj}).first()
                rows.extend([target] if target is not None else [])
            elif rel.one_to_many:
                rows.extend(model._default_manager.filter(**{rel.field.name: obj}).order_by("pk"))
        return rows

    frontier: list[models.Model] = [person]
    for _depth in range(2):
        nxt: list[models.Model] = []
        for obj in frontier:
            for row in related(obj):
                key = (row._meta.label, row.pk)
                if key not in seen:
                    seen.add(key)
                    found.append(row)
                    nxt.append(row)
        frontier = nxt
    return found


def _value(obj: models.Model, f: models.Field) -> str | None:
    """The field as the person should read it; None when it is left out."""
    if f.name in _SKIPPED_FIELDS or isinstance(f, BlindIndexField):
        return None
    if any(word in f.name.lower() for word in _NEVER_FIELD_WORDS):
        return None
    if f.is_relation:
        target_model = f.related_model
        if target_model is None or isinstance(target_model, str):
            return None
        if target_model._meta.label not in _NAMED_RELATIONS:
            return None
        target = getattr(obj, f.name, None)
        return str(target) if target is not None else ""
    value = getattr(obj, f.attname, None)
    if isinstance(value, bytes | memoryview):
        # A document's file (documents): the report says which documents
        # exist, with their kind, title and size, never what is in them.
        return None
    if f.choices:
        display = getattr(obj, f"get_{f.name}_display", None)
        return str(display()) if callable(display) and value not in (None, "") else ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if value is None:
        return ""
    return str(value)


def _item(obj: models.Model) -> Item:
    rows = []
    for f in obj._meta.concrete_fields:
        shown = _value(obj, f)
        if shown is not None and shown != "":
            rows.append((str(f.verbose_name).capitalize(), shown))
    heading = f"{str(obj._meta.verbose_name).capitalize()} {obj.pk}"
    return Item(heading=heading, rows=rows)


_SECTION_ORDER = [
    ("referrals", _("Opplysninger om deg og kartleggingen")),
    ("stays", _("Oppholdet i botilbudet")),
    ("followup", _("Oppfølging under oppholdet")),
    ("decisions", _("Vedtak og individuell plan")),
    ("documents", _("Dokumenter i saken")),
    ("meetings", _("Ansvarsgruppe og strategimøter")),
    ("reporting", _("Rapporter om oppholdet")),
]


def _log(objects: list[models.Model], include_names: bool) -> list[LogRow]:
    keys: list[tuple[str, Any]] = []
    for obj in objects:
        keys.append((obj._meta.label, obj.pk))
        if obj._meta.label == "stays.Stay":
            keys.extend((proxy, obj.pk) for proxy in _STAY_PROXIES)
        if obj._meta.label == "referrals.Person":
            keys.extend((proxy, obj.pk) for proxy in _PERSON_PROXIES)
    entries: dict[int, AuditEntry] = {}
    for label, pk in keys:
        for entry in access_log_for_object(object_type=label, object_id=pk):
            entries[entry.seq] = entry
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    kind_labels = dict(Organisation.Kind.choices)
    role_labels = dict(Role.choices)
    rows = []
    for entry in sorted(entries.values(), key=lambda e: e.seq):
        roles = [str(role_labels.get(code, code)) for code in entry.roles.split(",") if code]
        org_kinds = sorted(
            {
                str(kind_labels.get(kinds.get(name, ""), _("annen organisasjon")))
                for name in entry.organisations.split(",")
                if name
            }
        )
        who = ", ".join(roles) or _("Systemet")
        if org_kinds:
            who = f"{who} ({', '.join(org_kinds)})"
        if include_names and entry.actor_username:
            who = f"{entry.actor_username}: {who}"
        rows.append(
            LogRow(
                at=timezone.localtime(entry.at),
                purpose=entry.purpose or "–",
                what=_what(entry),
                who=who,
            )
        )
    return rows


def _what(entry: AuditEntry) -> str:
    """Plain words for the person: "Opphold: sett", not "stays.resident.viewed" (audit/actions.py)."""
    action = actions.get(entry.action)
    if action is not None:
        return str(action.text)
    # An entry written under a code retired since: say only that something was done.
    return _("Opplysninger: behandlet")


def build_report(*, person: Person, include_names: bool) -> Report:
    objects = _objects_of(person)
    shown = [o for o in objects if o._meta.label not in _NEVER_MODELS | _WITHHELD_MODELS]
    sections = []
    for app_label, heading in _SECTION_ORDER:
        items = [_item(obj) for obj in shown if obj._meta.app_label == app_label]
        if items:
            sections.append(Section(heading=str(heading), items=items))
    return Report(
        person=person,
        sections=sections,
        log=_log(objects, include_names),
        include_names=include_names,
        produced_at=timezone.localtime(),
        threat_withheld=any(obj._meta.label in _WITHHELD_MODELS for obj in objects),
        objects=[o for o in shown if o._meta.app_label in dict(_SECTION_ORDER)],
    )


def _record_shown(
    *, user: Actor, report: Report, purpose: str, request: HttpRequest | None
) -> None:
    """One read row per record in the report, naming the fields it can show (SECURITY.md 21)."""
    by_model: dict[str, list[models.Model]] = {}
    for obj in report.objects:
        by_model.setdefault(obj._meta.label, []).append(obj)
    for rows in by_model.values():
        fields = [f.name for f in rows[0]._meta.concrete_fields if _value(rows[0], f) is not None]
        record_read(
            actor=user,
            objects=rows,
            action=EXPORTED,
            fields=fields,
            purpose=purpose,
            request=request,
        )


# --- services ---------------------------------------------------------------------


def generate(
    *,
    user: Actor,
    person_id: int,
    identity_checked: bool,
    identity_method: str,
    identity_note: str = "",
    include_names: bool = False,
    names_reason: str = "",
    request: HttpRequest | None = None,
) -> tuple[AccessReport, bytes]:
    """Produce the art. 15 PDF for one person, after an identity check; audited."""
    if not identity_checked:
        raise ValidationError(
            _("Bekreft at du har kontrollert identiteten til personen."), code="identity"
        )
    if identity_method not in AccessReport.IdentityMethod.values:
        raise ValidationError(_("Velg hvordan identiteten ble kontrollert."), code="method")
    if identity_method == AccessReport.IdentityMethod.OTHER and not identity_note.strip():
        raise ValidationError(_("Beskriv hvordan identiteten ble kontrollert."), code="note")
    names_reason = (names_reason or "").strip()
    if include_names and len(names_reason) < 10:
        raise ValidationError(
            _("Skriv hvorfor navn på ansatte skal være med (minst 10 tegn)."), code="names"
        )
    with transaction.atomic():
        person = policy.get_object_for(
            user, _persons(user), Perm.PRODUCE_ACCESS_REPORT, pk=person_id
        )
        report_row = AccessReport.objects.create(
            person=person,
            produced_by=user,
            identity_checked=True,
            identity_method=identity_method,
            identity_note=identity_note.strip(),
            include_names=include_names,
            names_reason=names_reason if include_names else "",
        )
        report = build_report(person=person, include_names=include_names)
        purpose = f"innsyn etter GDPR art. 15; identitet: {identity_method}"
        record(
            actor=user,
            action=GENERATED,
            obj=person,
            fields=["report", *(["staff_names"] if include_names else [])],
            purpose=purpose,
            request=request,
        )
        _record_shown(user=user, report=report, purpose=purpose, request=request)
    pdf = render_pdf(
        "access/art15_pdf.html",
        {"report": report, "produced_by_role": _producer_role(user)},
    )
    return report_row, pdf


def _producer_role(user: Actor) -> str:
    return ", ".join(str(Role(m.role).label) for m in policy.memberships(user))
