from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    """Botilbud, boliger og plasser (offers, dwellings, places)."""

    name = "housing"
    verbose_name = _("Botilbud, boliger og plasser")
