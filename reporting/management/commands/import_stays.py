"""Import historical stays from a CSV file (columns: reporting/import_rows.py, docs/statistics.md).

    python manage.py import_stays FILE.csv [--create-missing] [--dry-run]

All rows are checked first; one error and nothing is imported, and the
command exits with status 1 and the errors on stderr. Rows must name host
municipalities and offers that exist; ``--create-missing`` creates the
missing ones and ``--dry-run`` shows what would be created and imported
without writing. Running the same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting.import_rows import ImportFailed, thousands
from reporting.importer import import_stays, max_bytes


class Command(BaseCommand):
    help = "Import historical stays from a CSV file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create host municipalities and offers the file names but the system lacks.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would be created and imported; write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as handle:
                # Refuse an oversized file before reading a byte of it; the
                # reader also counts, for files that grow or are not regular.
                if path.is_file() and path.stat().st_size > max_bytes():
                    raise ImportFailed(
                        [
                            f"Filen er større enn grensen på {thousands(max_bytes())} byte; "
                            "del den i flere filer"
                        ]
                    )
                result = import_stays(
                    handle,
                    source_name=path.name,
                    create_missing=options["create_missing"],
                    dry_run=options["dry_run"],
                )
        except OSError:
            raise CommandError(f"Kan ikke lese filen {path.name}") from None
        except ImportFailed as exc:
            for line in exc.lines():
                self.stderr.write(line)
            raise CommandError(
                f"Ingenting ble importert: {exc.total} feil. Rett filen og kjør på nytt."
            ) from None
        if result.dry_run:
            self.stdout.write("Prøvekjøring: ingenting er lagret.")
        verb = "Vil opprette" if result.dry_run else "Opprettet"
        for name in result.municipalities_created:
            self.stdout.write(f"{verb} vertskommune: {name}")
        for name in result.offers_created:
            self.stdout.write(f"{verb} botilbud: {name}")
        done = "Vil importere" if result.dry_run else "Importert"
        self.stdout.write(
            f"{done}: {result.created} opphold. Fantes fra før (uendret): {result.unchanged}."
        )
