"""Norwegian registers (offentlige registre): municipality and organisation numbers.

* **Kommunenummer** (municipality number): four digits, the first two the
  county. Validated against the current list of municipalities, the 357 in
  force from 1 January 2024, in ``core/data/kommunenummer-2024.csv`` (where it
  comes from is written in ``core/data/README.md``). python-stdnum has no
  such list. When the municipalities change again, replace the file and the
  ``LIST_YEAR``; the numbers stored before stay as they were.
* **Organisasjonsnummer** (organisation number in the Central Coordinating
  Register for Legal Entities, Enhetsregisteret): nine digits, the last a
  modulus-11 check digit over the first eight with weights 3 2 7 6 5 4 3 2
  (python-stdnum's ``stdnum.no.orgnr``). Spaces as people write them
  (``974 760 673``) are accepted and dropped.

The validators raise ``ValidationError`` with Norwegian messages, for model
fields and forms alike.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.no import orgnr

LIST_YEAR = 2024
_LIST_FILE = Path(__file__).with_name("data") / f"kommunenummer-{LIST_YEAR}.csv"
_MUNICIPALITY_RE = re.compile(r"^[0-9]{4}$")


@cache
def municipalities() -> dict[str, str]:
    """Municipality number -> name, as in the vendored list."""
    with _LIST_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["kommunenummer"]: row["kommunenavn"]
            for row in csv.DictReader(handle, delimiter=";")
        }


def municipality_name(number: str) -> str | None:
    return municipalities().get(number)


def validate_municipality_number(value: str) -> None:
    """Four digits, and a municipality in the current list."""
    if not _MUNICIPALITY_RE.match(value or ""):
        raise ValidationError(
            _("Kommunenummeret skal være fire siffer, for eksempel 3301."),
            code="municipality_number_format",
        )
    if value not in municipalities():
        raise ValidationError(
            _("%(number)s er ikke et kommunenummer i kommuneinndelingen fra %(year)s.")
            % {"number": value, "year": LIST_YEAR},
            code="municipality_number_unknown",
        )


def compact_organisation_number(value: str) -> str:
    """The number without the spaces people write in it."""
    return str(orgnr.compact(value or ""))


def validate_organisation_number(value: str) -> None:
    """Nine digits with a correct check digit (spaces allowed)."""
    try:
        orgnr.validate(value or "")
    except (stdnum_errors.InvalidFormat, stdnum_errors.InvalidLength):
        raise ValidationError(
            _("Organisasjonsnummeret skal være ni siffer, for eksempel 974 760 673."),
            code="organisation_number_format",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _(
                "Organisasjonsnummeret er ikke gyldig: det siste sifferet (kontrollsifferet) "
                "stemmer ikke med de andre. Se etter skrivefeil."
            ),
            code="organisation_number_checksum",
        ) from None


def format_organisation_number(value: str) -> str:
    """``974760673`` -> ``974 760 673`` (as Enhetsregisteret writes it); "" stays ""."""
    return str(orgnr.format(value)) if value else ""
