"""Municipality numbers and organisation numbers: hand-checked valid and invalid ones.

Organisation numbers (mod 11, weights 3 2 7 6 5 4 3 2 over the first eight
digits; check digit = 11 - sum mod 11, where 11 means 0 and 10 means "no
such number"), worked by hand:

* 974 760 673 (Brønnøysundregistrene itself):
  9*3 + 7*2 + 4*7 + 7*6 + 6*5 + 0*4 + 6*3 + 7*2 = 27+14+28+42+30+0+18+14 = 173;
  173 = 15*11 + 8; 11 - 8 = 3: the last digit is 3. Valid.
* 974 760 674: same sum, the last digit should be 3. Invalid.
* 100 000 008: 1*3 = 3; 11 - 3 = 8. Valid.
* 000 000 40x: 4*3 = 12 = 11 + 1; 11 - 1 = 10: no check digit fits. Every x invalid.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core import registers


def codes(error: ValidationError) -> list[str | None]:
    return [e.code for e in error.error_list]


@pytest.mark.parametrize("number", ["974760673", "974 760 673", " 974 760 673 ", "100000008"])
def test_it_accepts_a_valid_organisation_number(number):
    registers.validate_organisation_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("974760674", "organisation_number_checksum"),
        ("974760670", "organisation_number_checksum"),
        *[(f"00000040{x}", "organisation_number_checksum") for x in range(10)],
        ("97476067", "organisation_number_format"),  # eight digits
        ("9747606731", "organisation_number_format"),  # ten digits
        ("97476067A", "organisation_number_format"),
        ("974-760-673", "organisation_number_format"),
        ("", "organisation_number_format"),
    ],
)
def test_it_refuses_an_invalid_organisation_number_in_norwegian(number, code):
    with pytest.raises(ValidationError) as caught:
        registers.validate_organisation_number(number)
    assert codes(caught.value) == [code]
    assert "Organisasjonsnummeret" in caught.value.messages[0]


def test_it_writes_organisation_numbers_as_the_register_does():
    assert registers.compact_organisation_number(" 974 760 673 ") == "974760673"
    assert registers.format_organisation_number("974760673") == "974 760 673"
    assert registers.format_organisation_number("") == ""


def test_the_municipality_list_is_the_2024_one():
    numbers = registers.municipalities()
    # 357 municipalities from 1 January 2024 (356 in 2020-2023, and Haram out of Ålesund).
    assert len(numbers) == 357
    assert all(len(n) == 4 and n.isdigit() for n in numbers)
    assert len(set(numbers.values())) < 357  # some names repeat (Våler, Herøy, Nes): numbers do not
    assert numbers["0301"] == "Oslo"
    assert numbers["3301"] == "Drammen"
    assert numbers["1508"] == "Ålesund"
    assert numbers["1580"] == "Haram"
    assert numbers["4204"] == "Kristiansand"
    assert numbers["5501"] == "Tromsø"
    assert numbers["5601"] == "Alta"
    # Counties: 15 in 2024.
    assert len({n[:2] for n in numbers}) == 15


@pytest.mark.parametrize("number", ["0301", "3301", "4601", "5636"])
def test_it_accepts_a_municipality_number_of_the_list(number):
    registers.validate_municipality_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("3005", "municipality_number_unknown"),  # Drammen 2020-2023
        ("1507", "municipality_number_unknown"),  # Ålesund 2020-2023
        ("5401", "municipality_number_unknown"),  # Tromsø 2020-2023
        ("0000", "municipality_number_unknown"),
        ("330", "municipality_number_format"),
        ("33011", "municipality_number_format"),
        ("33O1", "municipality_number_format"),
        (" 3301", "municipality_number_format"),
        ("", "municipality_number_format"),
    ],
)
def test_it_refuses_a_municipality_number_not_in_the_list_in_norwegian(number, code):
    with pytest.raises(ValidationError) as caught:
        registers.validate_municipality_number(number)
    assert codes(caught.value) == [code]
    assert "kommunenummer" in caught.value.messages[0].lower()
