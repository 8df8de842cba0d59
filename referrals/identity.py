"""Norwegian identity numbers (fødselsnummer, D-nummer, synthetic test numbers).

Validated with python-stdnum so a mistyped digit is caught before a person is
registered twice or matched to the wrong person.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.no import fodselsnummer

BAD_CHECK_DIGIT = "Fødselsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."


def clean_identity_number(value: str) -> tuple[str, dt.date]:
    """The number with digits only, and the birth date it holds; ValidationError if invalid."""
    number = fodselsnummer.compact(value or "")
    if len(number) != 11 or not number.isdigit():
        raise ValidationError(_("Fødselsnummeret må ha 11 sifre."), code="identity_number_length")
    try:
        fodselsnummer.validate(number)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(_(BAD_CHECK_DIGIT), code="identity_number_checksum") from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("Fødselsnummeret er ikke gyldig (datoen i nummeret finnes ikke)."),
            code="identity_number_date",
        ) from None
    return number, fodselsnummer.get_birth_date(number)


def synthetic_identity_number(birth_date: dt.date, serial: int = 0) -> str:
    """A valid synthetic number (month + 40, as NAV's test numbers) for demo and test data.

    Such numbers are never issued to real people, so demo data can never
    point at one.
    """
    prefix = f"{birth_date.day:02d}{birth_date.month + 40:02d}{birth_date.year % 100:02d}"
    # Individual digits decide the century: 000–499 for 1900–1999, 500–999 for 2000–2039.
    low, high = (0, 499) if birth_date.year < 2000 else (500, 999)
    found = 0
    for individual in range(low, high + 1):
        base = f"{prefix}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        if len(k2) != 1:
            continue
        if found == serial:
            return base + k1 + k2
        found += 1
    raise ValueError("no synthetic number left for that birth date")
