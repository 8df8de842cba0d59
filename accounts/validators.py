"""Password rules beyond Django's bundled common-password list."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.actors import Viewer

_WORDS_FILE = Path(__file__).with_name("common_local_passwords.txt")


class LocalWordsValidator:
    """Rejects passwords built on words an attacker would try first here."""

    def __init__(self) -> None:
        self.words = [
            line.strip().lower()
            for line in _WORDS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]

    def validate(self, password: str, user: Viewer = None) -> None:
        lowered = password.lower()
        if lowered in self.words or any(
            lowered.startswith(word) and len(lowered) - len(word) < 6 for word in self.words
        ):
            raise ValidationError(
                _("Passordet er for lett å gjette. Velg en lengre setning med egne ord."),
                code="password_too_common_locally",
            )

    def get_help_text(self) -> str:
        return _("Passordet kan ikke være et vanlig norsk ord eller navnet på tjenesten.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, in Norwegian: Django 5.2 reworded the message and its Bokmål catalogue lags."""

    def get_error_message(self) -> str:
        return ngettext(
            "Passordet er for kort. Det må ha minst %(min_length)d tegn.",
            "Passordet er for kort. Det må ha minst %(min_length)d tegn.",
            self.min_length,
        ) % {"min_length": self.min_length}
