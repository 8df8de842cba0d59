"""The historical import refuses what an attacker (or a tired operator) feeds it.

Each case comes from an attack that once got through: a 20-digit child count
crashed the command, 100000 children and a 5,000-character municipality
were stored, and formula and HTML names became organisations and offers.
Every refusal must name the row and column in Norwegian, exit with status 1
without a traceback, and write nothing at all. The expected messages are
written out by hand here, not taken from the importer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from reporting.importer import ImportFailed, import_stays
from reporting.tests.import_helpers import HEADER, counts, row, rows, run_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(orgs: dict[str, Any]) -> Any:
    from tests.factories import OfferFactory

    return OfferFactory(municipality=orgs["municipality_a"], name="A hybler", offer_type="bedsit")


def refused(text: str, **options: Any) -> list[str]:
    """The errors for ``text``, after checking that nothing was written."""
    before = counts()
    with pytest.raises(ImportFailed) as failed:
        import_stays(text, **options)
    assert counts() == before
    return failed.value.lines()


def test_it_refuses_a_twenty_digit_child_count_with_status_1_and_no_traceback(
    place: Any, tmp_path: Path
) -> None:
    path = tmp_path / "barn.csv"
    path.write_text(HEADER + row(children="9" * 20), encoding="utf-8")
    before = counts()
    status, out, err = run_command(str(path))
    assert status == 1
    assert "Rad 2, kolonne children: må være et helt tall fra 0 til 10" in err
    assert "Ingenting ble importert: 1 feil" in err
    assert "Traceback" not in err + out
    assert counts() == before


@pytest.mark.parametrize(
    "children", ["100000", "11", "-1", "1.5", "2 3", "1e3", "²", "٣", "three", "0x3", "+3"]
)
def test_it_refuses_a_child_count_outside_0_to_10(place: Any, children: str) -> None:
    assert refused(HEADER + row(children=children)) == [
        "Rad 2, kolonne children: må være et helt tall fra 0 til 10"
    ]


@pytest.mark.parametrize("children", ["0", "10", "03"])
def test_it_accepts_a_child_count_from_0_to_10(place: Any, children: str) -> None:
    assert import_stays(HEADER + row(children=children)).created == 1


@pytest.mark.parametrize(
    ("column", "length", "limit"),
    [("municipality", 5000, 100), ("offer", 101, 100), ("reference", 65, 64)],
)
def test_it_refuses_an_over_long_name(place: Any, column: str, length: int, limit: int) -> None:
    errors = refused(HEADER + row(**{column: "K" * length}), create_missing=True)
    assert errors == [f"Rad 2, kolonne {column}: teksten er for lang (høyst {limit} tegn)"]


FORMULA = "kan ikke begynne med =, +, -, @ eller tabulator (det kan leses som en formel)"
MARKUP = "kan ikke inneholde < eller > (det kan leses som kode)"
CONTROL = "kan ikke inneholde kontrolltegn, tabulator eller linjeskift"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ('=HYPERLINK("http://evil.example","Klikk")', FORMULA),
        ("+cmd|' /C calc'!A0", FORMULA),
        ("@SUM(1+1)*cmd", FORMULA),
        ("-2+3+cmd", FORMULA),
        ("<script>alert(1)</script>", MARKUP),
        ("Kommune <b>A</b>", MARKUP),
        ("Kommune A>", MARKUP),
        ("Kommune\tA", CONTROL),
        ("Kommune\rA", CONTROL),
        ("Kommune\nA", CONTROL),
        ("Kommune\x1b[31mA", CONTROL),
        ("Kommune\x00A", CONTROL),
        ("Kommune\u202eA", CONTROL),
        ("Kommune\u200bA", CONTROL),
    ],
)
@pytest.mark.parametrize("column", ["municipality", "offer", "reference"])
def test_it_refuses_names_that_look_like_formulas_or_markup(
    place: Any, column: str, name: str, reason: str
) -> None:
    errors = refused(HEADER + row(**{column: name}), create_missing=True)
    assert errors == [f"Rad 2, kolonne {column}: {reason}"]


def test_a_formula_behind_leading_spaces_or_a_tab_is_still_refused(place: Any) -> None:
    errors = refused(HEADER + row(municipality=" \t=1+1"), create_missing=True)
    assert errors == [f"Rad 2, kolonne municipality: {FORMULA}"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("offer_type", "tent", "ukjent verdi; skriv en av collective, apartment, bedsit"),
        ("gender", "kvinne", "ukjent verdi; skriv en av female, male, other"),
        ("partner", "maybe", "ukjent verdi; skriv en av yes, no"),
        (
            "destination",
            "moon",
            "ukjent verdi; skriv en av own_home_alone, own_home_friends, own_home_partner, "
            "family, family_mother, family_spouse, crisis_centre, other_offer, unknown",
        ),
        ("gender", "", "feltet kan ikke være tomt"),
    ],
)
def test_it_refuses_an_unknown_choice_and_lists_the_allowed_values(
    place: Any, column: str, value: str, message: str
) -> None:
    assert refused(HEADER + row(**{column: value})) == [f"Rad 2, kolonne {column}: {message}"]


@pytest.mark.parametrize(
    "value", ["05.02.2020", "20200205", "2020-W06", "2020-13-01", "2020-02-30", "２０２０-02-05"]
)
def test_it_refuses_a_date_not_written_yyyy_mm_dd(place: Any, value: str) -> None:
    assert refused(HEADER + row(allocated_on=value)) == [
        "Rad 2, kolonne allocated_on: datoen må skrives ÅÅÅÅ-MM-DD"
    ]


def test_it_refuses_dates_outside_the_plausible_window(place: Any) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    window = f"datoen må ligge mellom 01.01.2000 og {dt.date.today():%d.%m.%Y}"
    text = (
        HEADER
        + row(reference="R1", allocated_on="1999-12-31")
        + row(reference="R2", moved_out_on=tomorrow.isoformat())
    )
    assert refused(text) == [
        f"Rad 2, kolonne allocated_on: {window}",
        f"Rad 3, kolonne moved_out_on: {window}",
    ]


def test_it_refuses_dates_out_of_order(place: Any) -> None:
    text = (
        HEADER
        + row(reference="R1", allocated_on="2020-02-01", moved_in_on="2020-01-31")
        + row(reference="R2", moved_in_on="2020-07-01", moved_out_on="2020-06-30")
        + row(reference="R3", moved_in_on="", moved_out_on="2020-06-01")
    )
    assert refused(text) == [
        "Rad 2, kolonne moved_in_on: innflytting kan ikke være før tildeling",
        "Rad 3, kolonne moved_out_on: utflytting kan ikke være før innflytting",
        "Rad 4, kolonne moved_out_on: utflytting krever en dato for innflytting",
    ]


@pytest.mark.parametrize("birth_year", ["1800", "1919", "2004", "2020", "199O", "１９９９", "99"])
def test_it_refuses_a_birth_year_that_is_not_an_adult_s(place: Any, birth_year: str) -> None:
    # Allocated in 2020: born 1920 (100 years old) to 2003 (17, 18 later that year).
    assert refused(HEADER + row(birth_year=birth_year)) == [
        "Rad 2, kolonne birth_year: må være et fødselsår fra 1920 til 2003 "
        "(personen må være minst 18 år ved tildeling)"
    ]


@pytest.mark.parametrize("birth_year", ["1920", "2003", ""])
def test_it_accepts_an_adult_birth_year_or_none(place: Any, birth_year: str) -> None:
    assert import_stays(HEADER + row(birth_year=birth_year)).created == 1


def test_it_counts_rows_as_a_spreadsheet_does_with_blank_rows_and_line_breaks_in_cells(
    place: Any,
) -> None:
    text = HEADER + row(reference="R1") + "\n" + row(reference="R2", gender="x\ny")
    # Header 1, R1 2, blank 3, R2 4 (its cell spans two lines of the file).
    assert refused(text) == ["Rad 4, kolonne gender: ukjent verdi; skriv en av female, male, other"]


def test_it_names_a_reference_used_twice(place: Any) -> None:
    assert refused(HEADER + rows(1) + row(reference="R1", children="1")) == [
        "Rad 3, kolonne reference: «R1» står også på rad 2"
    ]


def test_it_shows_the_first_50_errors_and_counts_the_rest(place: Any) -> None:
    text = HEADER + "".join(row(reference=f"R{n}", children="x") for n in range(60))
    errors = refused(text)
    assert len(errors) == 51
    assert errors[0] == "Rad 2, kolonne children: må være et helt tall fra 0 til 10"
    assert errors[49].startswith("Rad 51, kolonne children:")
    assert errors[50] == "… og 10 feil til (bare de 50 første er vist)"


def test_it_writes_nothing_when_one_row_of_many_is_wrong(place: Any) -> None:
    text = HEADER + rows(30) + row(reference="X", municipality="Ny kommune", children="11")
    assert refused(text, create_missing=True) == [
        "Rad 32, kolonne children: må være et helt tall fra 0 til 10"
    ]
