"""The automatic audit review (SECURITY.md 24): what the competence-team lead looks at.

Plain functions over the audit log for a period (Oslo dates, both ends
included). Four kinds of finding:

* ``out_of_hours``: an entry by a signed-in user outside 07–18 Oslo time on a
  working day, or any time on a weekend or public holiday (``core.dates``);
* ``outside_organisation``: an entry about an object that belongs to
  organisations none of which the actor belonged to at the time (the
  organisation snapshot in the entry). Which organisations an object belongs
  to is answered by a *resolver* per ``object_type``, so the audit schema and
  hash stay as they are. Every model of the ownership registry
  (``core/ownership.py``) gets one here: an object with an owning offer
  belongs to the offer's municipality and its police district; an intake
  object (person, assessment, threat assessment …) belongs to the competence
  team, and to the municipality and district of every offer it was proposed
  to. National roles (the competence team) work across municipalities by
  design and are not flagged;
* ``break_glass``: any ``access.break_glass.*`` action;
* ``volume``: a user's reads (the ``read`` codes of ``audit/actions.py``) on one day above
  ``max(VOLUME_FLOOR, VOLUME_FACTOR × median of their daily reads over the
  previous 30 days)`` (days without reads count as 0).

A finding carries no personal data: username, action code, object type, the
opaque object id and the time.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from accounts.models import Organisation, Role
from audit import actions
from audit.models import AuditEntry
from core import ownership
from core.dates import OSLO, is_working_day

OUT_OF_HOURS = "out_of_hours"
OUTSIDE_ORGANISATION = "outside_organisation"
BREAK_GLASS = "break_glass"
VOLUME = "volume"
KINDS = (OUT_OF_HOURS, OUTSIDE_ORGANISATION, BREAK_GLASS, VOLUME)

WORKDAY_START_HOUR = 7
WORKDAY_END_HOUR = 18
BREAK_GLASS_PREFIX = "access.break_glass."
VOLUME_FLOOR = 50
VOLUME_FACTOR = 3
VOLUME_HISTORY_DAYS = 30
# Roles whose job is national: access across municipalities is expected.
NATIONAL_ROLES = frozenset(
    {Role.COORDINATOR, Role.POLICE_REPRESENTATIVE, Role.DIRECTORATE_REPRESENTATIVE}
)


@dataclass(frozen=True)
class Finding:
    kind: str
    at: dt.datetime | None
    actor_username: str
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    seq: int | None = None
    # Volume findings: the day's reads and the threshold they exceeded.
    count: int | None = None
    threshold: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.astimezone(OSLO).isoformat() if self.at else None
        return data


@dataclass
class Review:
    start: dt.date
    end: dt.date
    entries_scanned: int = 0
    findings: list[Finding] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(f.kind for f in self.findings)
        return {kind: counted.get(kind, 0) for kind in KINDS}

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "entries_scanned": self.entries_scanned,
            "counts": self.counts,
            "findings": [f.as_dict() for f in self.findings],
        }


# --- resolvers: which organisations an audited object belongs to -------------

# object ids (as stored in the entry) -> {object id: organisation ids}
Resolver = Callable[[list[str]], dict[str, frozenset[int]]]
RESOLVERS: dict[str, Resolver] = {}


def register_resolver(object_type: str, resolver: Resolver) -> Resolver:
    """Register how to find the organisations of ``object_type`` objects (call from AppConfig.ready)."""
    RESOLVERS[object_type] = resolver
    return resolver


def register_path_resolver(object_type: str, municipality_path: str) -> Resolver:
    """A resolver from a lookup path to the owning municipality (``"offer__municipality"``).

    The object belongs to that municipality and to the municipality's police
    district (whose local contacts work with it).
    """

    def resolve(object_ids: list[str]) -> dict[str, frozenset[int]]:
        model = apps.get_model(object_type)
        pks = [int(i) for i in object_ids if i.isdigit()]
        rows = model._default_manager.filter(pk__in=pks).values_list(
            "pk", f"{municipality_path}_id", f"{municipality_path}__police_district_id"
        )
        return {
            str(pk): frozenset(i for i in (municipality, district) if i is not None)
            for pk, municipality, district in rows
        }

    return register_resolver(object_type, resolve)


def register_intake_resolver(object_type: str, allocations_path: str) -> Resolver:
    """A resolver for an intake object, reached outside the team through its allocations.

    Before any allocation the object belongs to the competence team only, so
    a municipal or police read of it is outside. Once proposed to an offer it
    also belongs to that offer's municipality and police district. Every
    allocation counts, not only live ones: the review looks back at reads
    made while the proposal was live, and a proposal declined since then
    must not turn the offer's reading of it into a finding.
    """
    to_municipality = ownership.join(allocations_path, ownership.ALLOCATION_MUNICIPALITY)

    def resolve(object_ids: list[str]) -> dict[str, frozenset[int]]:
        model = apps.get_model(object_type)
        pks = [int(i) for i in object_ids if i.isdigit()]
        team = set(
            Organisation.objects.filter(kind=Organisation.Kind.COMPETENCE_TEAM).values_list(
                "pk", flat=True
            )
        )
        owners: dict[str, set[int]] = {}
        for pk, municipality, district in model._default_manager.filter(pk__in=pks).values_list(
            "pk", f"{to_municipality}_id", f"{to_municipality}__police_district_id"
        ):
            found = owners.setdefault(str(pk), set(team))
            found.update(i for i in (municipality, district) if i is not None)
        return {pk: frozenset(orgs) for pk, orgs in owners.items()}

    return register_resolver(object_type, resolve)


def _organisation_itself(object_ids: list[str]) -> dict[str, frozenset[int]]:
    pks = [int(i) for i in object_ids if i.isdigit()]
    rows = Organisation.objects.filter(pk__in=pks).values_list("pk", "police_district_id")
    return {str(pk): frozenset(i for i in (pk, district) if i is not None) for pk, district in rows}


def register_ownership() -> None:
    """One resolver per model of the ownership registry (at import: strings only)."""
    for label, owner in ownership.OWNERSHIP.items():
        if owner.municipality_path is not None:
            register_path_resolver(label, owner.municipality_path)
        elif owner.allocations is not None:
            register_intake_resolver(label, owner.allocations)


register_resolver("accounts.Organisation", _organisation_itself)
register_ownership()


# --- the checks --------------------------------------------------------------


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Oslo time."""
    if end < start:
        raise ValueError("the period ends before it starts")
    lower = dt.datetime.combine(start, dt.time(), tzinfo=OSLO)
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=OSLO)
    return lower, upper


