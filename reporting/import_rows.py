"""Reading and checking a file of historical stays, line by line (nothing is written here).

``read_rows`` streams the file: it stops at once when the file passes the
size limit or the row limit, so an oversized file is never read whole. Each
cell is checked against the domain (children 0–10, adult birth years, dates
in a plausible window and in order, choices from fixed lists) and every name
against length and the spreadsheet/markup rule of ``spreadsheet_text``.
Errors name the spreadsheet row (the header is row 1) and the column, in
Norwegian; they are collected, the first ``MAX_ERRORS_SHOWN`` kept, and the
file is refused as a whole (``ImportFailed``). Nothing the file says is echoed
in an error until it has passed the checks, so a hostile cell cannot reach
the operator's terminal.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone

from reporting.spreadsheet_text import unsafe_text_reason
from reporting.statistics import DESTINATIONS

COLUMNS = [
    "reference",
    "municipality",
    "offer",
    "offer_type",
    "allocated_on",
    "moved_in_on",
    "moved_out_on",
    "destination",
    "gender",
    "birth_year",
    "partner",
    "children",
]
OFFER_TYPES = ["collective", "apartment", "bedsit"]
GENDERS = ["female", "male", "other"]
PARTNER_ANSWERS = ["yes", "no"]

MAX_ERRORS_SHOWN = 50
MAX_REFERENCE_LENGTH = 64  # Stay.import_reference
# Far below the columns (Organisation.name 200, Offer.name 120): the longest
# Norwegian municipality name has under 40 characters.
MAX_NAME_LENGTH = 100
MAX_CHILDREN = 10
# The service began around 2008; nothing imported can predate 2000.
EARLIEST_DATE = dt.date(2000, 1, 1)
OLDEST_AT_ALLOCATION = 100
# At least 18 at allocation, give or take the birthday: born at most 17 years earlier.
YOUNGEST_BIRTH_YEAR_GAP = 17

DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YEAR_PATTERN = re.compile(r"[0-9]{4}")
COUNT_PATTERN = re.compile(r"[0-9]{1,2}")
DELIMITERS = (",", ";")
# What an imported stay stores from its row; a re-import must match them all.
STAY_FIELDS = [
    "status",
    "allocated_on",
    "moved_in_on",
    "moved_out_on",
    "destination",
    "gender",
    "birth_year",
    "with_partner",
    "children_count",
]


class ImportFailed(Exception):
    """The file was refused. ``errors`` holds the first messages, ``total`` counts all."""

    def __init__(self, errors: list[str], *, total: int = 0) -> None:
        self.errors = list(errors)
        self.total = max(total, len(self.errors))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The messages to print, with a last line saying how many were left out."""
        more = self.total - len(self.errors)
        if not more:
            return list(self.errors)
        return [*self.errors, f"… og {more} feil til (bare de {len(self.errors)} første er vist)"]


class ErrorList:
    """Errors as they are found: the first ``MAX_ERRORS_SHOWN`` kept, all counted."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.total = 0

    def add(self, line: int, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.shown) < MAX_ERRORS_SHOWN:
            where = f"Rad {line}, kolonne {column}" if column else f"Rad {line}"
            self.shown.append(f"{where}: {message}")

    def fail(self) -> ImportFailed:
        return ImportFailed(self.shown, total=self.total)


@dataclass(slots=True)
class Row:
    """One checked row: an imported stay's statistical snapshot and where it belongs."""

    line: int
    reference: str
    municipality: str
    offer: str
    offer_type: str
    allocated_on: dt.date
    moved_in_on: dt.date | None
    moved_out_on: dt.date | None
    destination: str
    gender: str
    birth_year: int | None
    with_partner: bool
    children_count: int

    @property
    def status(self) -> str:
        if self.moved_in_on is None:
            return "withdrawn"
        return "moved_out" if self.moved_out_on else "living"

    def stay_values(self) -> dict[str, Any]:
        """The stay's fields as the row gives them (names as on ``stays.Stay``)."""
        return {name: getattr(self, name) for name in STAY_FIELDS}


def thousands(number: int) -> str:
    """100000 → «100 000», as Norwegian writes it."""
    return f"{number:,}".replace(",", " ")


