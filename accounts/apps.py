from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Brukere, organisasjoner og roller (users, organisations, roles)."""

    name = "accounts"
    verbose_name = _("Brukere og organisasjoner")