# A period's entries fall on a few dozen days: the holiday calendar is asked once per day.
_working_day = functools.lru_cache(maxsize=1024)(is_working_day)


def is_out_of_hours(at: dt.datetime) -> bool:
    local = at.astimezone(OSLO)
    if not _working_day(local.date()):
        return True
    return not (WORKDAY_START_HOUR <= local.hour < WORKDAY_END_HOUR)


def is_read(action: str) -> bool:
    return actions.is_read(action)


def _reads_q() -> Q:
    return Q(action__in=sorted(actions.codes(actions.Kind.READ)))


class Entry(NamedTuple):
    """The columns of an audit entry the review reads (tuples: the period may hold tens of thousands)."""

    seq: int
    at: dt.datetime
    actor_username: str
    roles: str
    organisations: str
    action: str
    object_type: str
    object_id: str


def _entries(start: dt.date, end: dt.date) -> list[Entry]:
    """The period's entries by signed-in users, in chain order.

    Read through the ``at`` index (the period), sorted afterwards: the plan
    touches the period's rows, never the rest of the table.
    """
    lower, upper = period_bounds(start, end)
    rows = (
        AuditEntry.objects.filter(at__gte=lower, at__lt=upper)
        .exclude(actor_username="")
        .order_by("seq")
        .values_list(*Entry._fields)
    )
    return [Entry(*row) for row in rows]


def _finding(kind: str, entry: Entry) -> Finding:
    return Finding(
        kind=kind,
        at=entry.at,
        actor_username=entry.actor_username,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        seq=entry.seq,
    )


def _split(snapshot: str) -> set[str]:
    return {part for part in snapshot.split(",") if part}