def read_rows(source: IO[bytes], *, max_bytes: int, max_rows: int) -> list[Row]:
    """Check the whole file; return its rows, or raise ``ImportFailed`` with every error."""
    lines = _lines(source, max_bytes)
    first = next(lines, None)
    if first is None or not first.strip():
        raise ImportFailed(
            [f"Rad 1: filen er tom; første rad skal være overskriften {','.join(COLUMNS)}"]
        )
    delimiter = max(DELIMITERS, key=lambda d: len(set(_cells(first, d)) & set(COLUMNS)))
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    errors = ErrorList()
    try:
        names = [name.strip() for name in next(reader)]
    except csv.Error:
        raise ImportFailed(["Rad 1: overskriften kan ikke leses som CSV"]) from None
    _check_header(names)
    index = {name: i for i, name in enumerate(names) if name in COLUMNS}
    unnamed = [i for i, name in enumerate(names) if not name]
    checker = _RowChecker(errors)
    rows: list[Row] = []
    count = 0
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # a blank row, e.g. at the end of a spreadsheet export
            count += 1
            if count > max_rows:
                raise ImportFailed(
                    [
                        f"Filen har flere enn {thousands(max_rows)} rader med opphold; "
                        "del den i flere filer"
                    ]
                )
            beyond = cells[len(names) :] + [cells[i] for i in unnamed if i < len(cells)]
            if any(cell.strip() for cell in beyond):
                errors.add(
                    line,
                    None,
                    "raden har tekst i en celle uten overskrift; sett tekst med komma eller "
                    "semikolon i anførselstegn",
                )
                continue
            values = {c: cells[i].strip() if i < len(cells) else "" for c, i in index.items()}
            row = checker.check(line, values)
            if row is not None and not errors.total:
                rows.append(row)  # once anything is wrong, keeping rows only costs memory
    except csv.Error:
        raise ImportFailed(
            [
                *errors.shown,
                f"Rad {line + 1}: raden kan ikke leses som CSV (sjekk anførselstegnene)",
            ],
            total=errors.total + 1,
        ) from None
    if not count:
        errors.add(2, None, "filen har ingen opphold å importere")
    if errors.total:
        raise errors.fail()
    return rows


def _lines(source: IO[bytes], max_bytes: int) -> Iterator[str]:
    """The file's lines as text, refusing it as soon as it passes ``max_bytes``."""
    budget = max_bytes
    number = 0
    while True:
        # Never ask for more than the budget allows: a file without line
        # breaks must not be read whole into memory.
        raw = source.readline(budget + 1)
        if not raw:
            return
        if len(raw) > budget:
            raise ImportFailed(
                [
                    f"Filen er større enn grensen på {thousands(max_bytes)} byte; del den i flere filer"
                ]
            )
        budget -= len(raw)
        number += 1
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFailed(
                [
                    f"Linje {number} i filen er ikke UTF-8-tekst; lagre filen som «CSV UTF-8» "
                    "og prøv igjen"
                ]
            ) from None


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]
    except csv.Error:
        return []


def _shown(name: str) -> str:
    """A header name as it may be echoed: short and harmless, or not at all."""
    if len(name) <= 40 and unsafe_text_reason(name) is None and name.isprintable():
        return f"«{name}»"
    return "(et navn som ikke kan vises)"


def _check_header(names: list[str]) -> None:
    errors: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if not name:
            continue
        if name in seen:
            errors.append(f"Rad 1: kolonnen {_shown(name)} står flere ganger i overskriften")
        elif name not in COLUMNS:
            errors.append(
                f"Rad 1: kolonne nr. {position} {_shown(name)} er ukjent; "
                f"tillatte kolonner er {', '.join(COLUMNS)}"
            )
        seen.add(name)
    missing = [c for c in COLUMNS if c not in seen]
    if missing:
        errors.append(f"Rad 1: disse kolonnene mangler i overskriften: {', '.join(missing)}")
    if errors:
        raise ImportFailed(errors)


