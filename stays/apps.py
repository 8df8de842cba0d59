from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaysConfig(AppConfig):
    """Opphold (stays)."""

    name = "stays"
    verbose_name = _("Opphold")
