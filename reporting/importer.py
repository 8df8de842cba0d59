"""Import of historical stays from earlier spreadsheets (CSV): the service that writes.

``import_stays`` reads and checks the whole file first (``import_rows``), then
checks it against the database, and only then writes, in one transaction:
one error anywhere and nothing is imported. Rows must name a host
municipality and an offer that already exist, spelt exactly as in the
system; with ``create_missing`` the missing ones are created (their names
have passed the same checks), and ``dry_run`` reports what would be created
and imported without writing anything. Re-running the same file changes
nothing: a stay is found again by its ``import_reference``. Imported stays
hold no personal identifiers (``person`` is null), only the statistical
snapshot.

The work per row is in memory; the database sees a fixed number of queries
plus one lookup per ``LOOKUP_CHUNK`` references and one insert per batch,
and one audit entry for the run (plus one per municipality or offer made).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.actors import SystemActor
from accounts.models import Organisation
from audit.services import record
from housing.models import Offer
from reporting import history
from reporting.import_rows import (
    COLUMNS,
    STAY_FIELDS,
    ErrorList,
    ImportFailed,
    Row,
    read_rows,
)
from stays.models import Stay

__all__ = ["COLUMNS", "ImportFailed", "Result", "import_stays"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000
# Stays written per INSERT (SQLite splits further: at most 999 parameters).
WRITE_BATCH = 500
LOOKUP_CHUNK = 900
# A file that would create more than this is almost certainly wrong: Norway
# has about 360 municipalities and the service a handful of offers.
MAX_CREATED = 50
# An imported offer gets the follow-up intensity its type usually has.
INTENSITY_BY_TYPE = {"collective": "high", "apartment": "medium", "bedsit": "low"}
HINT_CREATE = "kjør med --create-missing for å opprette det (se først med --dry-run)"

T = TypeVar("T")


@dataclass
class Result:
    created: int = 0
    unchanged: int = 0
    municipalities_created: list[str] = field(default_factory=list)
    offers_created: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Plan:
    new_rows: list[Row]
    unchanged: int
    offers: dict[tuple[str, str], int | None]  # None: to be created
    municipalities: dict[str, int | None]
    new_offers: dict[tuple[str, str], str] = field(default_factory=dict)  # → offer_type


def import_stays(
    source: str | bytes | IO[bytes],
    *,
    by: SystemActor = None,
    source_name: str = "",
    create_missing: bool = False,
    dry_run: bool = False,
) -> Result:
    """Check the whole file, then import every row in one transaction, or nothing.

    ``source`` is the file's text, its bytes, or a binary stream (read line by
    line). Raises ``ImportFailed`` with Norwegian messages for anything wrong.
    """
    if isinstance(source, str):
        source = source.encode("utf-8")
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    rows = read_rows(source, max_bytes=max_bytes(), max_rows=max_rows())
    try:
        with transaction.atomic():
            plan = _plan(rows, create_missing=create_missing)
            result = Result(
                created=len(plan.new_rows),
                unchanged=plan.unchanged,
                municipalities_created=[n for n, pk in plan.municipalities.items() if pk is None],
                offers_created=[f"{m}: {o}" for (m, o) in plan.new_offers],
                dry_run=dry_run,
            )
            if not dry_run:
                _write(plan, by=by, source_name=source_name, result=result)
    except IntegrityError:
        # Another import wrote the same reference or name at the same time.
        raise ImportFailed(
            ["Databasen avviste importen fordi noe ble endret samtidig; kjør importen på nytt"]
        ) from None
    return result


def max_bytes() -> int:
    """The file size limit in bytes (``STAY_IMPORT_MAX_BYTES``, 20 MB by default)."""
    return int(getattr(settings, "STAY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    """The row limit (``STAY_IMPORT_MAX_ROWS``, 100 000 by default)."""
    return int(getattr(settings, "STAY_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _plan(rows: list[Row], *, create_missing: bool) -> _Plan:
    """Everything the database must agree with, checked before the first write."""
    errors = ErrorList()
    unchanged, new_rows = _compare_known(rows, errors)
    places = _Places(errors, create_missing=create_missing)
    for row in new_rows:
        places.resolve(row)
    places.report()
    if places.created > MAX_CREATED:
        errors.add(
            rows[0].line,
            None,
            f"filen ville opprette {places.created} vertskommuner og botilbud, men høyst "
            f"{MAX_CREATED} kan opprettes per import; rett navnene eller opprett dem først",
        )
    if errors.total:
        raise errors.fail()
    return _Plan(
        new_rows=new_rows,
        unchanged=unchanged,
        offers=places.offers,
        municipalities=places.municipalities,
        new_offers=places.new_offers,
    )


def _compare_known(rows: list[Row], errors: ErrorList) -> tuple[int, list[Row]]:
    """Rows imported before must match what is stored exactly; the rest are new."""
    columns = ["import_reference", "offer__name", "offer__municipality__name", *STAY_FIELDS]
    known: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(rows, LOOKUP_CHUNK):
        references = [row.reference for row in chunk]
        for values in Stay.objects.filter(import_reference__in=references).values_list(*columns):
            known[values[0]] = tuple(values[1:])
    new_rows: list[Row] = []
    unchanged = 0
    for row in rows:
        stored = known.get(row.reference)
        if stored is None:
            new_rows.append(row)
            continue
        values = row.stay_values()
        if stored != (row.offer, row.municipality, *(values[f] for f in STAY_FIELDS)):
            errors.add(
                row.line,
                "reference",
                f"«{row.reference}» er importert før med andre verdier; "
                "rett i systemet, ikke ved ny import",
            )
        unchanged += 1
    return unchanged, new_rows


class _Places:
    """Each row's host municipality and offer by exact name, from two queries in all.

    A name that is missing, or differs from a stored one only in upper and
    lower case, is reported once, on its first row, with how many other rows
    name it too. With ``create_missing`` a missing name is planned for
    creation instead (a near-duplicate in case still is not).
    """

    def __init__(self, errors: ErrorList, *, create_missing: bool) -> None:
        self.errors = errors
        self.create_missing = create_missing
        self.organisations = {
            name: (pk, kind)
            for pk, name, kind in Organisation.objects.values_list("pk", "name", "kind")
        }
        self.folded = {name.casefold(): name for name in self.organisations}
        self.stored_offers = {
            (municipality, name): (pk, offer_type)
            for pk, municipality, name, offer_type in Offer.objects.values_list(
                "pk", "municipality__name", "name", "offer_type"
            )
        }
        self.offers_folded = {(m, name.casefold()): name for (m, name) in self.stored_offers}
        self.municipalities: dict[str, int | None] = {}
        self.offers: dict[tuple[str, str], int | None] = {}
        self.new_offers: dict[tuple[str, str], str] = {}
        self.problems: dict[tuple[str, ...], tuple[int, str, str]] = {}
        self.recurring: dict[tuple[str, ...], int] = defaultdict(int)

    @property
    def created(self) -> int:
        return sum(pk is None for pk in self.municipalities.values()) + len(self.new_offers)

    def problem(self, key: tuple[str, ...], row: Row, column: str, message: str) -> None:
        if key in self.problems:
            self.recurring[key] += 1
        else:
            self.problems[key] = (row.line, column, message)

    def resolve(self, row: Row) -> None:
        name = row.municipality
        if name not in self.municipalities and not self._municipality(row):
            return
        key = (name, row.offer)
        if key in self.offers:
            return
        stored = self.stored_offers.get(key)
        near = self.offers_folded.get((name, row.offer.casefold()))
        if stored is not None and stored[1] != row.offer_type:
            self.problem(
                ("type", *key), row, "offer_type", f"botilbudet finnes med typen {stored[1]}"
            )
        elif stored is not None:
            self.offers[key] = stored[0]
        elif near is not None:
            self.problem(
                ("case", *key),
                row,
                "offer",
                f"finnes ikke; mente du «{near}»? Skriv navnet nøyaktig som i systemet",
            )
        elif self.create_missing:
            self.offers[key] = None
            self.new_offers[key] = row.offer_type
            self.offers_folded[(name, row.offer.casefold())] = row.offer
        else:
            self.problem(
                ("missing", *key),
                row,
                "offer",
                f"«{name}» har ikke noe botilbud som heter «{row.offer}»; {HINT_CREATE}",
            )

    def _municipality(self, row: Row) -> bool:
        name = row.municipality
        found = self.organisations.get(name)
        near = self.folded.get(name.casefold())
        if found is not None and found[1] != Organisation.Kind.MUNICIPALITY:
            self.problem(
                ("kind", name),
                row,
                "municipality",
                f"«{name}» finnes, men er ikke en vertskommune",
            )
        elif found is not None:
            self.municipalities[name] = found[0]
        elif near is not None:
            self.problem(
                ("case", name),
                row,
                "municipality",
                f"finnes ikke; mente du «{near}»? Skriv navnet nøyaktig som i systemet",
            )
        elif self.create_missing:
            self.municipalities[name] = None
            self.folded[name.casefold()] = name
        else:
            self.problem(
                ("missing", name),
                row,
                "municipality",
                f"finnes ingen vertskommune som heter «{name}»; {HINT_CREATE}",
            )
        return name in self.municipalities

    def report(self) -> None:
        for key, (line, column, message) in self.problems.items():
            more = self.recurring.get(key, 0)
            self.errors.add(
                line, column, message + (f" (også på {more} andre rader)" if more else "")
            )


def _write(plan: _Plan, *, by: SystemActor, source_name: str, result: Result) -> None:
    from housing.services import offer_create

    municipalities = {name: pk for name, pk in plan.municipalities.items() if pk is not None}
    offers = {key: pk for key, pk in plan.offers.items() if pk is not None}
    made: dict[str, Organisation] = {}
    for name in [n for n, pk in plan.municipalities.items() if pk is None]:
        made[name] = Organisation.objects.create(name=name, kind=Organisation.Kind.MUNICIPALITY)
        record(
            actor=by,
            action="accounts.organisation.created",
            obj=made[name],
            fields=["name", "kind"],
            purpose="import av historiske opphold",
        )
        municipalities[name] = made[name].pk
    for (name, offer_name), offer_type in plan.new_offers.items():
        offer = offer_create(
            municipality=made.get(name) or Organisation.objects.get(pk=municipalities[name]),
            by=by,
            name=offer_name,
            offer_type=offer_type,
            fits_women=True,
            intensity=INTENSITY_BY_TYPE[offer_type],
            on_call="crisis_centre",
            description="Importert fra tidligere regneark.",
        )
        offers[(name, offer_name)] = offer.pk
    for batch in _chunks(plan.new_rows, WRITE_BATCH):
        stays = [_stay(row, offers[(row.municipality, row.offer)]) for row in batch]
        Stay.objects.bulk_create(stays, batch_size=WRITE_BATCH)
        # bulk_create sends no signal: the finished years these stays count in
        # get fresh history stamps here, so their cached statistics are redone.
        history.touch(history.stay_years(stays))
    if result.created:
        record(
            actor=by,
            action="reporting.stays.imported",
            object_type="stays.Stay",
            object_id=str(result.created),
            fields=COLUMNS,
            purpose=(
                f"import av historiske opphold{_source(source_name)}: "
                f"{result.created} nye, {result.unchanged} uendret"
            ),
        )


def _stay(row: Row, offer_id: int) -> Stay:
    stay = Stay(
        person=None,
        allocation=None,
        booking=None,
        offer_id=offer_id,
        is_imported=True,
        import_reference=row.reference,
        # No break-the-glass reference: a historical stay is closed, nobody
        # looks it up in an emergency, and drawing one costs a query a row.
        reference="",
        **row.stay_values(),
    )
    # The model's own field rules as a second line behind read_rows (no queries:
    # the offer was resolved above, and uniqueness is the database's job).
    try:
        stay.clean_fields(exclude=["offer", "person", "allocation", "booking"])
    except ValidationError as exc:
        raise ImportFailed(
            [f"Rad {row.line}, kolonne {name}: ugyldig verdi" for name in exc.message_dict]
        ) from None
    return stay


def _source(name: str) -> str:
    """The file name for the audit purpose: harmless characters only, and short."""
    cleaned = re.sub(r"[^\w.-]", "_", name)[:100]
    return f" fra {cleaned}" if cleaned else ""