class _RowChecker:
    """Checks one row at a time, remembering what later rows must agree with."""

    def __init__(self, errors: ErrorList) -> None:
        self.errors = errors
        self.today = timezone.localdate()
        self.seen: dict[str, int] = {}
        self.offer_types: dict[tuple[str, str], str] = {}

    def check(self, line: int, cells: dict[str, str]) -> Row | None:
        before = self.errors.total
        add = self.errors.add
        reference = self._text(line, cells, "reference", MAX_REFERENCE_LENGTH)
        if reference in self.seen:
            add(line, "reference", f"«{reference}» står også på rad {self.seen[reference]}")
        elif reference:
            self.seen[reference] = line
        municipality = self._text(line, cells, "municipality", MAX_NAME_LENGTH)
        offer = self._text(line, cells, "offer", MAX_NAME_LENGTH)
        offer_type = self._choice(line, cells, "offer_type", OFFER_TYPES)
        if offer_type and municipality and offer:
            known = self.offer_types.setdefault((municipality, offer), offer_type)
            if known != offer_type:
                add(line, "offer_type", f"botilbudet har typen {known} på en tidligere rad")
        allocated_on = self._date(line, cells, "allocated_on", required=True)
        moved_in_on = self._date(line, cells, "moved_in_on")
        moved_out_on = self._date(line, cells, "moved_out_on")
        if allocated_on and moved_in_on and moved_in_on < allocated_on:
            add(line, "moved_in_on", "innflytting kan ikke være før tildeling")
        if cells["moved_out_on"] and not cells["moved_in_on"]:
            add(line, "moved_out_on", "utflytting krever en dato for innflytting")
        if moved_in_on and moved_out_on and moved_out_on < moved_in_on:
            add(line, "moved_out_on", "utflytting kan ikke være før innflytting")
        destination = self._choice(line, cells, "destination", DESTINATIONS, required=False)
        if cells["moved_out_on"] and not cells["destination"]:
            add(line, "destination", "skriv hvor personen flyttet (unknown hvis ukjent)")
        if cells["destination"] and not cells["moved_out_on"]:
            add(line, "destination", "skal være tom når personen ikke har flyttet ut")
        gender = self._choice(line, cells, "gender", GENDERS)
        birth_year = self._birth_year(line, cells["birth_year"], allocated_on)
        partner = self._choice(line, cells, "partner", PARTNER_ANSWERS)
        children = cells["children"]
        children_count = 0
        if not children:
            add(line, "children", "feltet kan ikke være tomt")
        elif COUNT_PATTERN.fullmatch(children) and int(children) <= MAX_CHILDREN:
            children_count = int(children)
        else:
            add(line, "children", f"må være et helt tall fra 0 til {MAX_CHILDREN}")
        if self.errors.total != before or allocated_on is None:
            return None
        return Row(
            line=line,
            reference=reference,
            municipality=municipality,
            offer=offer,
            offer_type=offer_type,
            allocated_on=allocated_on,
            moved_in_on=moved_in_on,
            moved_out_on=moved_out_on,
            destination=destination,
            gender=gender,
            birth_year=birth_year,
            with_partner=partner == "yes",
            children_count=children_count,
        )

    def _text(self, line: int, cells: dict[str, str], column: str, max_length: int) -> str:
        value = cells[column]
        problem = None
        if not value:
            problem = "feltet kan ikke være tomt"
        elif len(value) > max_length:
            problem = f"teksten er for lang (høyst {max_length} tegn)"
        else:
            problem = unsafe_text_reason(value)
        if problem:
            self.errors.add(line, column, problem)
            return ""
        return value

    def _choice(
        self,
        line: int,
        cells: dict[str, str],
        column: str,
        allowed: list[str],
        *,
        required: bool = True,
    ) -> str:
        value = cells[column]
        if not value:
            if required:
                self.errors.add(line, column, "feltet kan ikke være tomt")
            return ""
        if value not in allowed:
            self.errors.add(line, column, f"ukjent verdi; skriv en av {', '.join(allowed)}")
            return ""
        return value

    def _date(
        self, line: int, cells: dict[str, str], column: str, *, required: bool = False
    ) -> dt.date | None:
        value = cells[column]
        if not value:
            if required:
                self.errors.add(line, column, "feltet kan ikke være tomt")
            return None
        try:
            # Only ÅÅÅÅ-MM-DD in ASCII digits: fromisoformat would also take 20240101 and 2024-W01.
            if not DATE_PATTERN.fullmatch(value):
                raise ValueError(column)
            date = dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            self.errors.add(line, column, "datoen må skrives ÅÅÅÅ-MM-DD")
            return None
        if not EARLIEST_DATE <= date <= self.today:
            self.errors.add(
                line,
                column,
                f"datoen må ligge mellom {EARLIEST_DATE:%d.%m.%Y} og {self.today:%d.%m.%Y}",
            )
            return None
        return date

    def _birth_year(self, line: int, value: str, allocated_on: dt.date | None) -> int | None:
        if not value:
            return None
        year = (allocated_on or self.today).year
        earliest, latest = year - OLDEST_AT_ALLOCATION, year - YOUNGEST_BIRTH_YEAR_GAP
        if YEAR_PATTERN.fullmatch(value) and earliest <= int(value) <= latest:
            return int(value)
        self.errors.add(
            line,
            "birth_year",
            f"må være et fødselsår fra {earliest} til {latest} "
            "(personen må være minst 18 år ved tildeling)",
        )
        return None
