"""python manage.py demo_totp USERNAME: the demo user's current TOTP code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from accounts import demo


class Command(BaseCommand):
    help = "Prints the current one-time code of a demo user (demo mode only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.stdout.write(demo.current_totp_code(options["username"]))
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        except ObjectDoesNotExist:
            raise CommandError("Fant ingen demobruker med det brukernavnet.") from None
