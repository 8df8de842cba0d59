from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutinesConfig(AppConfig):
    """Rutiner (written routines) per offer and informasjon om botilbudet (the offer's sheet)."""

    name = "routines"
    verbose_name = _("Rutiner og informasjon om botilbudet")
