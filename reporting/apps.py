from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Rapportering: frister, milepælsrapporter, statistikk og eksport (deadlines, milestone reports, statistics, exports)."""

    name = "reporting"
    verbose_name = _("Rapportering")
