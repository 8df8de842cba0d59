"""Import historical stays from a CSV file (columns: reporting/importer.py, docs/statistics.md).

    python manage.py import_stays FILE.csv

All rows are checked first; one error and nothing is imported. Running the
same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting.importer import ImportFailed, import_stays


class Command(BaseCommand):
    help = "Import historical stays from a CSV file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Kan ikke lese {path}: {exc}") from None
        try:
            result = import_stays(text, source_name=path.name)
        except ImportFailed as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(
                f"Ingenting ble importert: {len(exc.errors)} feil. Rett filen og kjør på nytt."
            ) from None
        for name in result.municipalities_created:
            self.stdout.write(f"Ny kommune: {name}")
        for name in result.offers_created:
            self.stdout.write(f"Nytt botilbud: {name}")
        self.stdout.write(
            f"Importert: {result.created} opphold. Fantes fra før (uendret): {result.unchanged}."
        )
