from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Rapportering: frister, milepælsrapporter, statistikk og eksport (deadlines, milestone reports, statistics, exports)."""

    name = "reporting"
    verbose_name = _("Rapportering")

    def ready(self) -> None:
        from reporting import history
        from stays.tabs import TabSpec, register

        history.connect()

        register(
            TabSpec(
                60,
                _("Rapporter"),
                "reporting:stay_reports",
                model="reporting.ReportedStay",
                covers=("reporting:milestone_submit",),
            )
        )
