"""What the import does with whole files (encodings, headers, size, rows) and with names of places.

A file is read as a stream: it is refused as soon as it passes the byte or
row limit, so an endless or huge file costs no more than the limit. Rows
must name a host municipality and offer that exist; ``--create-missing``
creates the rest after the same checks, and ``--dry-run`` shows what would
happen and writes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from reporting.importer import ImportFailed, import_stays
from reporting.tests.import_helpers import HEADER, counts, row, rows, run_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(orgs: dict[str, Any]) -> Any:
    from tests.factories import OfferFactory

    return OfferFactory(municipality=orgs["municipality_a"], name="A hybler", offer_type="bedsit")


def refused(source: Any, **options: Any) -> list[str]:
    before = counts()
    with pytest.raises(ImportFailed) as failed:
        import_stays(source, **options)
    assert counts() == before
    return failed.value.lines()


class Endless(io.RawIOBase):
    """A file that never ends: ``head``, then ``more(1)``, ``more(2)``, …; it counts what was read."""

    def __init__(self, head: bytes, more: Callable[[int], bytes]) -> None:
        self.pending, self.more, self.read_bytes, self.pieces = head, more, 0, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            self.pieces += 1
            self.pending = self.more(self.pieces)
        chunk, self.pending = self.pending[: len(buffer)], self.pending[len(buffer) :]
        buffer[: len(chunk)] = chunk
        self.read_bytes += len(chunk)
        return len(chunk)


# --- whole files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Rad 1: filen er tom; første rad skal være overskriften " + HEADER.strip()),
        (
            b"\xef\xbb\xbf\r\n",
            "Rad 1: filen er tom; første rad skal være overskriften " + HEADER.strip(),
        ),
        (HEADER.encode(), "Rad 2: filen har ingen opphold å importere"),
        (HEADER.encode() + b",,,,,,,,,,,\n\n", "Rad 2: filen har ingen opphold å importere"),
        (
            b"reference,municipality\nR1,Kommune A\n",
            "Rad 1: disse kolonnene mangler i overskriften: offer, offer_type, allocated_on, "
            "moved_in_on, moved_out_on, destination, gender, birth_year, partner, children",
        ),
        (
            bytes(range(128, 256)) * 4 + bytes(range(128)),
            "Linje 1 i filen er ikke UTF-8-tekst; lagre filen som «CSV UTF-8» og prøv igjen",
        ),
        (
            (HEADER + row(municipality="Ås")).encode("cp1252"),
            "Linje 2 i filen er ikke UTF-8-tekst; lagre filen som «CSV UTF-8» og prøv igjen",
        ),
    ],
    ids=["empty", "bom-only", "header-only", "blank-rows", "missing-columns", "binary", "cp1252"],
)
def test_it_refuses_a_file_it_cannot_read(place: Any, content: bytes, message: str) -> None:
    assert refused(content) == [message]


def test_it_refuses_a_duplicate_or_unknown_column(place: Any) -> None:
    header = HEADER.strip() + ",children,navn,=cmd()\n"
    assert refused(header + row().strip() + ",0,Kari,x\n") == [
        "Rad 1: kolonnen «children» står flere ganger i overskriften",
        "Rad 1: kolonne nr. 14 «navn» er ukjent; tillatte kolonner er "
        + HEADER.strip().replace(",", ", "),
        "Rad 1: kolonne nr. 15 (et navn som ikke kan vises) er ukjent; tillatte kolonner er "
        + HEADER.strip().replace(",", ", "),
    ]


def test_it_refuses_text_in_a_cell_without_a_header(place: Any) -> None:
    # An unquoted comma in a name pushes every cell one column to the right.
    assert refused(HEADER + row().strip() + ",Oslo\n") == [
        "Rad 2: raden har tekst i en celle uten overskrift; sett tekst med komma eller "
        "semikolon i anførselstegn"
    ]


def test_it_reads_norwegian_excel_csv_with_bom_semicolons_and_crlf(place: Any) -> None:
    text = "\ufeff" + (HEADER + rows(2)).replace(",", ";").replace("\n", "\r\n")
    result = import_stays(text.encode("utf-8"))
    assert (result.created, result.unchanged) == (2, 0)


def test_it_refuses_an_endless_file_after_reading_no_more_than_the_limit(place: Any) -> None:
    source = Endless(HEADER.encode(), lambda n: b"x" * 4096)  # no line break, ever
    with override_settings(STAY_IMPORT_MAX_BYTES=100_000):
        assert refused(io.BufferedReader(source)) == [
            "Filen er større enn grensen på 100 000 byte; del den i flere filer"
        ]
    assert source.read_bytes <= 100_000 + 8192  # the limit plus one buffer


def test_it_stops_at_the_row_limit_of_an_endless_file(place: Any) -> None:
    source = Endless(HEADER.encode(), lambda n: row(reference=f"R{n}").encode())
    with override_settings(STAY_IMPORT_MAX_ROWS=50, STAY_IMPORT_MAX_BYTES=10**12):
        assert refused(io.BufferedReader(source)) == [
            "Filen har flere enn 50 rader med opphold; del den i flere filer"
        ]
    assert source.pieces < 100


@override_settings(STAY_IMPORT_MAX_ROWS=3)
def test_the_row_limit_counts_stays_not_blank_rows(place: Any) -> None:
    assert import_stays(HEADER + rows(3) + "\n\n,,,,,,,,,,,\n").created == 3


def test_the_command_refuses_an_oversized_file_before_reading_it(
    place: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "stor.csv"
    path.write_bytes(HEADER.encode() + b"x" * 5000)

    def must_not_run(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr("reporting.management.commands.import_stays.import_stays", must_not_run)
    with override_settings(STAY_IMPORT_MAX_BYTES=1000):
        status, _out, err = run_command(str(path))
    assert status == 1
    assert "Filen er større enn grensen på 1 000 byte; del den i flere filer" in err


@pytest.mark.parametrize(
    "content",
    [
        b"\x00" * 100,
        b"\xff\xfe" + HEADER.encode("utf-16-le"),
        b'"' * 300_000,
        b"a\rb\rc",
        b"\n" * 5,
    ],
    ids=["nul", "utf-16", "quotes", "cr-only", "blank-lines"],
)
def test_the_command_answers_garbage_with_status_1_and_no_traceback(
    place: Any, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "søppel.csv"
    path.write_bytes(content)
    before = counts()
    status, out, err = run_command(str(path))
    assert status == 1
    assert "Ingenting ble importert" in err
    assert "Traceback" not in out + err
    assert counts() == before


def test_the_command_answers_a_missing_file_with_status_1(tmp_path: Path) -> None:
    status, _out, err = run_command(str(tmp_path / "finnes-ikke.csv"))
    assert (status, "Kan ikke lese filen finnes-ikke.csv" in err) == (1, True)


# --- names of places -----------------------------------------------------------


def test_it_refuses_unknown_places_once_each_and_says_how_to_create_them(place: Any) -> None:
    text = (
        HEADER
        + row(reference="R1", municipality="Kommune Ny")
        + row(reference="R2", municipality="Kommune Ny")
        + row(reference="R3", offer="A leiligheter", offer_type="apartment")
    )
    hint = "kjør med --create-missing for å opprette det (se først med --dry-run)"
    assert refused(text) == [
        f"Rad 2, kolonne municipality: finnes ingen vertskommune som heter «Kommune Ny»; {hint}"
        " (også på 1 andre rader)",
        f"Rad 4, kolonne offer: «Kommune A» har ikke noe botilbud som heter «A leiligheter»; {hint}",
    ]


def test_it_points_to_the_stored_spelling_instead_of_creating_a_near_duplicate(place: Any) -> None:
    text = (
        HEADER
        + row(reference="R1", municipality="kommune a")
        + row(reference="R2", offer="A Hybler")
    )
    assert refused(text, create_missing=True) == [
        "Rad 2, kolonne municipality: finnes ikke; mente du «Kommune A»? "
        "Skriv navnet nøyaktig som i systemet",
        "Rad 3, kolonne offer: finnes ikke; mente du «A hybler»? Skriv navnet nøyaktig som i systemet",
    ]


def test_it_refuses_an_organisation_that_is_not_a_host_municipality(place: Any) -> None:
    text = HEADER + row(municipality="Politidistrikt A")
    assert refused(text, create_missing=True) == [
        "Rad 2, kolonne municipality: «Politidistrikt A» finnes, men er ikke en vertskommune"
    ]


def test_it_refuses_an_existing_offer_of_another_type(place: Any) -> None:
    assert refused(HEADER + row(offer_type="apartment")) == [
        "Rad 2, kolonne offer_type: botilbudet finnes med typen bedsit"
    ]


def test_it_creates_missing_places_only_when_asked_and_audits_each(place: Any) -> None:
    from audit.models import AuditEntry

    text = (
        HEADER
        + row(reference="R1", municipality="Kommune Ny", offer="Ny hybel")
        + row(
            reference="R2", municipality="Kommune Ny", offer="Ny leilighet", offer_type="apartment"
        )
        + row(reference="R3")
    )
    before = counts()
    result = import_stays(text, create_missing=True, source_name="gamle\x1b[2J stays.csv")
    assert (result.created, result.municipalities_created) == (3, ["Kommune Ny"])
    assert result.offers_created == ["Kommune Ny: Ny hybel", "Kommune Ny: Ny leilighet"]
    after = counts()
    assert after["stays"] - before["stays"] == 3
    assert (
        after["organisations"] - before["organisations"],
        after["offers"] - before["offers"],
    ) == (1, 2)
    actions = list(
        AuditEntry.objects.order_by("seq").values_list("action", flat=True)[before["audit"] :]
    )
    assert actions == [
        "accounts.organisation.created",
        "housing.offer.created",
        "housing.offer.created",
        "reporting.stays.imported",
    ]
    entry = AuditEntry.objects.get(action="reporting.stays.imported")
    assert entry.object_id == "3"
    assert entry.purpose == "import av historiske opphold fra gamle__2J_stays.csv: 3 nye, 0 uendret"


def test_a_dry_run_lists_what_it_would_create_and_writes_nothing(
    place: Any, tmp_path: Path
) -> None:
    path = tmp_path / "ny.csv"
    path.write_text(HEADER + row(municipality="Kommune Ny", offer="Ny hybel") + row(reference="R2"))
    before = counts()
    status, out, err = run_command(str(path), "--create-missing", "--dry-run")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "Prøvekjøring: ingenting er lagret.",
        "Vil opprette vertskommune: Kommune Ny",
        "Vil opprette botilbud: Kommune Ny: Ny hybel",
        "Vil importere: 2 opphold. Fantes fra før (uendret): 0.",
    ]
    assert counts() == before


def test_it_refuses_to_create_more_than_50_places_in_one_run(place: Any) -> None:
    text = HEADER + "".join(row(reference=f"R{n}", municipality=f"Kommune {n}") for n in range(26))
    # 26 municipalities + 26 offers = 52.
    assert refused(text, create_missing=True) == [
        "Rad 2: filen ville opprette 52 vertskommuner og botilbud, men høyst 50 kan "
        "opprettes per import; rett navnene eller opprett dem først"
    ]


def test_a_clash_with_a_simultaneous_import_imports_nothing(
    place: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    from stays.models import Stay

    def clash(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Stay.objects, "bulk_create", clash)
    assert refused(HEADER + rows(2), create_missing=True) == [
        "Databasen avviste importen fordi noe ble endret samtidig; kjør importen på nytt"
    ]