def _outside_organisation(entries: list[Entry]) -> list[Finding]:
    """Entries about objects none of whose organisations the actor belonged to."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        national = _split(entry.roles) & NATIONAL_ROLES
        if entry.object_type in RESOLVERS and entry.object_id and not national:
            wanted[entry.object_type].add(entry.object_id)
    if not wanted:
        return []
    owners: dict[tuple[str, str], frozenset[int]] = {}
    for object_type, ids in wanted.items():
        resolved = RESOLVERS[object_type](sorted(ids))
        owners.update({(object_type, oid): orgs for oid, orgs in resolved.items()})
    # The entry keeps organisation names as they were; names are unique.
    names = {n for e in entries for n in _split(e.organisations)}
    ids_by_name = dict(Organisation.objects.filter(name__in=names).values_list("name", "pk"))
    found: list[Finding] = []
    for entry in entries:
        object_orgs = owners.get((entry.object_type, entry.object_id))
        if not object_orgs or _split(entry.roles) & NATIONAL_ROLES:
            continue  # no resolver, object gone or owned by nobody, or a national role
        actor_orgs = {ids_by_name[n] for n in _split(entry.organisations) if n in ids_by_name}
        if not actor_orgs & object_orgs:
            found.append(_finding(OUTSIDE_ORGANISATION, entry))
    return found


def daily_reads(start: dt.date, end: dt.date) -> dict[tuple[str, dt.date], int]:
    """Reads per (username, Oslo date) in the period."""
    lower, upper = period_bounds(start, end)
    rows = (
        AuditEntry.objects.filter(_reads_q(), at__gte=lower, at__lt=upper)
        .exclude(actor_username="")
        .annotate(day=TruncDate("at", tzinfo=OSLO))
        .values("actor_username", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["actor_username"], row["day"]): row["n"] for row in rows}


def volume_threshold(history: list[int]) -> int:
    median = statistics.median(history) if history else 0
    return max(VOLUME_FLOOR, int(VOLUME_FACTOR * median))


def _volume(start: dt.date, end: dt.date) -> list[Finding]:
    counts = daily_reads(start - dt.timedelta(days=VOLUME_HISTORY_DAYS), end)
    found: list[Finding] = []
    for (username, day), n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if not start <= day <= end or n <= VOLUME_FLOOR:
            continue
        history = [
            counts.get((username, day - dt.timedelta(days=back)), 0)
            for back in range(1, VOLUME_HISTORY_DAYS + 1)
        ]
        threshold = volume_threshold(history)
        if n > threshold:
            found.append(
                Finding(
                    kind=VOLUME,
                    at=dt.datetime.combine(day, dt.time(), tzinfo=OSLO),
                    actor_username=username,
                    action="",
                    count=n,
                    threshold=threshold,
                )
            )
    return found


def review(start: dt.date, end: dt.date) -> Review:
    """Scan the audit log from ``start`` to ``end`` (Oslo dates, inclusive)."""
    result = Review(start=start, end=end)
    entries = _entries(start, end)
    result.entries_scanned = len(entries)
    for entry in entries:
        if entry.action.startswith(BREAK_GLASS_PREFIX):
            result.findings.append(_finding(BREAK_GLASS, entry))
        if is_out_of_hours(entry.at):
            result.findings.append(_finding(OUT_OF_HOURS, entry))
    result.findings.extend(_outside_organisation(entries))
    result.findings.extend(_volume(start, end))
    return result


def as_text(result: Review) -> str:
    """The report as plain lines, for cron mail."""
    lines = [
        f"Revisjonsgjennomgang / audit review {result.start.isoformat()}–{result.end.isoformat()}: "
        f"{result.entries_scanned} entries scanned",
        ", ".join(f"{kind}={n}" for kind, n in result.counts.items()),
    ]
    for f in result.findings:
        when = f.at.astimezone(OSLO).isoformat(timespec="seconds") if f.at else "-"
        if f.kind == VOLUME:
            lines.append(f"{f.kind}\t{when}\t{f.actor_username}\treads={f.count}>{f.threshold}")
        else:
            obj = f"{f.object_type}#{f.object_id}" if f.object_type else "-"
            lines.append(f"{f.kind}\t{when}\t{f.actor_username}\t{f.action}\t{obj}\tseq={f.seq}")
    return "\n".join(lines)
